package contain

import (
	"errors"
	"go/types"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func pass(name, path string) *analysis.Pass {
	return &analysis.Pass{Analyzer: &analysis.Analyzer{Name: name}, Pkg: types.NewPackage(path, "p")}
}

func TestPanicBecomesError(t *testing.T) {
	req := &analysis.Analyzer{Name: "req", Doc: "req", Run: func(*analysis.Pass) (any, error) { panic("in req") }}
	a := &analysis.Analyzer{Name: "boom", Doc: "boom", Requires: []*analysis.Analyzer{req}}
	a.Run = func(p *analysis.Pass) (any, error) {
		for _, fn := range Each(p, []string{"p.F", "p.G"}) {
			if fn == "p.G" {
				var s []int
				_ = s[len(fn)] // index out of range
			}
		}
		return nil, nil
	}
	Install(a)
	Install(a) // idempotent: wrapped once
	if !Installed(a) || !Installed(req) {
		t.Fatal("Install left a or its requirement unwrapped")
	}
	_, err := a.Run(pass("boom", "example.com/p"))
	var pe *PanicError
	if !errors.As(err, &pe) {
		t.Fatalf("Run returned %v, want a *PanicError", err)
	}
	want := "concurlint: boom panicked on package example.com/p while analysing p.G: runtime error: index out of range [3] with length 0"
	if got := strings.SplitN(err.Error(), "\n", 2)[0]; got != want {
		t.Errorf("error = %q\nwant    %q", got, want)
	}
	if !strings.Contains(pe.Stack, "contain_test.go:") || strings.Contains(pe.Stack, "runtime.") || strings.Contains(pe.Stack, "contain.go") {
		t.Errorf("stack should hold the panicking frame only, got:\n%s", pe.Stack)
	}
	if strings.Count(err.Error(), "\n") > maxFrames {
		t.Errorf("stack longer than %d frames:\n%s", maxFrames, err)
	}

	// A panic outside any Each loop names no function.
	_, err = req.Run(pass("req", "example.com/q"))
	if got := strings.SplitN(err.Error(), "\n", 2)[0]; got != "concurlint: req panicked on package example.com/q: in req" {
		t.Errorf("error = %q", got)
	}
}

// After the loop, the pass has no current function: a later panic does not
// blame the last function the loop saw.
func TestEachClears(t *testing.T) {
	a := &analysis.Analyzer{Name: "late", Doc: "late"}
	a.Run = func(p *analysis.Pass) (any, error) {
		for range Each(p, []string{"p.F"}) {
		}
		for _, fn := range Each(p, []string{"p.G", "p.H"}) {
			if fn == "p.G" {
				break
			}
		}
		panic("after the loops")
	}
	Install(a)
	_, err := a.Run(pass("late", "p"))
	if err == nil || strings.Contains(err.Error(), "while analysing") {
		t.Errorf("error = %v, want one naming no function", err)
	}
}

func TestBudgetHits(t *testing.T) {
	EnableBudgetLog()
	a := &analysis.Analyzer{Name: "walker", Doc: "walker"}
	a.Run = func(p *analysis.Pass) (any, error) {
		for _, fn := range Each(p, []string{"p.Long", "p.Short"}) {
			if fn == "p.Long" {
				Budget(p, "walker.paths", nil)
				Exhausted("internal.states", nil)   // no pass: found by goroutine
				Exhausted("internal.states", "p.X") // explicit function
			}
		}
		return nil, nil
	}
	Install(a)
	var wg sync.WaitGroup
	for _, path := range []string{"example.com/a", "example.com/b"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.Run(pass("walker", path))
		}()
	}
	wg.Wait()
	hits, counts := BudgetHits()
	var got []string
	for i, h := range hits {
		if h.Analyzer != "walker" {
			continue // other tests' hits
		}
		got = append(got, strings.Join([]string{h.Package, h.Func, h.Budget}, " ")+strings.Repeat("+", counts[i]-1))
	}
	want := []string{
		"example.com/a p.Long internal.states",
		"example.com/a p.Long walker.paths",
		"example.com/a p.X internal.states",
		"example.com/b p.Long internal.states",
		"example.com/b p.Long walker.paths",
		"example.com/b p.X internal.states",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("hits:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
