package lockorder_test

import (
	"path/filepath"
	"testing"

	"github.com/concurlint/concurlint/internal/lockorder"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestFacts(t *testing.T) {
	testdata, _ := filepath.Abs("../../testdata")
	analysistest.Run(t, testdata, lockorder.Analyzer, "lockorder/...")
}
