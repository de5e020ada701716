package ssacfg

import (
	"go/constant"
	"go/token"

	"github.com/concurlint/concurlint/internal/gomodel"
	"golang.org/x/tools/go/ssa"
)

// OnRecoveredPanic reports whether instr runs only after a panic was
// recovered: it is in a function deferred by its parent (defer func() {
// if r := recover(); r != nil { … } }()), on the branch where recover
// returned non-nil.
func OnRecoveredPanic(instr ssa.Instruction) bool {
	fn := instr.Parent()
	parent := fn.Parent()
	if parent == nil {
		return false
	}
	deferred := false
	for _, b := range parent.Blocks {
		for _, in := range b.Instrs {
			if d, ok := in.(*ssa.Defer); ok {
				if mc, ok := d.Call.Value.(*ssa.MakeClosure); ok && mc.Fn == fn {
					deferred = true
				}
			}
		}
	}
	if !deferred {
		return false
	}
	for _, b := range fn.Blocks {
		x, taken, _, ok := NilTest(b)
		if !ok || !isRecover(x) {
			continue
		}
		if len(taken.Preds) == 1 && taken.Dominates(instr.Block()) {
			return true // r != nil
		}
	}
	// defer func() { if !done { … } }() with done = true as the parent's
	// last act: the block runs only when the parent did not get there
	// (a panic, runtime.Goexit).
	for _, b := range fn.Blocks {
		ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		// SSA writes `if !done` either as a negation or as `if done`
		// with the branches swapped.
		base, pol := CondBase(ifi.Cond)
		load, ok := base.(*ssa.UnOp)
		if !ok || load.Op != token.MUL {
			continue
		}
		fv, ok := load.X.(*ssa.FreeVar)
		if !ok || !setLast(fv) {
			continue
		}
		taken := b.Succs[1] // done false
		if !pol {
			taken = b.Succs[0]
		}
		if len(taken.Preds) == 1 && taken.Dominates(instr.Block()) {
			return true
		}
	}
	return false
}

// setLast reports whether the cell the closure's free variable fv captures
// is set to true in the closure's parent only as a last act (Final), and
// to nothing else but false.
func setLast(fv *ssa.FreeVar) bool {
	parent := fv.Parent().Parent()
	cell := gomodel.BoundOnce(fv)
	if cell == nil || parent == nil {
		return false
	}
	setTrue := false
	for _, b := range parent.Blocks {
		for _, in := range b.Instrs {
			st, ok := in.(*ssa.Store)
			if !ok || st.Addr != cell {
				continue
			}
			k, ok := st.Val.(*ssa.Const)
			if !ok || k.Value == nil || k.Value.Kind() != constant.Bool {
				return false
			}
			if constant.BoolVal(k.Value) {
				if !Final(st) {
					return false
				}
				setTrue = true
			}
		}
	}
	return setTrue
}

// NilTest decomposes a block ending in `if x != nil` (or x == nil) into
// x and the successors taken when x is not nil and when it is.
func NilTest(b *ssa.BasicBlock) (x ssa.Value, nonNil, isNil *ssa.BasicBlock, ok bool) {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return nil, nil, nil, false
	}
	ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return nil, nil, nil, false
	}
	bin, ok := ifi.Cond.(*ssa.BinOp)
	if !ok || bin.Op != token.NEQ && bin.Op != token.EQL {
		return nil, nil, nil, false
	}
	x, y := bin.X, bin.Y
	if k, isConst := x.(*ssa.Const); isConst && k.IsNil() {
		x, y = y, x
	}
	if k, isConst := y.(*ssa.Const); !isConst || !k.IsNil() {
		return nil, nil, nil, false
	}
	nonNil, isNil = b.Succs[0], b.Succs[1]
	if bin.Op == token.EQL {
		nonNil, isNil = isNil, nonNil
	}
	return x, nonNil, isNil, true
}

func isRecover(v ssa.Value) bool {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	c, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	b, ok := c.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "recover"
}

// Final reports whether nothing that can panic or block runs after instr
// in its function: every path from it reaches a return through jumps,
// phis and the deferred calls' run only.
func Final(instr ssa.Instruction) bool {
	return !AnyAfter(instr, func(in ssa.Instruction) bool {
		switch in := in.(type) {
		case *ssa.Return, *ssa.RunDefers, *ssa.Jump, *ssa.Phi, *ssa.DebugRef:
			return false
		case *ssa.Store:
			// done = true: a constant into a local variable's cell.
			_, isConst := in.Val.(*ssa.Const)
			_, isCell := in.Addr.(*ssa.Alloc)
			return !isConst || !isCell
		}
		return true
	})
}

// AnyAfter reports whether an instruction for which pred holds can run
// after instr in its function: later in instr's block, or in a block
// reachable from it (instr's own block included when a loop leads back).
func AnyAfter(instr ssa.Instruction, pred func(ssa.Instruction) bool) bool {
	b := instr.Block()
	after := false
	for _, in := range b.Instrs {
		if after && pred(in) {
			return true
		}
		if in == instr {
			after = true
		}
	}
	seen := make(map[*ssa.BasicBlock]bool)
	stack := append([]*ssa.BasicBlock(nil), b.Succs...)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		for _, in := range x.Instrs {
			if pred(in) {
				return true
			}
		}
		stack = append(stack, x.Succs...)
	}
	return false
}
