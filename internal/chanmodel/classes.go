package chanmodel

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/concurlint/concurlint/internal/lockmodel"
	"golang.org/x/tools/go/ssa"
)

// A Class is every channel stored in one unexported struct field of a named
// type of the package ("the results field of any *Hub"), or in one
// unexported package variable, with every operation the package performs on
// a value loaded from it. Classes answer the package-wide questions a make
// site cannot: does anything receive from s.results at all?
type Class struct {
	// Name is the class as lockmodel keys name it: "(pkg.Hub).results",
	// "pkg.events" (plus "@name" for package variables, see KeyClass).
	Name string
	// Display renders the field as the source writes it at its first op.
	Display string
	Ops     []*Op
	// Makes are the make sites stored into the class; Caps their constant
	// capacities (-1 when not constant).
	Makes []*ssa.MakeChan
	Caps  []int
	// Escapes is set when a channel of the class may be used by code the
	// class cannot see: the field's address taken, a value stored into it
	// that is not a make or nil (a channel from a parameter), a loaded
	// channel passed to a function, returned, stored elsewhere, converted,
	// or merged with other values.
	Escapes   bool
	EscapePos token.Pos
}

// Classes returns the channel classes of fns (a package's functions), by
// name. Exported fields and variables, and fields of unnamed or generic
// types, have no class: other packages may operate on them.
func Classes(fns []*ssa.Function) map[string]*Class {
	out := make(map[string]*Class)
	for _, fn := range fns {
		ks := lockmodel.NewKeys(fn)
		classOf := func(addr ssa.Value) *Class {
			var name string
			switch a := addr.(type) {
			case *ssa.FieldAddr:
				st := structOf(a.X.Type())
				if st == nil || a.Field >= st.NumFields() || st.Field(a.Field).Exported() || st.Field(a.Field).Embedded() {
					return nil
				}
				n := namedRoot(a.X.Type())
				if n == nil {
					return nil
				}
				name = "(" + n.Obj().Pkg().Path() + "." + n.Obj().Name() + ")." + st.Field(a.Field).Name()
			case *ssa.Global:
				if a.Object() == nil || a.Object().Exported() {
					return nil
				}
				k := ks.Of(a)
				if k == nil {
					return nil
				}
				name = KeyClass(k)
			default:
				return nil
			}
			c := out[name]
			if c == nil {
				c = &Class{Name: name}
				out[name] = c
			}
			return c
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				addr, ok := instr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				if !isChanPtr(addr.Type()) {
					continue
				}
				c := classOf(addr)
				if c == nil {
					continue
				}
				classUses(c, addr, fn)
			}
		}
		// Package variables are not instructions: find their uses through
		// the operands of fn's instructions.
		var rands []*ssa.Value
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				rands = instr.Operands(rands[:0])
				for _, r := range rands {
					if g, ok := (*r).(*ssa.Global); ok && isChanPtr(g.Type()) {
						if c := classOf(g); c != nil {
							classGlobalUse(c, g, instr)
						}
					}
				}
			}
		}
	}
	return out
}

func isChanPtr(t types.Type) bool {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	_, ok = p.Elem().Underlying().(*types.Chan)
	return ok
}

// namedRoot returns the named type t is or points to, when it is not
// generic, or nil.
func namedRoot(t types.Type) *types.Named {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.TypeParams().Len() > 0 || n.TypeArgs().Len() > 0 {
		return nil
	}
	return n
}

func (c *Class) escape(pos token.Pos) {
	if !c.Escapes {
		c.Escapes, c.EscapePos = true, pos
	}
}

// classUses records the uses of addr, the address of a class field.
func classUses(c *Class, addr ssa.Value, fn *ssa.Function) {
	refs := addr.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.UnOp:
			if r.Op == token.MUL {
				loadUses(c, r)
			} else {
				c.escape(r.Pos())
			}
		case *ssa.Store:
			if r.Addr != addr {
				c.escape(r.Pos())
				continue
			}
			storeVal(c, r)
		default:
			c.escape(r.Pos())
		}
	}
}

// classGlobalUse records instr's use of g, a class package variable.
func classGlobalUse(c *Class, g *ssa.Global, instr ssa.Instruction) {
	switch r := instr.(type) {
	case *ssa.DebugRef:
	case *ssa.UnOp:
		if r.Op == token.MUL && r.X == g {
			loadUses(c, r)
		} else {
			c.escape(r.Pos())
		}
	case *ssa.Store:
		if r.Addr != ssa.Value(g) {
			c.escape(r.Pos())
			return
		}
		storeVal(c, r)
	default:
		c.escape(instr.Pos())
	}
}

