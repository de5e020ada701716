package publish_test

import (
	"testing"

	"github.com/concurlint/concurlint/internal/publish"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// dump reports, at each call probe(x), whether the object x is still
// private to its goroutine there ("private") or may be reached by another
// ("published"), and at each call setup(x) whether x's function is
// initialising it (before it creates x's lock); and at each function only
// run as a value in an unknown context, "unknown entry".
var dump = &analysis.Analyzer{
	Name:     "publishdump",
	Doc:      "print the publication model (test only)",
	Requires: []*analysis.Analyzer{buildssa.Analyzer, publish.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[publish.Analyzer].(*publish.Result)
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			if res.UnknownEntry(fn) {
				pass.Reportf(fn.Pos(), "unknown entry")
			}
			for _, b := range fn.Blocks {
				for _, in := range b.Instrs {
					c, ok := in.(*ssa.Call)
					if !ok || c.Call.StaticCallee() == nil || len(c.Call.Args) != 1 {
						continue
					}
					switch c.Call.StaticCallee().Name() {
					case "probe":
						state := "published"
						if res.PrivateAt(c.Call.Args[0], c) {
							state = "private"
						}
						pass.Reportf(c.Pos(), "%s", state)
					case "setup":
						pass.Reportf(c.Pos(), "initialising: %v", publish.Initialising(c.Call.Args[0], c))
					}
				}
			}
		}
		return nil, nil
	},
}

func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), publish.Analyzer, "facts")
}

func TestModel(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), dump, "p")
}
