// Package gomodel finds the places where a function starts goroutines:
// go statements, errgroup.Group.Go/TryGo and sync.WaitGroup.Go. It is the
// one model of spawn sites shared by goroutineleak, missingjoin and unguarded.
package gomodel

import (
	"go/token"

	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/ssa"
)

// Kind says how a goroutine was started.
type Kind int

const (
	GoStmt      Kind = iota // go f(x)
	ErrgroupGo              // g.Go(f), g.TryGo(f)
	WaitGroupGo             // wg.Go(f)
)

func (k Kind) String() string {
	switch k {
	case ErrgroupGo:
		return "errgroup.Go"
	case WaitGroupGo:
		return "WaitGroup.Go"
	}
	return "go statement"
}

// Spawn is one place that starts a goroutine.
type Spawn struct {
	Kind  Kind
	Instr ssa.CallInstruction // the *ssa.Go, or the *ssa.Call of Go/TryGo
	// Fn is the function the goroutine runs when it is known statically:
	// a declared function or method, or a closure's body.
	Fn *ssa.Function
	// Bindings are the closure's captured values (Fn.FreeVars[i] is bound to
	// Bindings[i]); nil for declared functions.
	Bindings []ssa.Value
	// Args are the arguments Fn receives (for methods the receiver first).
	// Empty for errgroup and WaitGroup.Go, whose function takes none.
	Args []ssa.Value
	// Group is the errgroup or WaitGroup pointer for ErrgroupGo/WaitGroupGo.
	Group ssa.Value
}

// Pos is the position of the go statement or the Go call.
func (s Spawn) Pos() token.Pos { return s.Instr.Pos() }

// Spawns returns the spawn sites in fn's own body (not in its closures,
// which ssa lists as functions of their own), in block order.
func Spawns(fn *ssa.Function) []Spawn {
	var out []Spawn
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Go:
				s := Spawn{Kind: GoStmt, Instr: instr}
				s.Fn, s.Bindings = Target(instr.Call.Value)
				if instr.Call.IsInvoke() {
					s.Args = append([]ssa.Value{instr.Call.Value}, instr.Call.Args...)
				} else {
					s.Args = instr.Call.Args
				}
				out = append(out, s)
			case *ssa.Call:
				var kind Kind
				switch known.Call(&instr.Call) {
				case known.GroupGo, known.GroupTryGo:
					kind = ErrgroupGo
				case known.WGGo:
					kind = WaitGroupGo
				default:
					continue
				}
				args := instr.Call.Args
				if len(args) != 2 {
					continue
				}
				s := Spawn{Kind: kind, Instr: instr, Group: args[0]}
				s.Fn, s.Bindings = Target(args[1])
				out = append(out, s)
			}
		}
	}
	return out
}

// Target resolves a function value to the function it denotes statically,
// with a closure's bindings, or returns nil.
func Target(v ssa.Value) (*ssa.Function, []ssa.Value) {
	switch v := v.(type) {
	case *ssa.Function:
		return v, nil
	case *ssa.MakeClosure:
		if fn, ok := v.Fn.(*ssa.Function); ok {
			return fn, v.Bindings
		}
	}
	return nil, nil
}
