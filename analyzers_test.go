package concurlint_test

// One test per analyzer: analysistest over testdata/src/<name>/, with
// RunWithSuggestedFixes (and .golden files) where the analyzer offers fixes.

import (
	"testing"

	"github.com/concurlint/concurlint/analyzers/missingjoin"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestMissingjoin(t *testing.T) {
	dir := analysistest.TestData()
	analysistest.RunWithSuggestedFixes(t, dir, missingjoin.Analyzer,
		"missingjoin/addgo", "missingjoin/done", "missingjoin/count", "missingjoin/reads",
		"missingjoin/lifecycle", "missingjoin/waits", "missingjoin/copies", "missingjoin/use",
		"missingjoin/odd")
	// The wg.Go suggestion is behind a flag; its version cases live apart.
	if err := missingjoin.Analyzer.Flags.Set("suggestgo", "true"); err != nil {
		t.Fatal(err)
	}
	defer missingjoin.Analyzer.Flags.Set("suggestgo", "false")
	analysistest.RunWithSuggestedFixes(t, dir, missingjoin.Analyzer, "missingjoin/version/...")
}
