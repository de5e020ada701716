package concurlint_test

// One test per analyzer: analysistest over testdata/src/<name>/, with
// RunWithSuggestedFixes (and .golden files) where the analyzer offers fixes.

import (
	"testing"

	"github.com/concurlint/concurlint/analyzers/unlock"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestUnlock(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), unlock.Analyzer, "unlock/...")
}
