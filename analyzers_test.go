package concurlint_test

import (
	"testing"

	"github.com/concurlint/concurlint"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestAnalyzers runs analysistest over testdata/src/<name>/... for every
// registered analyzer, with suggested fixes checked against .golden files
// wherever a fix is offered. Run one with go test -run TestAnalyzers/<name>.
func TestAnalyzers(t *testing.T) {
	for _, a := range concurlint.Analyzers() {
		t.Run(a.Name, func(t *testing.T) {
			analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), a, a.Name+"/...")
		})
	}
}
