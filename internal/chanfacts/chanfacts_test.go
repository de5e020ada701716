package chanfacts_test

import (
	"testing"

	"github.com/concurlint/concurlint/internal/chanfacts"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chanfacts.Analyzer, "a", "b")
}
