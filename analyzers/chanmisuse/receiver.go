package chanmisuse

import (
	"fmt"
	"sort"

	"github.com/concurlint/concurlint/internal/chanmodel"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// checkReceiverCloses reports a function that only receives from a channel
// class (an unexported field or package variable whose every use the
// package shows) and closes it, while another function of the package
// sends on it: the receiver does not know whether a send is in flight, so
// the sender can panic. The channel owner's closing, with the senders'
// knowledge, is the correct protocol. Precision first: either side taking a
// lock (the senders may check a closed flag under it) silences the check.
func (pc *passContext) checkReceiverCloses(fns []*ssa.Function) {
	classes := chanmodel.Classes(fns)
	names := make([]string, 0, len(classes))
	for n := range classes {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := classes[n]
		if c.Escapes || len(c.Makes) == 0 {
			continue
		}
		byFn := make(map[*ssa.Function][]*chanmodel.Op)
		for _, o := range c.Ops {
			byFn[o.Fn()] = append(byFn[o.Fn()], o)
		}
		for _, o := range c.Ops {
			if o.Kind != chanmodel.Close {
				continue
			}
			f := o.Fn()
			if !onlyReceives(byFn[f]) || makes(c, f) || excludes(f) {
				continue
			}
			var snd *chanmodel.Op
			for _, p := range c.Ops {
				if p.Kind.IsSend() && p.Fn() != f && !excludes(p.Fn()) && !makes(c, p.Fn()) {
					snd = p
					break
				}
			}
			if snd == nil {
				continue
			}
			name := c.Describe()
			pc.report(analysis.Diagnostic{
				Pos: o.Pos,
				Message: fmt.Sprintf("%s only receives from %s but closes it, while %s sends on it: a send on a closed channel panics",
					funcName(f), name, funcName(snd.Fn())),
				Related: []analysis.RelatedInformation{{Pos: snd.Pos, Message: "send on " + name}},
			})
			break
		}
	}
}

// onlyReceives reports whether ops (one function's ops on a class) include
// a receive and no send.
func onlyReceives(ops []*chanmodel.Op) bool {
	recv := false
	for _, o := range ops {
		if o.Kind.IsSend() {
			return false
		}
		recv = recv || o.Kind.IsRecv()
	}
	return recv
}

// makes reports whether fn (or a function it is a closure of) stores a new
// channel into class c: the owner, which may close.
func makes(c *chanmodel.Class, fn *ssa.Function) bool {
	for _, m := range c.Makes {
		for f := m.Parent(); f != nil; f = f.Parent() {
			if f == fn {
				return true
			}
		}
		for f := fn; f != nil; f = f.Parent() {
			if f == m.Parent() {
				return true
			}
		}
	}
	return false
}

// funcName renders fn as the source names it: "(*Hub).run" → "run",
// a closure by its enclosing function.
func funcName(fn *ssa.Function) string {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn.Name()
}
