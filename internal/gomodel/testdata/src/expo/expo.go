package expo

import "fmt"

type hidden struct{}

func (h *hidden) Run() {} // want `internal`

func (h *hidden) step() {} // want `internal`

type returned struct{}

func (r *returned) Run() {} // exported constructor returns it

func New() *returned { return &returned{} }

type embedded struct{}

func (e *embedded) Run() {} // promoted through Outer

type Outer struct{ *embedded }

type stringer struct{}

func (s stringer) String() string { return "s" } // converted to an interface below

func show() { fmt.Println(stringer{}) } // want `internal`

type fielded struct{}

func (f *fielded) Run() {} // reachable through an exported field

type Holder struct{ F *fielded }

type Exported struct{}

func (e *Exported) Run() {}

func (e *Exported) stop() {} // want `internal`

func helper() {} // want `internal`

func Public() {}

func use() { // want `internal`
	var h hidden
	h.Run()
	h.step()
}
