package ordering

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/ssa"
)

// Atomic state machines: a lifecycle field moved between constant states
// with CompareAndSwap (Starting → Started by the loop that starts,
// Started → Closing by Close). A state that only one CAS can enter
// exists only once that CAS succeeded: code that runs only after a CAS out
// of that state runs after the entering one.

// A CASBranch is a branch on the outcome of a CompareAndSwap of a struct
// field between two constants.
type CASBranch struct {
	Call     *ssa.Call
	Field    *types.Var
	Old, New constant.Value
	// Swapped and Failed are the successors taken when the swap happened
	// and when it did not.
	Swapped, Failed *ssa.BasicBlock
}

// CASAt returns the CAS branch that ends block b, if any.
func CASAt(b *ssa.BasicBlock) (CASBranch, bool) {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return CASBranch{}, false
	}
	ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return CASBranch{}, false
	}
	base, pol := ssacfg.CondBase(ifi.Cond)
	call, ok := base.(*ssa.Call)
	if !ok {
		return CASBranch{}, false
	}
	field, old, nw, ok := casParts(&call.Call)
	if !ok {
		return CASBranch{}, false
	}
	br := CASBranch{Call: call, Field: field, Old: old, New: nw, Swapped: b.Succs[0], Failed: b.Succs[1]}
	if !pol {
		br.Swapped, br.Failed = br.Failed, br.Swapped
	}
	return br, true
}

// casParts decomposes atomic.CompareAndSwapInt32(&x.f, A, B) and
// x.f.CompareAndSwap(A, B) with constant A and B.
func casParts(c *ssa.CallCommon) (*types.Var, constant.Value, constant.Value, bool) {
	k, addr := known.Atomic(c)
	fn := known.Callee(c)
	if k != known.AtomicWrite || fn == nil || len(c.Args) != 3 || !isCAS(fn.Name()) {
		return nil, nil, nil, false
	}
	field := fieldVar(addr)
	old, ok1 := c.Args[1].(*ssa.Const)
	nw, ok2 := c.Args[2].(*ssa.Const)
	if field == nil || !ok1 || !ok2 || old.Value == nil || nw.Value == nil {
		return nil, nil, nil, false
	}
	return field, old.Value, nw.Value, true
}

func isCAS(name string) bool {
	return strings.HasPrefix(name, "CompareAndSwap")
}

// fieldVar returns the struct field &x.f addresses.
func fieldVar(addr ssa.Value) *types.Var {
	fa, ok := addr.(*ssa.FieldAddr)
	if !ok {
		return nil
	}
	p, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return nil
	}
	return st.Field(fa.Field)
}

// OnlyEntry reports whether br's CAS is the one operation of fns that can
// put its field into state br.New: no other CAS or Swap to it, no atomic
// or plain store of it (a store of a value that is not a constant counts),
// and the field is unexported, so no other package can.
func OnlyEntry(fns []*ssa.Function, br CASBranch) bool {
	if br.Field.Exported() {
		return false
	}
	sets := func(v ssa.Value) bool {
		k, ok := v.(*ssa.Const)
		return !ok || k.Value == nil || constant.Compare(k.Value, token.EQL, br.New)
	}
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				switch in := in.(type) {
				case *ssa.Store:
					if fieldVar(in.Addr) == br.Field && sets(in.Val) {
						return false
					}
				case ssa.CallInstruction:
					if in == ssa.CallInstruction(br.Call) {
						continue
					}
					c := in.Common()
					k, addr := known.Atomic(c)
					if k != known.AtomicWrite || fieldVar(addr) != br.Field {
						if k == known.NotAtomic {
							for _, a := range c.Args {
								if fieldVar(a) == br.Field {
									return false // &x.f handed to other code
								}
							}
						}
						continue
					}
					fn := known.Callee(c)
					switch {
					case fn != nil && isCAS(fn.Name()) && len(c.Args) == 3:
						if sets(c.Args[2]) {
							return false
						}
					case len(c.Args) == 2 && fn != nil && (strings.HasPrefix(fn.Name(), "Store") || strings.HasPrefix(fn.Name(), "Swap")):
						if sets(c.Args[1]) {
							return false
						}
					default:
						return false // Add, And, Or: any value
					}
				}
			}
		}
	}
	return true
}

// GatedBy reports whether instr runs only after a CAS of br's field out of
// state br.New succeeded in its function: the Swapped successor of such a
// branch dominates it.
func GatedBy(instr ssa.Instruction, br CASBranch) bool {
	for _, b := range instr.Parent().Blocks {
		g, ok := CASAt(b)
		if !ok || g.Field != br.Field || !constant.Compare(g.Old, token.EQL, br.New) {
			continue
		}
		if len(g.Swapped.Preds) == 1 && g.Swapped.Dominates(instr.Block()) {
			return true
		}
	}
	return false
}
