package noreturn_test

import (
	"path/filepath"
	"testing"

	"github.com/concurlint/concurlint/internal/noreturn"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestFacts(t *testing.T) {
	testdata, _ := filepath.Abs("../../testdata")
	analysistest.Run(t, testdata, noreturn.Analyzer, "noreturn/...")
}
