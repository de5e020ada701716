package suppress_test

import (
	"go/ast"
	"testing"

	"github.com/concurlint/concurlint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// vetlike reports calls to "hit" and "vetonly" straight through pass.Report,
// as the bundled vet passes do.
var vetlike = &analysis.Analyzer{
	Name: "vetlike",
	Doc:  "report calls to hit and vetonly without the directives",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && (id.Name == "hit" || id.Name == "vetonly") {
						pass.Reportf(call.Pos(), "vet: %s called", id.Name)
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

// TestWrap: the wrapped pass honours the directives.
func TestWrap(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), suppress.Wrap(vetlike), "wrapped/directives")
}

// TestWrapCovered: the wrapped pass stays silent where probe (the
// concurlint analyzer covering it) reported, and only there.
func TestWrapCovered(t *testing.T) {
	w := suppress.WrapCovered(vetlike, []*analysis.Analyzer{probe}, nil)
	analysistest.Run(t, analysistest.TestData(), w, "wrapped/covered")

	// When probe's findings are not shown, the vet finding must stay.
	hidden := suppress.WrapCovered(vetlike, []*analysis.Analyzer{probe}, func(string) bool { return false })
	analysistest.Run(t, analysistest.TestData(), hidden, "wrapped/hidden")
}
