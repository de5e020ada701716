package main

import (
	"encoding/json"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// vetxOnly reports whether a go vet invocation asks only for facts: go vet
// runs the tool on every dependency (the standard library included) with
// VetxOnly set, to produce the facts its importers need.
func vetxOnly(args []string) bool {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return false // let unitchecker report it
	}
	var cfg struct{ VetxOnly bool }
	return json.Unmarshal(data, &cfg) == nil && cfg.VetxOnly
}

// factsOnly replaces every analyzer that does not itself produce facts by a
// stub with the same name, doc and flags (so the command line still
// parses) that requires only the fact-producing analyzers it depends on.
//
// unitchecker keeps, in VetxOnly mode, every analyzer that transitively
// uses facts (x/tools issue 443099: the filter is backwards), so without
// this each dependency — all of the standard library — would get an SSA
// build and every SSA check for nothing: concurlint under go vet took
// 2.7-2.8x the CPU of plain go vet on the corpus. The stubs keep exactly
// the fact analyzers (syntax and types only) that importers read.
func factsOnly(as []*analysis.Analyzer) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, 0, len(as))
	for _, a := range as {
		if len(a.FactTypes) > 0 {
			out = append(out, a)
			continue
		}
		out = append(out, &analysis.Analyzer{
			Name:     a.Name,
			Doc:      a.Doc,
			URL:      a.URL,
			Flags:    a.Flags,
			Requires: factProducers(a),
			Run:      func(*analysis.Pass) (any, error) { return nil, nil },
		})
	}
	return out
}

// factProducers returns the analyzers with facts that a requires,
// directly or transitively, each once.
func factProducers(a *analysis.Analyzer) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := make(map[*analysis.Analyzer]bool)
	var walk func(*analysis.Analyzer)
	walk = func(x *analysis.Analyzer) {
		for _, r := range x.Requires {
			if seen[r] {
				continue
			}
			seen[r] = true
			if len(r.FactTypes) > 0 {
				out = append(out, r)
			}
			walk(r)
		}
	}
	walk(a)
	return out
}
