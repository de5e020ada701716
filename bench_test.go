package concurlint_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// synthSource returns a package of nfuncs ordinary functions and one long
// function of about stmts statement groups: lock/unlock pairs under
// branches (some on the same condition, which the lock walk tracks),
// channel sends, receives and selects, goroutines, loops, a WaitGroup and
// a deferred unlock. Quadratic behaviour in a function's size shows when
// the long function's share of the time grows faster than its size.
func synthSource(stmts, nfuncs int) string {
	var b strings.Builder
	b.WriteString(`package synth

import (
	"context"
	"sync"
)

type S struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	n     int
	m     map[int]int
	ch    chan int
	done  chan struct{}
	flags [8]bool
}

func (s *S) get(k int) int {
	s.rw.RLock()
	defer s.rw.RUnlock()
	return s.m[k]
}

`)
	for f := range nfuncs {
		fmt.Fprintf(&b, `func (s *S) F%d(ctx context.Context, x int) int {
	s.mu.Lock()
	if x > %d {
		s.mu.Unlock()
		return s.get(x)
	}
	s.n += x
	s.mu.Unlock()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case s.ch <- x:
		case <-ctx.Done():
		}
	}()
	wg.Wait()
	return x
}

`, f, f)
	}
	b.WriteString("func (s *S) Long(ctx context.Context, xs []int) int {\n\tt := 0\n\tvar wg sync.WaitGroup\n")
	for i := range stmts {
		switch i % 8 {
		case 0:
			fmt.Fprintf(&b, "\tif xs[%d] > t {\n\t\ts.mu.Lock()\n\t\ts.n++\n\t\ts.mu.Unlock()\n\t}\n", i%16)
		case 1:
			fmt.Fprintf(&b, "\tif s.flags[%d] {\n\t\ts.mu.Lock()\n\t}\n\tt += %d\n\tif s.flags[%d] {\n\t\ts.mu.Unlock()\n\t}\n", i%8, i, i%8)
		case 2:
			fmt.Fprintf(&b, "\tselect {\n\tcase v := <-s.ch:\n\t\tt += v\n\tcase <-ctx.Done():\n\t\treturn t\n\tdefault:\n\t}\n")
		case 3:
			fmt.Fprintf(&b, "\twg.Add(1)\n\tgo func(v int) {\n\t\tdefer wg.Done()\n\t\ts.mu.Lock()\n\t\ts.m[v] = v\n\t\ts.mu.Unlock()\n\t}(%d)\n", i)
		case 4:
			fmt.Fprintf(&b, "\tfor j := 0; j < len(xs); j++ {\n\t\tif xs[j] == %d {\n\t\t\tbreak\n\t\t}\n\t\tt += s.get(j)\n\t}\n", i)
		case 5:
			fmt.Fprintf(&b, "\ts.rw.RLock()\n\tif v, ok := s.m[%d]; ok {\n\t\tt += v\n\t}\n\ts.rw.RUnlock()\n", i)
		case 6:
			fmt.Fprintf(&b, "\tif t > %d {\n\t\tselect {\n\t\tcase s.ch <- t:\n\t\tcase <-s.done:\n\t\t}\n\t}\n", i)
		case 7:
			fmt.Fprintf(&b, "\tswitch xs[%d] {\n\tcase 1:\n\t\tt++\n\tcase 2:\n\t\tt--\n\tdefault:\n\t\tt = s.F%d(ctx, t)\n\t}\n", i%16, i%max(nfuncs, 1))
		}
	}
	b.WriteString("\twg.Wait()\n\treturn t\n}\n")
	return b.String()
}

// loadSynth writes synthSource to a temporary module and loads it.
func loadSynth(b *testing.B, stmts, nfuncs int) ([]*packages.Package, int) {
	b.Helper()
	dir := b.TempDir()
	src := synthSource(stmts, nfuncs)
	for name, data := range map[string]string{
		"go.mod":   "module example.com/synth\n\ngo 1.22\n",
		"synth.go": src,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		b.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		b.Fatal("synthetic package does not compile")
	}
	return pkgs, strings.Count(src, "\n")
}

// BenchmarkLongFunctions runs each analyzer, and all of them, over a
// synthetic package with one very long function and many short ones, at
// three sizes (statement groups in the long function, short functions):
// time per line that grows with the size is super-linear behaviour.
// Dependencies (context, sync) are analysed for facts too.
//
//	go test -run='^$' -bench=LongFunctions -benchtime=1x .
func BenchmarkLongFunctions(b *testing.B) {
	sizes := []struct{ stmts, funcs int }{{500, 100}, {1000, 200}, {2000, 400}}
	type entry struct {
		name string
		as   []*analysis.Analyzer
	}
	var entries []entry
	for _, a := range concurlint.Analyzers() {
		entries = append(entries, entry{a.Name, []*analysis.Analyzer{a}})
	}
	entries = append(entries, entry{"all", concurlint.All()})
	for _, size := range sizes {
		pkgs, lines := loadSynth(b, size.stmts, size.funcs)
		for _, e := range entries {
			b.Run(fmt.Sprintf("%s/stmts=%d", e.name, size.stmts), func(b *testing.B) {
				for b.Loop() {
					g, err := checker.Analyze(e.as, pkgs, nil)
					if err != nil {
						b.Fatal(err)
					}
					for act := range g.All() {
						if act.Err != nil {
							b.Fatalf("%s: %v", act, act.Err)
						}
					}
				}
				b.ReportMetric(float64(lines), "lines")
			})
		}
	}
}
