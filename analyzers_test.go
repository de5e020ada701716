package concurlint_test

// One test per analyzer: analysistest over testdata/src/<name>/, with
// RunWithSuggestedFixes (and .golden files) where the analyzer offers fixes.

import (
	"testing"

	"github.com/concurlint/concurlint/analyzers/unguarded"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestUnguarded(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unguarded.Analyzer, "unguarded/...")
}
