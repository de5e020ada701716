package golangci

import (
	"strings"
	"testing"

	"github.com/concurlint/concurlint"
	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
)

func TestRegistered(t *testing.T) {
	for _, a := range concurlint.All() {
		newFn, err := register.GetPlugin(a.Name)
		if err != nil {
			t.Fatalf("analyzer %s: %v", a.Name, err)
		}
		p, err := newFn(nil)
		if err != nil {
			t.Fatalf("%s with no settings: %v", a.Name, err)
		}
		as, err := p.BuildAnalyzers()
		if err != nil || len(as) != 1 || as[0] != a {
			t.Errorf("%s: BuildAnalyzers = %v, %v; want exactly the analyzer", a.Name, as, err)
		}
		if p.GetLoadMode() != register.LoadModeTypesInfo {
			t.Errorf("%s: load mode %q", a.Name, p.GetLoadMode())
		}
	}
}

func TestSettings(t *testing.T) {
	a := &analysis.Analyzer{Name: "demo", Doc: "demo", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	max := a.Flags.Int("max", 3, "a limit")
	strict := a.Flags.Bool("strict", false, "be strict")
	names := a.Flags.String("names", "", "comma-separated names")

	// golangci-lint hands over the YAML mapping as map[string]any.
	if _, err := newPlugin(a, map[string]any{"max": 10, "strict": true, "names": []any{"a", "b"}}); err != nil {
		t.Fatal(err)
	}
	if *max != 10 || !*strict || *names != "a,b" {
		t.Errorf("settings not applied: max=%d strict=%v names=%q", *max, *strict, *names)
	}
	_, err := newPlugin(a, map[string]any{"maxx": 1})
	if err == nil || !strings.Contains(err.Error(), `unknown setting "maxx"`) || !strings.Contains(err.Error(), "known: max, names, strict") {
		t.Errorf("unknown key: err = %v, want it to name the key and the known ones", err)
	}
	if _, err := newPlugin(a, map[string]any{"max": "many"}); err == nil {
		t.Error("bad value accepted")
	}
	b := &analysis.Analyzer{Name: "plain", Doc: "plain"}
	if _, err := newPlugin(b, map[string]any{"x": 1}); err == nil || !strings.Contains(err.Error(), "has no settings") {
		t.Errorf("analyzer without flags: err = %v", err)
	}
}
