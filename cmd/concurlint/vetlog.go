package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// vetLogEnv names a file to which the binary, run as a vet tool, appends one
// line per unit it analyses: "ID" for a package it reports on, "ID vetx"
// for a dependency it runs only for facts. A unit go vet replays from its
// cache does not run the tool and is not logged, which is how the tests
// see what a run re-analysed. The variable does not change any output, so
// it may stay out of go vet's cache key.
const vetLogEnv = "CONCURLINT_VETLOG"

// logVetUnit logs the unit of a go vet invocation (see vetLogEnv).
func logVetUnit(args []string) {
	name := os.Getenv(vetLogEnv)
	if name == "" || len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return
	}
	var cfg struct {
		ID       string
		VetxOnly bool
	}
	if json.Unmarshal(data, &cfg) != nil {
		return
	}
	line := cfg.ID
	if cfg.VetxOnly {
		line += " vetx"
	}
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	// One write per line: O_APPEND keeps concurrent tool processes' lines whole.
	fmt.Fprintln(f, line)
	f.Close()
}

// logInProcess logs the root packages an in-process run loads, as
// "inprocess:ID" lines with the ID's spaces removed (see vetLogEnv), so
// that tests see which packages the standalone route left to the
// in-process checker.
func logInProcess(ids []string) {
	name := os.Getenv(vetLogEnv)
	if name == "" {
		return
	}
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	for _, id := range ids {
		fmt.Fprintln(f, "inprocess:"+strings.ReplaceAll(id, " ", ""))
	}
	f.Close()
}
