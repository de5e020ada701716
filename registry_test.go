package concurlint_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concurlint/concurlint"
	"golang.org/x/tools/go/analysis"
)

// TestRegistry fails when a package under analyzers/ is not registered, or
// when a registered analyzer lacks documentation, a URL or test data.
func TestRegistry(t *testing.T) {
	registered := make(map[string]*analysis.Analyzer)
	for _, a := range concurlint.Analyzers() {
		if registered[a.Name] != nil {
			t.Errorf("analyzer %s registered twice", a.Name)
		}
		registered[a.Name] = a
	}
	dirs, err := os.ReadDir("analyzers")
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if d.IsDir() && registered[d.Name()] == nil {
			t.Errorf("analyzers/%s is not registered in concurlint.Analyzers (or its Analyzer.Name differs from the directory)", d.Name())
		}
	}
	for name, a := range registered {
		if _, err := os.Stat(filepath.Join("analyzers", name)); err != nil {
			t.Errorf("analyzer %s has no directory analyzers/%s", name, name)
		}
		checkDoc(t, a)
		if !strings.HasPrefix(a.URL, "https://") {
			t.Errorf("analyzer %s has no URL", name)
		}
		td := filepath.Join("testdata", "src", name)
		if fi, err := os.Stat(td); err != nil || !fi.IsDir() {
			t.Errorf("analyzer %s has no test data in %s", name, td)
		}
	}
	if err := analysis.Validate(concurlint.All()); err != nil {
		t.Errorf("analysis.Validate: %v", err)
	}
}

// checkDoc enforces the documentation layout of STYLE.md §3: a summary
// line, why it is a bug, a wrong and a right example, and how to silence it.
func checkDoc(t *testing.T, a *analysis.Analyzer) {
	t.Helper()
	summary, body, _ := strings.Cut(a.Doc, "\n")
	if summary == "" || strings.HasSuffix(summary, ".") || strings.ToLower(summary[:1]) != summary[:1] {
		t.Errorf("analyzer %s: summary line %q must be a lower-case phrase without a period", a.Name, summary)
	}
	for _, want := range []string{"# Why it is a bug", "# Example", "Wrong:", "Right:", "# Silencing", "//nolint:" + a.Name} {
		if !strings.Contains(body, want) {
			t.Errorf("analyzer %s: doc lacks %q", a.Name, want)
		}
	}
}
