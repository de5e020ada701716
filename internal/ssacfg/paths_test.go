package ssacfg_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

const pathSrc = `package p

func mark(string) {}
func stop()        {}
func cond() bool   { return true }

var flag bool

func nested(n int, xs []int) {
	mark("entry")
	for i := 0; i < n; i++ {
		mark("outer")
		for range xs {
			mark("inner")
		}
	}
	mark("after")
}

func endless(ch chan int) {
	for {
		mark("body")
		<-ch
	}
}

func bounds(n int) {
	for i := 0; i < 3; i++ {
		mark("const")
	}
	for i := 0; i < n; i++ {
		mark("data")
	}
	for range n {
		mark("rangeint")
	}
}

func exclusive(err error) {
	mark("entry")
	if err != nil {
		mark("send1")
		return
	}
	mark("send2")
	mark("tail")
}

func dies(b bool) {
	if b {
		mark("dying")
		panic("x")
	}
	mark("lives")
}

func known(b bool) {
	mark("start")
	if b {
		mark("then1")
	}
	if b {
		mark("then2")
	} else {
		mark("else2")
	}
	if flag {
		mark("flag1")
		if flag {
			mark("flag2")
		} else {
			mark("noflag2")
		}
	}
}

func loopStops(n int) {
	mark("start")
	for i := 0; i < n; i++ {
		stop()
	}
	mark("after")
}

func agree(b bool) {
	var ch chan int
	mark("alloc")
	if b {
		ch = make(chan int)
	}
	if !b {
		mark("nb")
	}
	if b {
		mark("use")
	}
	_ = func() chan int { return ch }
}
`

