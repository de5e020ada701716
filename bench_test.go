package concurlint_test

import (
	"testing"

	"github.com/concurlint/concurlint"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// benchPkgs are concurrency-heavy standard-library packages: real code,
// always present, no network. The load happens once, outside the timer;
// each iteration runs the analyzers (and their SSA builds and facts) over
// the packages and all their dependencies.
var benchPkgs = []string{"net/http", "database/sql", "sync", "context", "os/exec"}

func benchAnalyzers(b *testing.B, as []*analysis.Analyzer) {
	b.Helper()
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax}, benchPkgs...)
	if err != nil {
		b.Fatal(err)
	}
	lines := 0
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, f := range p.Syntax {
			lines += p.Fset.File(f.FileStart).LineCount()
		}
	})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := checker.Analyze(as, pkgs, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(lines), "lines")
}

// BenchmarkOwn measures concurlint's own analyzers.
func BenchmarkOwn(b *testing.B) { benchAnalyzers(b, concurlint.Analyzers()) }

// BenchmarkAll measures what the binary runs (own + bundled vet passes).
func BenchmarkAll(b *testing.B) { benchAnalyzers(b, concurlint.All()) }
