package suppress

import (
	"slices"

	"golang.org/x/tools/go/analysis"
)

// Wrap returns a copy of a whose diagnostics are filtered through the
// directives, exactly as Report filters concurlint's own analyzers. It is
// meant for analyzers that report through pass.Report directly, such as the
// bundled vet passes (copylocks, lostcancel, ...), so that
// `//nolint:copylocks` works for them in the concurlint binary too.
//
// The copy keeps a's name, doc, flags, requirements, facts and result type;
// use it instead of a, never next to it (two analyzers would own a's facts).
func Wrap(a *analysis.Analyzer) *analysis.Analyzer {
	if slices.Contains(a.Requires, Analyzer) {
		return a // already reports through the directives
	}
	w := &analysis.Analyzer{
		Name:             a.Name,
		Doc:              a.Doc,
		URL:              a.URL,
		Flags:            a.Flags, // shares the flag.Values: setting -name.flag configures a
		Requires:         append(slices.Clip(a.Requires), Analyzer),
		ResultType:       a.ResultType,
		RunDespiteErrors: a.RunDespiteErrors,
		FactTypes:        a.FactTypes,
	}
	w.Run = func(pass *analysis.Pass) (any, error) {
		r, _ := pass.ResultOf[Analyzer].(*Result)
		report := pass.Report
		pass.Report = func(d analysis.Diagnostic) {
			if !r.Suppressed(a.Name, d.Pos) {
				report(d)
			}
		}
		defer func() { pass.Report = report }()
		return a.Run(pass)
	}
	return w
}