func buildSrc(t *testing.T, src string) *ssa.Package {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset, types.NewPackage("p", ""), []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

func TestNaturalLoops(t *testing.T) {
	pkg := buildSrc(t, pathSrc)
	m := marks(pkg.Func("nested"))
	entry, outer, inner, after := m["entry"].Block(), m["outer"].Block(), m["inner"].Block(), m["after"].Block()
	if n := len(ssacfg.LoopHeaders(inner)); n != 2 {
		t.Errorf("LoopHeaders(inner): %d headers, want 2", n)
	}
	if n := len(ssacfg.LoopHeaders(outer)); n != 1 {
		t.Errorf("LoopHeaders(outer): %d headers, want 1", n)
	}
	if n := len(ssacfg.LoopHeaders(after)); n != 0 {
		t.Errorf("LoopHeaders(after): %d headers, want 0", n)
	}
	hs := ssacfg.LoopHeaders(inner)
	outerH := ssacfg.LoopHeaders(outer)[0]
	var innerH *ssa.BasicBlock
	for _, h := range hs {
		if h != outerH {
			innerH = h
		}
	}
	if innerH == nil || ssacfg.InLoopOf(outer, innerH) || !ssacfg.InLoopOf(inner, outerH) {
		t.Errorf("InLoopOf: the outer body is not in the inner loop (reaching its header through the enclosing loop does not count); the inner body is in the outer loop")
	}
	if !ssacfg.ExitsAtHeader(ssacfg.LoopHeaders(outer)[0]) {
		t.Errorf("ExitsAtHeader(for i < n) = false, want true")
	}
	fwd, back := ssacfg.Closure(outer, true), ssacfg.Closure(outer, false)
	if !fwd[outer] || !back[outer] || !fwd[inner] || !back[inner] || fwd[entry] || !back[entry] || !fwd[after] || back[after] {
		t.Errorf("Closure(outer): fwd %v back %v", fwd[entry], back[after])
	}
	if ssacfg.Index(m["entry"]) < 0 || m["entry"].Block().Instrs[ssacfg.Index(m["entry"])] != m["entry"] {
		t.Errorf("Index(entry) = %d", ssacfg.Index(m["entry"]))
	}

	body := marks(pkg.Func("endless"))["body"].Block()
	hs = ssacfg.LoopHeaders(body)
	if len(hs) != 1 || ssacfg.ExitsAtHeader(hs[0]) {
		t.Errorf("endless loop: headers %d, exits at header %v; want 1, false", len(hs), len(hs) == 1 && ssacfg.ExitsAtHeader(hs[0]))
	}
}

func TestBounds(t *testing.T) {
	m := marks(buildSrc(t, pathSrc).Func("bounds"))
	header := func(l string) *ssa.BasicBlock {
		hs := ssacfg.LoopHeaders(m[l].Block())
		if len(hs) != 1 {
			t.Fatalf("%s: %d loop headers, want 1", l, len(hs))
		}
		return hs[0]
	}
	if !ssacfg.ConstBounded(header("const")) {
		t.Errorf("ConstBounded(i < 3) = false")
	}
	if ssacfg.ConstBounded(header("data")) {
		t.Errorf("ConstBounded(i < n) = true")
	}
	guard, latches := ssacfg.RangeIntLoop(header("rangeint"))
	if guard == nil || len(latches) != 1 {
		t.Errorf("RangeIntLoop(for range n) = %v, %v; want the guard and one latch", guard, latches)
	}
	if g, _ := ssacfg.RangeIntLoop(header("data")); g != nil {
		t.Errorf("RangeIntLoop(for i < n) found a guard")
	}
}

func TestMaxOnPathAndStraight(t *testing.T) {
	fn := buildSrc(t, pathSrc).Func("exclusive")
	m := marks(fn)
	if got := ssacfg.MaxOnPath(fn, []ssa.Instruction{m["send1"], m["send2"]}); got != 1 {
		t.Errorf("MaxOnPath(two sends on exclusive paths) = %d, want 1", got)
	}
	if got := ssacfg.MaxOnPath(fn, []ssa.Instruction{m["send1"], m["send2"], m["tail"]}); got != 2 {
		t.Errorf("MaxOnPath(sends and tail) = %d, want 2", got)
	}
	entry, tail := m["entry"].Block(), m["tail"].Block()
	if ssacfg.Straight(entry, tail) {
		t.Errorf("Straight(entry, tail) = true across a branch")
	}
	if !ssacfg.Straight(tail, tail) {
		t.Errorf("Straight(b, b) = false")
	}
}

func TestNoReturnBlock(t *testing.T) {
	m := marks(buildSrc(t, pathSrc).Func("dies"))
	if !ssacfg.NoReturnBlock(m["dying"].Block()) {
		t.Errorf("NoReturnBlock(panicking block) = false")
	}
	if ssacfg.NoReturnBlock(m["lives"].Block()) {
		t.Errorf("NoReturnBlock(returning block) = true")
	}
}

func TestKnownConds(t *testing.T) {
	pkg := buildSrc(t, pathSrc)
	fn := pkg.Func("known")
	m := marks(fn)
	if n := len(ssacfg.Uses(fn, pkg.Var("flag"))); n != 2 {
		t.Errorf("Uses(known, flag): %d instructions, want the 2 loads", n)
	}
	isMark := func(l string) func(ssa.Instruction) bool {
		return func(in ssa.Instruction) bool { return in == m[l] }
	}
	never := func(ssa.Instruction) bool { return false }
	// From inside the first if b, the second if b takes its then branch.
	if ssacfg.Reach(m["then1"], never, isMark("else2")) != nil {
		t.Errorf("Reach(then1 → else2): the second if b cannot take else")
	}
	if ssacfg.Reach(m["then1"], never, isMark("then2")) == nil {
		t.Errorf("Reach(then1 → then2) = nil")
	}
	if ssacfg.Reach(m["start"], never, isMark("else2")) == nil {
		t.Errorf("Reach(start → else2) = nil: nothing is known at the start")
	}
	// A package-level flag the function never assigns: two loads, one key.
	if ssacfg.Reach(m["flag1"], never, isMark("noflag2")) != nil {
		t.Errorf("Reach(flag1 → noflag2): flag is true on that path")
	}
	if ssacfg.Reach(m["flag1"], isMark("flag2"), isMark("flag2")) == nil {
		t.Errorf("Reach: Hit is asked before Stop")
	}
	if ssacfg.Reach(m["start"], isMark("then1"), isMark("then2")) == nil {
		t.Errorf("Reach(start → then2) stopped at then1 on every path")
	}
}

func TestSearchLoopRule(t *testing.T) {
	fn := buildSrc(t, pathSrc).Func("loopStops")
	m := marks(fn)
	isStop := func(in ssa.Instruction) bool {
		c, ok := in.(*ssa.Call)
		return ok && c.Call.StaticCallee() != nil && c.Call.StaticCallee().Name() == "stop"
	}
	isAfter := func(in ssa.Instruction) bool { return in == m["after"] }
	// The loop whose body stops is taken to run: after is not reached.
	if ssacfg.Reach(m["start"], isStop, isAfter) != nil {
		t.Errorf("Reach bypassed a loop whose body stops")
	}
	never := func(ssa.Instruction) bool { return false }
	if ssacfg.Reach(m["start"], never, isAfter) == nil {
		t.Errorf("Reach(start → after) = nil without a stop")
	}
	isStart := func(in ssa.Instruction) bool { return in == m["start"] }
	if (ssacfg.Search{Hit: isStart}).FromBlock(fn.Blocks[0]) != m["start"] {
		t.Errorf("FromBlock(entry) did not scan the entry's own instructions")
	}
	if (ssacfg.Search{Hit: isStart}).From(m["start"]) != nil {
		t.Errorf("From(start) found start itself")
	}
	// Cutting the loop's back edge makes the loop one that stops too.
	cut := func(b *ssa.BasicBlock, i int) bool { return b.Succs[i].Dominates(b) }
	if (ssacfg.Search{Stop: never, Hit: isAfter, Cut: cut}).From(m["start"]) != nil {
		t.Errorf("Search with a cut back edge bypassed the loop")
	}
}

func TestAgreeingPath(t *testing.T) {
	fn := buildSrc(t, pathSrc).Func("agree")
	m := marks(fn)
	var cell *ssa.Alloc
	for _, in := range fn.Blocks[0].Instrs {
		if a, ok := in.(*ssa.Alloc); ok {
			cell = a
		}
	}
	if cell == nil {
		t.Fatal("no cell for ch")
	}
	nilUntil := func(target ssa.Instruction) func(ssa.Instruction) ssacfg.Step {
		return func(in ssa.Instruction) ssacfg.Step {
			if in == target {
				return ssacfg.Found
			}
			if st, ok := in.(*ssa.Store); ok && st.Addr == ssa.Value(cell) {
				return ssacfg.Blocked
			}
			return ssacfg.Continue
		}
	}
	start := m["alloc"]
	// use is reached only with b true, which assigns ch: no agreeing path
	// leaves ch nil there; nb is reached with b false, ch nil.
	if ssacfg.AgreeingPath(start.Block(), ssacfg.Index(start)+1, nilUntil(m["use"])) {
		t.Errorf("AgreeingPath(alloc → use with ch nil) = true; if b and if b agree")
	}
	if !ssacfg.AgreeingPath(start.Block(), ssacfg.Index(start)+1, nilUntil(m["nb"])) {
		t.Errorf("AgreeingPath(alloc → nb with ch nil) = false")
	}
}

const phiSrc = `package p

func mark(string) {}

func flagged(a, b chan int) {
	timedOut := false
	select {
	case <-a:
		mark("gotA")
	case <-b:
		timedOut = true
	}
	if timedOut {
		mark("timeout")
		return
	}
	mark("ok")
}
`

// A path entering the merge block from the select case that left the
// flag false does not take the flag's branch; from the other case it does.
func TestPhiBranch(t *testing.T) {
	m := marks(buildSrc(t, phiSrc).Func("flagged"))
	never := func(ssa.Instruction) bool { return false }
	is := func(l string) func(ssa.Instruction) bool {
		return func(in ssa.Instruction) bool { return in == m[l] }
	}
	from := m["gotA"].Block()
	if len(from.Succs) != 1 {
		t.Fatalf("case block has %d successors", len(from.Succs))
	}
	s := ssacfg.Search{Stop: never, Hit: is("timeout")}
	if s.FromEdge(from, from.Succs[0]) != nil {
		t.Errorf("FromEdge(gotA → merge) reaches the timeout branch")
	}
	s.Hit = is("ok")
	if s.FromEdge(from, from.Succs[0]) == nil {
		t.Errorf("FromEdge(gotA → merge) does not reach ok")
	}
	if got := ssacfg.PhiBranch(from.Succs[0], from); got != 1 {
		t.Errorf("PhiBranch(merge, gotA) = %d, want 1 (the else branch)", got)
	}
}
