package ssacfg_test

import (
	"testing"

	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/ssa"
)

const src = `package p

func mark(string) {}

type S struct {
	pending map[int]int
	list    []int
	closed  bool
}

func loop(n int) {
	mark("entry")
	for i := 0; i < n; i++ {
		mark("body")
		if i == 3 {
			mark("inner")
		}
	}
	mark("after")
}

func branches(b bool) {
	mark("entry")
	if b {
		mark("then")
	} else {
		mark("else")
	}
	mark("join")
}

const debug = false

func consts() {
	mark("entry")
	if false {
		mark("dead1")
	}
	if debug {
		mark("dead2")
	}
	if !debug {
		mark("live")
	}
}

func correlated(s *S, k int) {
	if len(s.pending) != 0 {
		mark("a")
	}
	mark("between")
	if len(s.pending) != 0 {
		mark("b")
	}
	s.pending[k] = 1
	if len(s.pending) != 0 {
		mark("c")
	}
	if len(s.list) != 0 {
		mark("d")
	}
	if s.closed {
		mark("e")
	}
	if s.closed {
		mark("f")
	}
}
`

func build(t *testing.T) *ssa.Package { return buildSrc(t, src) }

// marks returns the mark("x") call instructions of fn by label.
func marks(fn *ssa.Function) map[string]ssa.Instruction {
	out := make(map[string]ssa.Instruction)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			if f, ok := call.Call.Value.(*ssa.Function); ok && f.Name() == "mark" {
				if c, ok := call.Call.Args[0].(*ssa.Const); ok {
					out[c.Value.ExactString()[1:len(c.Value.ExactString())-1]] = instr
				}
			}
		}
	}
	return out
}

func TestLoops(t *testing.T) {
	fn := build(t).Func("loop")
	m := marks(fn)
	entry, body, inner, after := m["entry"].Block(), m["body"].Block(), m["inner"].Block(), m["after"].Block()
	for _, c := range []struct {
		name string
		got  bool
		want bool
	}{
		{"Reaches(entry, body)", ssacfg.Reaches(entry, body), true},
		{"Reaches(body, entry)", ssacfg.Reaches(body, entry), false},
		{"Reaches(after, body)", ssacfg.Reaches(after, body), false},
		{"InLoop(body)", ssacfg.InLoop(body), true},
		{"InLoop(entry)", ssacfg.InLoop(entry), false},
		{"InLoop(after)", ssacfg.InLoop(after), false},
		{"SameLoop(body, inner)", ssacfg.SameLoop(body, inner), true},
		{"SameLoop(body, after)", ssacfg.SameLoop(body, after), false},
		{"SameLoop(entry, entry)", ssacfg.SameLoop(entry, entry), false},
		{"After(inner, body)", ssacfg.After(m["inner"], m["body"]), true}, // next iteration
		{"After(after, body)", ssacfg.After(m["after"], m["body"]), false},
		{"Before(entry, inner)", ssacfg.Before(m["entry"], m["inner"]), true},
		{"Before(inner, after)", ssacfg.Before(m["inner"], m["after"]), false},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestDominance(t *testing.T) {
	fn := build(t).Func("branches")
	m := marks(fn)
	for _, c := range []struct {
		x, y string
		want bool
	}{
		{"entry", "join", true},
		{"then", "join", false},
		{"else", "join", false},
		{"entry", "then", true},
		{"join", "entry", false},
	} {
		if got := ssacfg.Before(m[c.x], m[c.y]); got != c.want {
			t.Errorf("Before(%s, %s) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
	if ssacfg.After(m["then"], m["else"]) {
		t.Errorf("After(then, else) = true, want false")
	}
	if !ssacfg.After(m["then"], m["join"]) {
		t.Errorf("After(then, join) = false, want true")
	}
}

func TestConstConditions(t *testing.T) {
	fn := build(t).Func("consts")
	m := marks(fn)
	live := ssacfg.Live(fn)
	for label, want := range map[string]bool{"entry": true, "dead1": false, "dead2": false, "live": true} {
		instr, ok := m[label]
		if !ok {
			if !want {
				continue // the builder dropped it: dead either way
			}
			t.Fatalf("no mark %q", label)
		}
		if got := live[instr.Block().Index]; got != want {
			t.Errorf("Live(%s) = %v, want %v", label, got, want)
		}
	}
	nconst := 0
	for _, b := range fn.Blocks {
		if ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
			if _, ok := ssacfg.ConstCond(ifi.Cond); ok {
				nconst++
				if len(ssacfg.Succs(b)) != 1 {
					t.Errorf("Succs of a constant branch: %d, want 1", len(ssacfg.Succs(b)))
				}
			}
		}
	}
	if nconst == 0 {
		t.Errorf("no constant branch condition found")
	}
}

func TestClasses(t *testing.T) {
	fn := build(t).Func("correlated")
	cl := ssacfg.NewClasses(fn, nil)
	// The branch condition guarding each mark, by label.
	cond := make(map[string]ssa.Value)
	for label, instr := range marks(fn) {
		b := instr.Block()
		if len(b.Preds) != 1 {
			continue
		}
		if ifi, ok := b.Preds[0].Instrs[len(b.Preds[0].Instrs)-1].(*ssa.If); ok {
			base, _ := ssacfg.CondBase(ifi.Cond)
			cond[label] = base
		}
	}
	rep := func(l string) ssa.Value {
		r, ok := cl.Rep[cond[l]]
		if !ok {
			t.Fatalf("condition of %s has no class", l)
		}
		return r
	}
	if rep("a") != rep("b") || rep("a") != rep("c") {
		t.Errorf("len(s.pending) != 0 three times: not one class")
	}
	if rep("a") == rep("d") {
		t.Errorf("len(s.pending) and len(s.list) in one class")
	}
	if rep("e") != rep("f") {
		t.Errorf("s.closed twice: not one class")
	}
	// The map update between b and c invalidates the class; nothing
	// between a and b does.
	var invalidated []ssa.Instruction
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			for _, r := range cl.Invalidated(instr) {
				if r == rep("a") {
					invalidated = append(invalidated, instr)
				}
			}
		}
	}
	if len(invalidated) != 1 {
		t.Fatalf("len(s.pending) class invalidated by %d instructions, want 1 (the map update)", len(invalidated))
	}
	if _, ok := invalidated[0].(*ssa.MapUpdate); !ok {
		t.Errorf("invalidated by %v, want the map update", invalidated[0])
	}
}
