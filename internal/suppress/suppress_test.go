package suppress_test

import (
	"go/ast"
	"testing"

	"github.com/concurlint/concurlint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// probe reports every call to a function named "hit" through suppress.Report.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report calls to hit",
	Requires: []*analysis.Analyzer{suppress.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "hit" {
						suppress.Reportf(pass, call.Pos(), "hit called")
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestSuppress(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), probe, "p", "gen", "fileignore")
}