func storeVal(c *Class, st *ssa.Store) {
	v := st.Val
	for {
		if ct, ok := v.(*ssa.ChangeType); ok {
			v = ct.X
			continue
		}
		break
	}
	switch v := v.(type) {
	case *ssa.MakeChan:
		c.Makes = append(c.Makes, v)
		cp := -1
		if k, ok := v.Size.(*ssa.Const); ok && k.Value != nil {
			if n, ok := constInt(k); ok {
				cp = n
			}
		}
		c.Caps = append(c.Caps, cp)
		if refs := v.Referrers(); refs != nil && len(*refs) > 1 {
			// The new channel is also used directly (a local alias):
			// its operations are not all loads of the field.
			for _, r := range *refs {
				if r != ssa.Instruction(st) {
					if _, ok := r.(*ssa.DebugRef); !ok {
						c.escape(st.Pos())
					}
				}
			}
		}
	case *ssa.Const:
		// s.ch = nil: no channel
	default:
		c.escape(st.Pos())
	}
}

// loadUses records the operations on ld, a channel loaded from the class.
func loadUses(c *Class, ld *ssa.UnOp) {
	var follow func(v ssa.Value, depth int)
	follow = func(v ssa.Value, depth int) {
		refs := v.Referrers()
		if refs == nil || depth > 3 {
			return
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.BinOp:
				// ch == nil
			case *ssa.ChangeType:
				follow(r, depth+1)
			case *ssa.Send:
				if r.Chan == v {
					c.add(&Op{Kind: Send, Instr: r, Pos: r.Pos(), Case: -1})
				} else {
					c.escape(r.Pos())
				}
			case *ssa.UnOp:
				if r.Op != token.ARROW {
					c.escape(r.Pos())
					continue
				}
				k := Recv
				if r.CommaOk && r.Block().Comment == "rangechan.loop" {
					k = Range
				}
				c.add(&Op{Kind: k, Instr: r, Pos: r.Pos(), Case: -1})
			case *ssa.Select:
				alt := !r.Blocking || len(r.States) > 1
				for i, st := range r.States {
					if st.Send == v {
						c.escape(r.Pos())
					}
					if st.Chan != v {
						continue
					}
					c.add(&Op{Kind: selectKind(st, alt), Instr: r, Pos: st.Pos, Case: i})
				}
			case *ssa.Call:
				if b, ok := r.Call.Value.(*ssa.Builtin); ok {
					switch b.Name() {
					case "close":
						c.add(&Op{Kind: Close, Instr: r, Pos: r.Pos(), Case: -1})
						continue
					case "len", "cap":
						continue
					}
				}
				c.escape(r.Pos())
			case *ssa.Defer:
				if b, ok := r.Call.Value.(*ssa.Builtin); ok && b.Name() == "close" {
					c.add(&Op{Kind: Close, Instr: r, Pos: r.Pos(), Case: -1, Deferred: true})
					continue
				}
				c.escape(r.Pos())
			default:
				c.escape(r.Pos())
			}
		}
	}
	follow(ld, 0)
}

func (c *Class) add(o *Op) { c.Ops = append(c.Ops, o) }

func constInt(k *ssa.Const) (int, bool) {
	if k.Value == nil {
		return 0, false
	}
	if v, ok := constantInt64(k); ok {
		return int(v), true
	}
	return 0, false
}

func structOf(t types.Type) *types.Struct {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, _ := t.Underlying().(*types.Struct)
	return st
}

func constantInt64(k *ssa.Const) (int64, bool) {
	if k.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(k.Value)
}

// Describe renders the class for messages: "the results field of Hub" for
// "(example.com/p.Hub).results", "events" for a package variable.
func (c *Class) Describe() string {
	n := c.Name
	if i := strings.LastIndex(n, "@"); i >= 0 {
		return n[i+1:]
	}
	if strings.HasPrefix(n, "(") {
		if j := strings.Index(n, ")."); j > 0 {
			typ := n[1:j]
			if k := strings.LastIndex(typ, "."); k >= 0 {
				typ = typ[k+1:]
			}
			return "the " + n[j+2:] + " field of " + typ
		}
	}
	return n
}
