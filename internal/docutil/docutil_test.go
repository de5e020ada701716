package docutil

import (
	"strings"
	"testing"
)

const src = `// Package p does things.
//
// # Analyzer one
//
// one: report the first thing
//
// Why it matters.
//
// # Why it is a bug
//
// Because.
//
// # Analyzer two
//
// two: report the second thing
package p
`

func TestExtract(t *testing.T) {
	got, err := Extract(src, "one")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got, "report the first thing\n") || !strings.Contains(got, "Because.") || strings.Contains(got, "second") {
		t.Errorf("Extract(one) = %q", got)
	}
	got, err = Extract(src, "two")
	if err != nil || got != "report the second thing" {
		t.Errorf("Extract(two) = %q, %v", got, err)
	}
	if _, err := Extract(src, "three"); err == nil {
		t.Errorf("Extract(three) succeeded, want error")
	}
}
