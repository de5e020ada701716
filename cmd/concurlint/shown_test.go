package main

import (
	"flag"
	"testing"

	"github.com/concurlint/concurlint"
)

// TestShownUnderVet checks how a wrapped vet pass decides, under go vet,
// whether a covering concurlint analyzer's findings are printed: from the
// -NAME flags unitchecker parsed into flag.CommandLine, with multichecker's
// rule (any -NAME=true selects only those; -NAME=false deselects).
func TestShownUnderVet(t *testing.T) {
	saved, savedSel := flag.CommandLine, selected
	defer func() { flag.CommandLine, selected = saved, savedSel }()
	selected = nil

	const a, b = "copylocks", "waitgroup" // any two registered names
	for _, tc := range []struct {
		args   []string
		wantA  bool
		wantB  bool
		reason string
	}{
		{nil, true, true, "no flags: everything runs"},
		{[]string{"-" + a + "=false"}, false, true, "-a=false: all but a"},
		{[]string{"-" + b}, false, true, "-b: only b"},
		{[]string{"-" + a, "-" + b + "=false"}, true, false, "-a -b=false: only a"},
	} {
		fs := flag.NewFlagSet("vet", flag.ContinueOnError)
		for _, an := range concurlint.All() {
			fs.Var(new(triState), an.Name, "")
		}
		fs.Bool("json", false, "") // a non-analyzer flag must not count
		if err := fs.Parse(append(tc.args, "-json")); err != nil {
			t.Fatal(err)
		}
		flag.CommandLine = fs
		if got := shown(a); got != tc.wantA {
			t.Errorf("%s: shown(%s) = %v", tc.reason, a, got)
		}
		if got := shown(b); got != tc.wantB {
			t.Errorf("%s: shown(%s) = %v", tc.reason, b, got)
		}
	}

	// Standalone: the parsed selection decides.
	selected = map[string]bool{b: true}
	if shown(a) || !shown(b) {
		t.Errorf("standalone: shown follows selected")
	}
}
