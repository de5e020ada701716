// Package contain contains analyzer failures and records budget hits.
//
// Install wraps the Run function of analyzers (and of everything they
// require) so that a panic becomes an analysis error naming the analyzer,
// the package and, where known, the function being analysed:
//
//	concurlint: unlock panicked on package example.com/p while analysing example.com/p.(*T).Close: index out of range [3] with length 3
//
// followed by a few frames of the panicking code. The driver then prints it
// like any other analyzer error and goes on with the other packages.
//
// Analyzers say which function they are analysing by ranging over their
// functions through Each (a one-line change at a loop head):
//
//	for _, fn := range contain.Each(pass, ssainfo.SrcFuncs) {
//
// The current function is kept per pass (the checker runs passes of
// different packages and analyzers in parallel), never in a variable shared
// between passes.
//
// Path walks that give up at a budget call Budget (with the pass) or Exhausted
// (from internal packages that have no pass). When EnableBudgetLog was
// called (concurlint -debug=budget), each hit is recorded with its analyzer,
// package, function and budget name, and BudgetHits returns them after the
// run; otherwise hitting a budget costs one atomic load and stays silent.
package contain

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/types"
	"iter"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"
)

// A slot is the state of one running pass.
type slot struct {
	analyzer string
	pkg      string
	fn       any // the function being analysed (*ssa.Function, *types.Func, *ast.FuncDecl, string...), or nil
}

var (
	// slots maps a running *analysis.Pass to its *slot.
	slots sync.Map
	// byGoroutine maps the id of the goroutine running a pass to its
	// *slot, only while budget logging is on: Exhausted, called from
	// internal packages that have no pass, finds its pass through it.
	// A pass runs its Run on one goroutine (checker and unitchecker
	// alike) and concurlint's analyzers start none.
	byGoroutine sync.Map

	installMu sync.Mutex
	installed = make(map[*analysis.Analyzer]bool)
)

// Install wraps the Run of every analyzer in as and in their Requires
// graphs, in place and once per analyzer, so that a panic in Run becomes
// an error (see the package doc). Analyzers keep their identity: results
// and facts are still keyed by the same *analysis.Analyzer.
//
// Install must be called before any of the analyzers runs (the registry
// calls it from its init).
func Install(as ...*analysis.Analyzer) {
	installMu.Lock()
	defer installMu.Unlock()
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if installed[a] {
			return
		}
		installed[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		if a.Run != nil {
			a.Run = wrap(a.Name, a.Run)
		}
	}
	for _, a := range as {
		visit(a)
	}
}

// Installed reports whether a's Run is guarded.
func Installed(a *analysis.Analyzer) bool {
	installMu.Lock()
	defer installMu.Unlock()
	return installed[a]
}

func wrap(name string, run func(*analysis.Pass) (any, error)) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (res any, err error) {
		s := &slot{analyzer: name}
		if pass.Pkg != nil {
			s.pkg = pass.Pkg.Path()
		}
		slots.Store(pass, s)
		var gid uint64
		if logging.Load() {
			gid = goid()
			byGoroutine.Store(gid, s)
		}
		defer func() {
			slots.Delete(pass)
			if gid != 0 {
				byGoroutine.Delete(gid)
			}
			if r := recover(); r != nil {
				res, err = nil, panicError(s, r, stack())
			}
		}()
		return run(pass)
	}
}

// PanicError is the error a guarded Run returns when the analyzer panicked.
type PanicError struct {
	Analyzer string
	Package  string
	Func     string // "" when unknown
	Value    any    // what was passed to panic
	Stack    string // a few frames of the panicking code, one per line
}

func (e *PanicError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "concurlint: %s panicked on package %s", e.Analyzer, e.Package)
	if e.Func != "" {
		fmt.Fprintf(&b, " while analysing %s", e.Func)
	}
	fmt.Fprintf(&b, ": %v", e.Value)
	if e.Stack != "" {
		b.WriteString("\n")
		b.WriteString(e.Stack)
	}
	return b.String()
}

func panicError(s *slot, r any, stack string) *PanicError {
	return &PanicError{Analyzer: s.analyzer, Package: s.pkg, Func: funcName(s.fn), Value: r, Stack: stack}
}

// maxFrames bounds the frames kept in a PanicError's Stack.
const maxFrames = 8

// stack returns the frames of the panicking code, innermost first, from
// the frame that panicked (the runtime's and this package's frames left
// out), at most maxFrames of them.
func stack() string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(3, pcs) // skip Callers, stack, the deferred func
	frames := runtime.CallersFrames(pcs[:n])
	var lines []string
	started := false
	for {
		f, more := frames.Next()
		if !started {
			// Frames up to and including runtime.gopanic belong to the
			// panic machinery.
			if f.Function == "runtime.gopanic" {
				started = true
			}
			if !more {
				break
			}
			continue
		}
		if strings.HasPrefix(f.Function, "runtime.") {
			if !more {
				break
			}
			continue // runtime.panicIndex and the like
		}
		if strings.HasSuffix(f.File, "/internal/contain/contain.go") {
			if strings.Contains(f.Function, ".wrap") {
				break // below is the driver, which called the analyzer's Run
			}
			continue // Each, testPanicAt
		}
		lines = append(lines, fmt.Sprintf("\t%s (%s:%d)", f.Function, shortFile(f.File), f.Line))
		if len(lines) == maxFrames || !more {
			break
		}
	}
	return strings.Join(lines, "\n")
}

