package lockmodel_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

const keySrc = `package p

import "sync"

type inner struct{ mu sync.Mutex }

type S struct {
	mu     sync.Mutex
	in     inner
	shards []*inner
}

type T struct{ mu sync.Mutex }

func f(s *S, t *T, i int) {
	s.mu.Lock()
	s.in.mu.Lock()
	s.shards[i].mu.Lock()
	for _, sh := range s.shards {
		sh.mu.Lock()
	}
	t.mu.Lock()
	x := &T{}
	x.mu.Lock()
}
`

// lockKeys returns the keys of f's Lock calls, in order.
func lockKeys(t *testing.T) (*ssa.Function, *lockmodel.Keys, []*lockmodel.Key) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", keySrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset, types.NewPackage("p", ""), []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Skip("cannot build:", err)
	}
	fn := pkg.Func("f")
	ks := lockmodel.NewKeys(fn)
	var keys []*lockmodel.Key
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok && known.Call(c.Common()) == known.Lock {
				keys = append(keys, ks.Of(c.Call.Args[0]))
			}
		}
	}
	return fn, ks, keys
}

func TestKeys(t *testing.T) {
	fn, ks, keys := lockKeys(t)
	if len(keys) != 6 {
		t.Fatalf("%d Lock calls, want 6", len(keys))
	}
	// Order of Lock calls in SSA follows the blocks: find keys by display.
	by := make(map[string]*lockmodel.Key)
	for _, k := range keys {
		if k == nil {
			t.Fatalf("a Lock call has no key")
		}
		by[k.Display] = k
	}
	for _, d := range []string{"s.mu", "s.in.mu", "s.shards[i].mu", "sh.mu", "t.mu", "x.mu"} {
		if by[d] == nil {
			t.Errorf("no key displayed %q; have %v", d, keys)
		}
	}
	s, sIn, elem, sh, tk := by["s.mu"], by["s.in.mu"], by["s.shards[i].mu"], by["sh.mu"], by["t.mu"]

	// Root, path, parameters.
	sRoot := ks.Of(fn.Params[0])
	if p, ok := s.Param(fn); !ok || p != 0 {
		t.Errorf("s.mu.Param = %d,%v, want 0,true", p, ok)
	}
	if p, ok := tk.Param(fn); !ok || p != 1 {
		t.Errorf("t.mu.Param = %d,%v, want 1,true", p, ok)
	}
	if _, ok := by["x.mu"].Param(fn); ok {
		t.Errorf("x.mu rooted at a parameter")
	}
	if !sRoot.IsRoot() || s.IsRoot() {
		t.Errorf("IsRoot: s=%v s.mu=%v", sRoot.IsRoot(), s.IsRoot())
	}
	if got := sIn.PathString(); got != "in.mu" {
		t.Errorf("PathString(s.in.mu) = %q", got)
	}
	if path, ok := sIn.Under(sRoot); !ok || len(path) != 2 || path[0] != "in" {
		t.Errorf("s.in.mu.Under(s) = %v,%v", path, ok)
	}
	if _, ok := tk.Under(sRoot); ok {
		t.Errorf("t.mu is under s")
	}
	// Same, Extend, SameClass.
	if !sRoot.Extend("in", "mu").Same(sIn) || sRoot.Extend("mu").Same(sIn) {
		t.Errorf("Extend/Same disagree")
	}
	if !ks.Extend(sRoot, "in.mu").Same(sIn) {
		t.Errorf("Keys.Extend(s, in.mu) != s.in.mu")
	}
	if s.SameClass(tk) || !s.SameClass(sRoot.Field("mu")) {
		t.Errorf("SameClass: (S).mu vs (T).mu must differ, (S).mu with itself must match")
	}
	// OwnerClass: by the struct holding the lock, not the root.
	for _, c := range []struct {
		k    *lockmodel.Key
		want string
	}{{s, "(p.S).mu"}, {sIn, "(p.inner).mu"}, {tk, "(p.T).mu"}, {sRoot, ""}} {
		if got := c.k.OwnerClass(); got != c.want {
			t.Errorf("OwnerClass(%s) = %q, want %q", c.k.Display, got, c.want)
		}
	}
	if sIn.Class == sIn.OwnerClass() {
		t.Errorf("s.in.mu: Class %q should name the root, OwnerClass the holder", sIn.Class)
	}
	// Elements: an index value, loop-variant for the range element.
	if len(elem.Elems()) != 1 || len(s.Elems()) != 0 {
		t.Errorf("Elems: s.shards[i].mu=%d s.mu=%d", len(elem.Elems()), len(s.Elems()))
	}
	if _, isParam := elem.Elems()[0].(*ssa.Parameter); !isParam {
		t.Errorf("s.shards[i]'s index is %T, want the parameter i", elem.Elems()[0])
	}
	if len(sh.Elems()) != 1 || sh.Same(elem) {
		t.Errorf("range element: Elems=%d, same as s.shards[i]: %v", len(sh.Elems()), sh.Same(elem))
	}
}
