package deadlock

import (
	"fmt"
	"sort"
	"strings"

	"github.com/concurlint/concurlint/internal/contain"
	"github.com/concurlint/concurlint/internal/lockorder"
	"golang.org/x/tools/go/analysis"
)

// maxCycle bounds the length of the lock-order cycles searched for.
const maxCycle = 4

// checkCycles reports each lock-order cycle that has an edge in this
// package once, at the first such edge, with the other edges as related
// information (or, for a dependency's edge, in the message).
func (pc *passContext) checkCycles() {
	local := pc.order.Local()
	if len(local) == 0 {
		return
	}
	all := append(append([]lockorder.Edge(nil), local...), pc.order.Imported()...)
	out := make(map[string][]int) // From class → edge indexes
	for i, e := range all {
		out[e.From] = append(out[e.From], i)
	}
	reported := make(map[string]bool)
	comp := components(all)
	pc.pathBudget = 20000
	order := make([]int, len(local))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return local[order[i]].Pos < local[order[j]].Pos })
	for _, i := range order {
		start := all[i]
		path := pc.findPath(all, out, start.To, start.From, []int{i})
		if path == nil {
			continue
		}
		if allShared(all, path) {
			continue // readers share: read locks in both orders do not block each other
		}
		if mixesTests(all, path) {
			// One order only in a test's set-up: a hazard of the test, not
			// of the code reported; stay silent on both sides.
			continue
		}
		// One report per strongly connected set of lock classes: the
		// cycles inside it are one locking discipline broken, and listing
		// each (amqp091's five locks gave ten) buries it.
		key := comp[start.From]
		if reported[key] {
			continue
		}
		reported[key] = true
		pc.reportCycle(all, path, len(local))
	}
}

// findPath returns edge indexes of a path from class `from` to class `to`
// appended to prefix, breadth-bounded by maxCycle.
func (pc *passContext) findPath(all []lockorder.Edge, out map[string][]int, from, to string, prefix []int) []int {
	if len(prefix) > maxCycle || pc.pathBudget <= 0 {
		if pc.pathBudget == 0 {
			pc.pathBudget-- // record the first hit only
			contain.Budget(pc.pass, "deadlock.findPath cycle steps", nil)
		}
		return nil // too long, or the search used its budget: silent
	}
	pc.pathBudget--
	for _, j := range out[from] {
		if all[j].To == to && !contains(prefix, j) {
			return append(append([]int(nil), prefix...), j)
		}
	}
	for _, j := range out[from] {
		if contains(prefix, j) || visits(all, prefix, all[j].To) {
			continue
		}
		if p := pc.findPath(all, out, all[j].To, to, append(append([]int(nil), prefix...), j)); p != nil {
			return p
		}
	}
	return nil
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

func visits(all []lockorder.Edge, path []int, class string) bool {
	for _, j := range path {
		if all[j].From == class {
			return true
		}
	}
	return false
}

func allShared(all []lockorder.Edge, path []int) bool {
	for _, j := range path {
		if !all[j].FromRead || !all[j].ToRead {
			return false
		}
	}
	return true
}

func (pc *passContext) reportCycle(all []lockorder.Edge, path []int, nlocal int) {
	first := all[path[0]]
	var related []analysis.RelatedInformation
	if first.HeldPos.IsValid() {
		related = append(related, analysis.RelatedInformation{Pos: first.HeldPos, Message: lockorder.Display(first.From) + " acquired here"})
	}
	var others []string
	for _, j := range path[1:] {
		e := all[j]
		desc := fmt.Sprintf("%s then %s in %s", lockorder.Display(e.From), lockorder.Display(e.To), e.Func)
		if e.Via != "" {
			desc += " (through " + e.Via + ")"
		}
		if j < nlocal {
			related = append(related, analysis.RelatedInformation{Pos: e.Pos, Message: desc + ": the other order"})
			desc += " at " + e.Where
		} else {
			desc += " (" + e.Pkg + ", " + e.Where + ")"
		}
		others = append(others, desc)
	}
	via := ""
	if first.Via != "" {
		via = " (through " + first.Via + ")"
	}
	pc.emit(analysis.Diagnostic{
		Pos: first.Pos,
		Message: fmt.Sprintf("lock order inversion: %s is acquired while %s is held%s, but %s; goroutines taking them in both orders deadlock",
			lockorder.Display(first.To), lockorder.Display(first.From), via, strings.Join(others, ", and ")),
		Related: related,
	})
}

func mixesTests(all []lockorder.Edge, path []int) bool {
	tests := 0
	for _, j := range path {
		if all[j].Test {
			tests++
		}
	}
	return tests > 0 && tests < len(path)
}

// components returns, for each lock class of the edges, a name of its
// strongly connected component in the lock-order graph (the smallest
// class in it).
func components(all []lockorder.Edge) map[string]string {
	succ := make(map[string][]string)
	var nodes []string
	seen := make(map[string]bool)
	for _, e := range all {
		succ[e.From] = append(succ[e.From], e.To)
		for _, c := range []string{e.From, e.To} {
			if !seen[c] {
				seen[c] = true
				nodes = append(nodes, c)
			}
		}
	}
	sort.Strings(nodes)
	// Tarjan's algorithm.
	index := make(map[string]int)
	low := make(map[string]int)
	onStack := make(map[string]bool)
	var stack []string
	comp := make(map[string]string)
	next := 0
	var visit func(v string)
	visit = func(v string) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range succ[v] {
			if _, ok := index[w]; !ok {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			var members []string
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				members = append(members, w)
				if w == v {
					break
				}
			}
			sort.Strings(members)
			for _, m := range members {
				comp[m] = members[0]
			}
		}
	}
	for _, v := range nodes {
		if _, ok := index[v]; !ok {
			visit(v)
		}
	}
	return comp
}
