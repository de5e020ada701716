package chanmodel_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/concurlint/concurlint/internal/chanfacts"
	"github.com/concurlint/concurlint/internal/chanmodel"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
)

// dump reports, at each make(chan), a one-line rendering of the model so
// that test data can match it with // want.
var dump = &analysis.Analyzer{
	Name:     "chanmodeldump",
	Doc:      "print the channel model (test only)",
	Requires: []*analysis.Analyzer{buildssa.Analyzer, chanfacts.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		facts := pass.ResultOf[chanfacts.Analyzer].(*chanfacts.Result)
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			for _, c := range chanmodel.Build(fn, facts) {
				pass.Reportf(c.Make.Pos(), "%s", render(pass, c))
			}
		}
		return nil, nil
	},
}

func render(pass *analysis.Pass, c *chanmodel.Chan) string {
	if c.Escapes {
		return "escapes: " + c.EscapeWhy
	}
	var ops []string
	for _, o := range c.Ops {
		who := "owner"
		if o.G != nil {
			who = fmt.Sprintf("go@%d", pass.Fset.Position(o.G.Spawn.Pos()).Line)
		}
		s := fmt.Sprintf("%s@%d/%s", o.Kind, pass.Fset.Position(o.Pos).Line, who)
		if o.Deferred {
			s += "/defer"
		}
		if o.Summary {
			s += "/summary"
		}
		ops = append(ops, s)
	}
	sort.Strings(ops)
	return fmt.Sprintf("cap=%d %s", c.Cap, strings.Join(ops, " "))
}

func TestModel(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), dump, "m")
}