// shortFile keeps the last two elements of a source path.
func shortFile(file string) string {
	i := strings.LastIndexByte(file, '/')
	if i > 0 {
		if j := strings.LastIndexByte(file[:i], '/'); j >= 0 {
			return file[j+1:]
		}
	}
	return file
}

// Each ranges over fns recording, before each iteration, that pass is
// analysing that function: a panic inside the loop body is reported as
// happening "while analysing" it. After the loop ends normally (or by
// break), the pass has no current function again. fns' elements are
// named with String (an *ssa.Function), FullName (a *types.Func), their
// Name (an *ast.FuncDecl), or as is (a string).
func Each[F any](pass *analysis.Pass, fns []F) iter.Seq2[int, F] {
	return func(yield func(int, F) bool) {
		s, _ := slots.Load(pass)
		sl, _ := s.(*slot)
		for i, fn := range fns {
			if sl != nil {
				sl.fn = fn
				if testPanic != "" {
					testPanicAt(sl)
				}
			}
			if !yield(i, fn) {
				break
			}
		}
		if sl != nil {
			sl.fn = nil
		}
		// On a panic in the loop body, the code above does not run: the
		// guard's recover still sees the function.
	}
}

// testPanic is CONCURLINT_TEST_PANIC, "analyzer:func": the tests of the
// containment (standalone and go vet routes) make that analyzer panic when
// Each reaches a function whose name ends with func.
var testPanic = os.Getenv("CONCURLINT_TEST_PANIC")

func testPanicAt(s *slot) {
	a, f, ok := strings.Cut(testPanic, ":")
	if ok && s.analyzer == a && strings.HasSuffix(funcName(s.fn), f) {
		panic("CONCURLINT_TEST_PANIC")
	}
}

// At records that pass is now analysing fn (nil: none), for loops that
// cannot go through Each.
func At(pass *analysis.Pass, fn any) {
	if s, ok := slots.Load(pass); ok {
		s.(*slot).fn = fn
	}
}

func funcName(fn any) string {
	switch fn := fn.(type) {
	case nil:
		return ""
	case string:
		return fn
	case *types.Func:
		return fn.FullName()
	case *ast.FuncDecl:
		return fn.Name.Name
	case fmt.Stringer:
		return fn.String()
	}
	return fmt.Sprint(fn)
}

// A Hit is one budget that one analyzer's walk ran out of.
type Hit struct {
	Analyzer, Package, Func, Budget string
}

var (
	logging atomic.Bool
	hitsMu  sync.Mutex
	hits    map[Hit]int // how many times each hit occurred
)

// EnableBudgetLog starts recording budget hits (concurlint -debug=budget).
// Call it before the analysis starts.
func EnableBudgetLog() {
	hitsMu.Lock()
	if hits == nil {
		hits = make(map[Hit]int)
	}
	hitsMu.Unlock()
	logging.Store(true)
}

// Budget records that pass's walk of fn ran out of the budget named name
// (nil fn: the function pass is analysing, from Each or At). It does
// nothing unless EnableBudgetLog was called.
func Budget(pass *analysis.Pass, name string, fn any) {
	if !logging.Load() {
		return
	}
	s, _ := slots.Load(pass)
	record(s, name, fn)
}

// Exhausted is Budget for code that has no pass at hand (internal
// packages): the pass is the one running on the calling goroutine.
func Exhausted(name string, fn any) {
	if !logging.Load() {
		return
	}
	s, _ := byGoroutine.Load(goid())
	record(s, name, fn)
}

func record(s any, name string, fn any) {
	h := Hit{Budget: name, Func: funcName(fn)}
	if sl, ok := s.(*slot); ok {
		h.Analyzer, h.Package = sl.analyzer, sl.pkg
		if h.Func == "" {
			h.Func = funcName(sl.fn)
		}
	}
	hitsMu.Lock()
	hits[h]++
	hitsMu.Unlock()
}

// BudgetHits returns the hits recorded so far, sorted by package,
// function, analyzer and budget, with how many times each occurred.
func BudgetHits() ([]Hit, []int) {
	hitsMu.Lock()
	defer hitsMu.Unlock()
	keys := make([]Hit, 0, len(hits))
	for h := range hits {
		keys = append(keys, h)
	}
	slices.SortFunc(keys, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(a.Package, b.Package), cmp.Compare(a.Func, b.Func),
			cmp.Compare(a.Analyzer, b.Analyzer), cmp.Compare(a.Budget, b.Budget))
	})
	counts := make([]int, len(keys))
	for i, k := range keys {
		counts[i] = hits[k]
	}
	return keys, counts
}

// goid returns the current goroutine's id (from its stack header,
// "goroutine 17 [running]:"). Only used while budget logging is on.
func goid() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return id
}
