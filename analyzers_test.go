package concurlint_test

// One test per analyzer: analysistest over testdata/src/<name>/, with
// RunWithSuggestedFixes (and .golden files) where the analyzer offers fixes.

import (
	"testing"

	"github.com/concurlint/concurlint/analyzers/missingjoin"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestMissingjoin(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), missingjoin.Analyzer, "missingjoin/...")
}
