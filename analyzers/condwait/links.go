package condwait

import (
	"go/types"
	"strings"

	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"golang.org/x/tools/go/ssa"
)

// A link says which lock a Cond field's L is: the field path from the
// struct that holds the Cond (q.notEmpty = sync.NewCond(&q.mu) links the
// notEmpty field to "mu" of the same q).
type link struct {
	path string
	ok   bool // false once two stores disagree
}

// condField returns the struct value and the field when v, the receiver of
// a Cond method, is a Cond field: x.c where c is a *sync.Cond (loaded from
// its field) or a sync.Cond stored in place.
func condField(v ssa.Value) (ssa.Value, *types.Var) {
	if u, ok := v.(*ssa.UnOp); ok && u.Op.String() == "*" {
		if fa, ok := u.X.(*ssa.FieldAddr); ok {
			return fa.X, fieldOf(fa.X.Type(), fa.Field)
		}
		return nil, nil
	}
	if fa, ok := v.(*ssa.FieldAddr); ok {
		return fa.X, fieldOf(fa.X.Type(), fa.Field)
	}
	return nil, nil
}

func fieldOf(t types.Type, i int) *types.Var {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || i < 0 || i >= st.NumFields() {
		return nil
	}
	return st.Field(i)
}

func stripIface(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.ChangeInterface:
			v = x.X
		default:
			return v
		}
	}
}

// newCondArg returns l when v is the call sync.NewCond(l).
func newCondArg(v ssa.Value) ssa.Value {
	c, ok := v.(*ssa.Call)
	if !ok || known.Call(&c.Call) != known.CondNew || len(c.Call.Args) != 1 {
		return nil
	}
	return lockArg(c.Call.Args[0])
}

// lockArg returns the lock a Cond is made with when it is a lock the
// analysis can follow (&x.mu, &mu): not the result of a call such as
// mu.RLocker(), whose Lock is the read lock.
func lockArg(v ssa.Value) ssa.Value {
	v = stripIface(v)
	if _, isCall := v.(*ssa.Call); isCall || !known.IsLockType(v.Type()) {
		return nil
	}
	return v
}

// learnLinks records, for every Cond field the package initialises, the
// path of its lock below the struct that holds both: from
// x.c = sync.NewCond(&x.mu) and x.c.L = &x.mu.
func (pc *passContext) learnLinks(funcs []*ssa.Function) {
	for _, fn := range funcs {
		var ks *lockmodel.Keys
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				fa, ok := st.Addr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				var owner, lock ssa.Value
				var f *types.Var
				if arg := newCondArg(st.Val); arg != nil {
					// x.c = sync.NewCond(&x.mu)
					owner, f, lock = fa.X, fieldOf(fa.X.Type(), fa.Field), arg
				} else if fv := fieldOf(fa.X.Type(), fa.Field); fv != nil && fv.Name() == "L" && isCond(fa.X.Type()) {
					// x.c.L = &x.mu
					owner, f = condField(fa.X)
					lock = lockArg(st.Val)
				}
				if owner == nil || f == nil || lock == nil {
					continue
				}
				if ks == nil {
					ks = lockmodel.NewKeys(fn)
				}
				ok2 := false
				var path []string
				if ok := ks.Of(owner); ok != nil {
					if lk := ks.Of(lock); lk != nil {
						path, ok2 = lk.Under(ok)
						ok2 = ok2 && len(path) > 0
					}
				}
				p := strings.Join(path, ".")
				old, seen := pc.links[f]
				switch {
				case !ok2:
					pc.links[f] = link{ok: false}
				case !seen:
					pc.links[f] = link{path: p, ok: true}
				case old.path != p:
					pc.links[f] = link{ok: false}
				}
			}
		}
	}
}

func isCond(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	return known.IsNamed(t, "sync", "Cond")
}

// lockOf returns the key, in fn's terms, of the lock that is the L of the
// Cond recv, and whether the Cond's lock is known at all: a closure's Cond
// made with sync.NewCond(&mu) by its parent has a known lock even when the
// closure does not capture mu (key nil: the closure cannot name it).
func (pc *passContext) lockOf(fn *ssa.Function, ks *lockmodel.Keys, recv ssa.Value) (*lockmodel.Key, bool) {
	if owner, f := condField(recv); f != nil {
		l, ok := pc.links[f]
		if !ok || !l.ok {
			return nil, false
		}
		k := ks.Extend(ks.Of(owner), l.path)
		return k, k != nil
	}
	if arg := newCondArg(recv); arg != nil {
		k := ks.Of(arg) // c := sync.NewCond(&mu) in this function
		return k, k != nil
	}
	loaded := false
	if u, ok := recv.(*ssa.UnOp); ok && u.Op.String() == "*" {
		recv, loaded = u.X, true
	}
	fv, ok := recv.(*ssa.FreeVar)
	if !ok {
		return nil, false
	}
	// A closure's c, bound to the parent's sync.NewCond(&mu).
	sites := gomodel.ClosureSites(fn)
	if len(sites) != 1 {
		return nil, false
	}
	frame := gomodel.Frame{Fn: fn, Bindings: sites[0].Bindings}
	outer, ok := frame.Outer(fv)
	if !ok {
		return nil, false
	}
	if loaded {
		// A captured variable lives in a cell: the Cond is the value
		// stored there once.
		outer = storedOnce(outer)
	}
	arg := newCondArg(outer)
	if arg == nil {
		return nil, false
	}
	inner := frame.Inner(arg)
	if len(inner) != 1 {
		return nil, true // known, but this closure cannot name it
	}
	return ks.Of(inner[0]), true
}

// storedOnce returns the value stored into the local cell v when exactly one
// store writes it, or nil.
func storedOnce(v ssa.Value) ssa.Value {
	a, ok := v.(*ssa.Alloc)
	if !ok || a.Referrers() == nil {
		return nil
	}
	var val ssa.Value
	for _, r := range *a.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == a {
			if val != nil {
				return nil
			}
			val = st.Val
		}
	}
	return val
}
