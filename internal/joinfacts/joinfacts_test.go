package joinfacts_test

import (
	"testing"

	"github.com/concurlint/concurlint/internal/joinfacts"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), joinfacts.Analyzer, "a")
}
