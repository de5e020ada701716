package ssacfg_test

import (
	"testing"

	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/ssa"
)

const exclSrc = `package p

type E struct{ Code string }

func mark(string) {}

func codes(e *E, n int) {
	if e.Code == "expired" {
		mark("a")
	}
	if e.Code == "unavailable" {
		mark("b")
	}
	if e.Code == "expired" {
		mark("c")
	}
	if n == 1 {
		mark("d")
	}
	if n == 2 {
		mark("e")
	}
	if n > 2 {
		mark("f")
	}
}
`

func TestExclusiveConstants(t *testing.T) {
	pkg := buildSrc(t, exclSrc)
	fn := pkg.Func("codes")
	cl := ssacfg.NewClasses(fn, nil)
	var conds []ssa.Value
	for _, b := range fn.Blocks {
		if ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
			base, _ := ssacfg.CondBase(ifi.Cond)
			conds = append(conds, cl.Rep[base])
		}
	}
	if len(conds) != 6 {
		t.Fatalf("%d conditions, want 6", len(conds))
	}
	has := func(a, b ssa.Value) bool {
		for _, x := range cl.Excl[a] {
			if x == b {
				return true
			}
		}
		return false
	}
	expired, unavailable, expired2, one, two, more := conds[0], conds[1], conds[2], conds[3], conds[4], conds[5]
	if expired != expired2 {
		t.Errorf("the two e.Code == \"expired\" tests are not one class")
	}
	if !has(expired, unavailable) || !has(unavailable, expired) {
		t.Errorf("e.Code == expired / unavailable not exclusive: %v", cl.Excl)
	}
	if !has(one, two) || has(one, expired) || has(one, more) || len(cl.Excl[more]) != 0 {
		t.Errorf("n == 1 / n == 2 exclusive, nothing else: %v", cl.Excl)
	}
}
