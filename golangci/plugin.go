// Package golangci registers concurlint's analyzers as golangci-lint v2
// module plugins, one linter per analyzer, named after it: `unlock`,
// `goroutineleak`, ... and the bundled vet passes (`copylocks`,
// `lostcancel`, `waitgroup`, `atomic`, `testinggoroutine`; golangci-lint's
// govet runs those too, so enable them in one place only). Because each
// analyzer is its own linter, `//nolint:unlock`, `linters.enable` and
// per-linter settings address analyzers one by one.
//
// It lives in its own module so that importing concurlint never pulls in
// golangci-lint's dependencies. See docs/integrations.md for
// .custom-gcl.yml and the `golangci-lint custom` build.
package golangci

import (
	"flag"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/concurlint/concurlint"
	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
)

func init() {
	for _, a := range concurlint.All() {
		register.Plugin(a.Name, func(conf any) (register.LinterPlugin, error) {
			return newPlugin(a, conf)
		})
	}
}

// plugin is one analyzer seen as a golangci-lint linter.
type plugin struct {
	analyzer *analysis.Analyzer
}

// newPlugin applies the linter's settings (linters.settings.custom.NAME.settings)
// to the analyzer's flags: each key is a flag name as in
// `concurlint help NAME` (without the NAME. prefix), each value a string,
// number or bool. Unknown keys are an error naming the known ones.
func newPlugin(a *analysis.Analyzer, conf any) (*plugin, error) {
	settings, err := register.DecodeSettings[map[string]any](conf)
	if err != nil {
		return nil, fmt.Errorf("concurlint linter %s: %w", a.Name, err)
	}
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys) // report the first bad key deterministically
	for _, k := range keys {
		f := a.Flags.Lookup(k)
		if f == nil {
			return nil, fmt.Errorf("concurlint linter %s: unknown setting %q (%s)", a.Name, k, knownSettings(a))
		}
		v := settings[k]
		var s string
		switch v := v.(type) {
		case string:
			s = v
		case bool, float64:
			s = fmt.Sprint(v)
		case []any:
			parts := make([]string, len(v))
			for i, p := range v {
				parts[i] = fmt.Sprint(p)
			}
			s = strings.Join(parts, ",")
		default:
			return nil, fmt.Errorf("concurlint linter %s: setting %q: want a string, number, bool or list, got %T", a.Name, k, v)
		}
		if err := f.Value.Set(s); err != nil {
			return nil, fmt.Errorf("concurlint linter %s: setting %q: %v", a.Name, k, err)
		}
	}
	return &plugin{analyzer: a}, nil
}

func knownSettings(a *analysis.Analyzer) string {
	var names []string
	a.Flags.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) == 0 {
		return "it has no settings"
	}
	slices.Sort(names)
	return "known: " + strings.Join(names, ", ")
}

func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{p.analyzer}, nil
}

// GetLoadMode asks for type information: every concurlint analyzer needs it.
func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
