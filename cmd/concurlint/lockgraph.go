package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/concurlint/concurlint/internal/lockorder"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// lockgraph prints the lock-order graph of the packages matching patterns
// in DOT: one node per lock class, one edge per "acquired while held"
// pair (labelled with the functions that take them in that order), edges
// on a cycle in red. It returns the exit code.
func lockgraph(w io.Writer, patterns []string) int {
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule}
	initial, err := packages.Load(cfg, patterns...)
	if err != nil {
		fmt.Fprintf(os.Stderr, "concurlint: %v\n", err)
		return exitError
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{lockorder.Analyzer}, initial, nil)
	if err != nil {
		fmt.Fprintf(os.Stderr, "concurlint: %v\n", err)
		return exitError
	}
	var edges []lockorder.Edge
	for act := range graph.All() {
		if !act.IsRoot || act.Err != nil {
			continue
		}
		if r, ok := act.Result.(*lockorder.Result); ok {
			edges = append(edges, r.Local()...)
		}
	}
	writeLockGraph(w, edges)
	return exitClean
}

// writeLockGraph renders edges as a DOT digraph.
func writeLockGraph(w io.Writer, edges []lockorder.Edge) {
	type pair struct{ from, to string }
	funcs := make(map[pair][]string)
	succ := make(map[string]map[string]bool)
	nodes := make(map[string]bool)
	for _, e := range edges {
		p := pair{e.From, e.To}
		f := e.Func
		if e.Via != "" {
			f += " → " + e.Via
		}
		if !contains(funcs[p], f) {
			funcs[p] = append(funcs[p], f)
		}
		if succ[e.From] == nil {
			succ[e.From] = make(map[string]bool)
		}
		succ[e.From][e.To] = true
		nodes[e.From], nodes[e.To] = true, true
	}
	reach := func(from, to string) bool {
		seen := map[string]bool{from: true}
		work := []string{from}
		for len(work) > 0 {
			n := work[len(work)-1]
			work = work[:len(work)-1]
			for s := range succ[n] {
				if s == to {
					return true
				}
				if !seen[s] {
					seen[s] = true
					work = append(work, s)
				}
			}
		}
		return false
	}
	var names []string
	for n := range nodes {
		names = append(names, n)
	}
	sort.Strings(names)
	var pairs []pair
	for p := range funcs {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].from != pairs[j].from {
			return pairs[i].from < pairs[j].from
		}
		return pairs[i].to < pairs[j].to
	})
	fmt.Fprintln(w, "digraph lockorder {")
	fmt.Fprintln(w, "\tnode [shape=box];")
	for _, n := range names {
		fmt.Fprintf(w, "\t%q [label=%q];\n", n, lockorder.Display(n))
	}
	for _, p := range pairs {
		fs := funcs[p]
		sort.Strings(fs)
		label := strings.Join(fs, "\\n")
		attrs := ""
		if reach(p.to, p.from) {
			attrs = ", color=red, fontcolor=red, penwidth=2"
		}
		fmt.Fprintf(w, "\t%q -> %q [label=\"%s\"%s];\n", p.from, p.to, strings.ReplaceAll(label, `"`, `\"`), attrs)
	}
	fmt.Fprintln(w, "}")
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
