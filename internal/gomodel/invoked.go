package gomodel

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Invoked records the interface methods a package calls dynamically, by
// method name, with the interface types they are called through. A method
// of the package may run from such a call only if its receiver type
// implements one of those interfaces: a method name shared with an
// unrelated interface (framer.popStreamFrame beside the queuedStream
// interface's popStreamFrame) does not make it a callback.
type Invoked map[string][]*types.Interface

// Add records c if it is an interface method call.
func (iv Invoked) Add(c *ssa.CallCommon) {
	if !c.IsInvoke() {
		return
	}
	name := c.Method.Name()
	it, _ := c.Value.Type().Underlying().(*types.Interface)
	for _, x := range iv[name] {
		if x == it {
			return
		}
	}
	iv[name] = append(iv[name], it)
}

// MayInvoke reports whether a recorded interface call may run fn, a
// method (false for functions).
func (iv Invoked) MayInvoke(fn *ssa.Function) bool {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	recv := fn.Signature.Recv()
	if recv == nil {
		return false
	}
	its := iv[fn.Name()]
	if len(its) == 0 {
		return false
	}
	t := recv.Type()
	if fn.Signature.RecvTypeParams().Len() > 0 {
		return true // generic receiver: Implements needs an instance
	}
	var alt types.Type
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr {
		alt = types.NewPointer(t)
	}
	for _, it := range its {
		if it == nil || types.Implements(t, it) || alt != nil && types.Implements(alt, it) {
			return true
		}
	}
	return false
}
