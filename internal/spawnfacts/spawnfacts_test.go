package spawnfacts_test

import (
	"testing"

	"github.com/concurlint/concurlint/internal/spawnfacts"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), spawnfacts.Analyzer, "a")
}
