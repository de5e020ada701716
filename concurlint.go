// Package concurlint is the registry of concurlint's analyzers.
//
// Analyzers lists concurlint's own checks; Bundled lists the go vet passes
// that concurlint also runs, because `go vet -vettool=concurlint` replaces
// vet's own analyzers and a team switching to it must not lose them.
package concurlint

import (
	"github.com/concurlint/concurlint/analyzers/chanmisuse"
	"github.com/concurlint/concurlint/analyzers/condwait"
	"github.com/concurlint/concurlint/analyzers/deadlock"
	"github.com/concurlint/concurlint/analyzers/fanout"
	"github.com/concurlint/concurlint/analyzers/goroutineleak"
	"github.com/concurlint/concurlint/analyzers/missingjoin"
	"github.com/concurlint/concurlint/analyzers/unguarded"
	"github.com/concurlint/concurlint/analyzers/unlock"
	"github.com/concurlint/concurlint/internal/contain"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/atomic"
	"golang.org/x/tools/go/analysis/passes/copylock"
	"golang.org/x/tools/go/analysis/passes/lostcancel"
	"golang.org/x/tools/go/analysis/passes/testinggoroutine"
	"golang.org/x/tools/go/analysis/passes/waitgroup"
)

// Every registered analyzer, and everything it requires, turns a panic into
// an analysis error naming the package and function (internal/contain).
func init() { contain.Install(All()...) }

// Analyzers returns concurlint's own analyzers, one per package under
// analyzers/, in a stable order.
func Analyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		unlock.Analyzer,
		goroutineleak.Analyzer,
		missingjoin.Analyzer,
		unguarded.Analyzer,
		chanmisuse.Analyzer,
		deadlock.Analyzer,
		condwait.Analyzer,
		fanout.Analyzer,
	}
}

// Bundled returns the go vet passes concurlint runs alongside its own.
func Bundled() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		atomic.Analyzer,
		copylock.Analyzer,
		lostcancel.Analyzer,
		testinggoroutine.Analyzer,
		waitgroup.Analyzer,
	}
}

// All returns Analyzers followed by Bundled: what the binary runs.
func All() []*analysis.Analyzer {
	return append(Analyzers(), Bundled()...)
}
