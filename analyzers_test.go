package concurlint_test

// One test per analyzer: analysistest over testdata/src/<name>/, with
// RunWithSuggestedFixes (and .golden files) where the analyzer offers fixes.

import (
	"testing"

	"github.com/concurlint/concurlint/analyzers/chanmisuse"
	"github.com/concurlint/concurlint/analyzers/condwait"
	"github.com/concurlint/concurlint/analyzers/deadlock"
	"github.com/concurlint/concurlint/analyzers/fanout"
	"github.com/concurlint/concurlint/analyzers/goroutineleak"
	"github.com/concurlint/concurlint/analyzers/missingjoin"
	"github.com/concurlint/concurlint/analyzers/unguarded"
	"github.com/concurlint/concurlint/analyzers/unlock"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestUnlock(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), unlock.Analyzer, "unlock/...")
}

func TestGoroutineLeak(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), goroutineleak.Analyzer, "goroutineleak/...")
}

func TestMissingjoin(t *testing.T) {
	dir := analysistest.TestData()
	analysistest.RunWithSuggestedFixes(t, dir, missingjoin.Analyzer,
		"missingjoin/addgo", "missingjoin/done", "missingjoin/count", "missingjoin/reads",
		"missingjoin/lifecycle", "missingjoin/waits", "missingjoin/copies", "missingjoin/use",
		"missingjoin/odd", "missingjoin/queue")
	// The wg.Go suggestion is behind a flag; its version cases live apart.
	if err := missingjoin.Analyzer.Flags.Set("suggestgo", "true"); err != nil {
		t.Fatal(err)
	}
	defer missingjoin.Analyzer.Flags.Set("suggestgo", "false")
	analysistest.RunWithSuggestedFixes(t, dir, missingjoin.Analyzer, "missingjoin/version/...")
}

func TestUnguarded(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), unguarded.Analyzer, "unguarded/...")
}

func TestChanmisuse(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chanmisuse.Analyzer, "chanmisuse/...")
}

func TestDeadlock(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), deadlock.Analyzer, "deadlock/...")
}

func TestCondwait(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), condwait.Analyzer, "condwait/...")
}

func TestFanout(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), fanout.Analyzer, "fanout/...")
}
