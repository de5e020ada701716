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
	return WrapCovered(a, nil, nil)
}

// WrapCovered is Wrap, and also drops a diagnostic of a on a line where one
// of coveredBy (concurlint analyzers that report the same bug, through
// Report) has reported, so that users see one finding per site. shown
// tells, when the wrapper runs, whether a covering analyzer's findings are
// printed at all (a disabled analyzer may still run as a requirement); nil
// means always.
func WrapCovered(a *analysis.Analyzer, coveredBy []*analysis.Analyzer, shown func(name string) bool) *analysis.Analyzer {
	if slices.Contains(a.Requires, Analyzer) && len(coveredBy) == 0 {
		return a // already reports through the directives
	}
	requires := append(slices.Clip(a.Requires), Analyzer)
	for _, c := range coveredBy {
		if !slices.Contains(requires, c) {
			requires = append(requires, c) // run c first: its reports are recorded before a's
		}
	}
	w := &analysis.Analyzer{
		Name:             a.Name,
		Doc:              a.Doc,
		URL:              a.URL,
		Flags:            a.Flags, // shares the flag.Values: setting -name.flag configures a
		Requires:         requires,
		ResultType:       a.ResultType,
		RunDespiteErrors: a.RunDespiteErrors,
		FactTypes:        a.FactTypes,
	}
	w.Run = func(pass *analysis.Pass) (any, error) {
		r, _ := pass.ResultOf[Analyzer].(*Result)
		var covering []string
		for _, c := range coveredBy {
			if shown == nil || shown(c.Name) {
				covering = append(covering, c.Name)
			}
		}
		report := pass.Report
		pass.Report = func(d analysis.Diagnostic) {
			if r.Suppressed(a.Name, d.Pos) {
				return
			}
			for _, c := range covering {
				if r.ReportedOnLine(c, d.Pos) {
					return // the concurlint analyzer's finding says it already
				}
			}
			report(d)
		}
		defer func() { pass.Report = report }()
		return a.Run(pass)
	}
	return w
}
