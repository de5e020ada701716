package lockmodel

import (
	"fmt"
	"os"
	"testing"

	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

func TestDump(t *testing.T) {
	if os.Getenv("FN") == "" {
		t.Skip()
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: os.Getenv("DIR")}
	pkgs, _ := packages.Load(cfg, ".")
	_, spkgs := ssautil.AllPackages(pkgs, ssa.BuilderMode(0))
	spkgs[0].Build()
	fn := spkgs[0].Func(os.Getenv("FN"))
	fn.WriteTo(os.Stdout)
	for _, b := range fn.Blocks {
		for _, i := range b.Instrs {
			if c, ok := i.(ssa.CallInstruction); ok {
				f := known.Callee(c.Common())
				fmt.Println(i, f, f.FullName(), known.Call(c.Common()), NewKeys(fn).Of(Receiver(c.Common())))
			}
		}
	}
	m := NewModel(fn, nil)
	fmt.Println(m.nops)
}
