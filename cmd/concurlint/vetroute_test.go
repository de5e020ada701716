package main

import (
	"go/token"
	"os"
	"path/filepath"
	"testing"
)

// TestPositions checks that go vet's "file:line:col" strings and byte
// offsets come back as the positions the in-process run has: same
// filename, line, column and offset, and a position in a file that is not
// there (a //line directive's target) keeps its filename, line and column.
func TestPositions(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a:b.go") // a colon in the name
	src := "package a\n\nfunc F() {\n\tgo f()\n}\n"
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	want := fset.AddFile(name, -1, len(src))
	want.SetLinesForContent([]byte(src))

	p := newPositions()
	for _, off := range []int{0, 12, 23, 24, len(src) - 1, len(src)} {
		w := fset.Position(want.Pos(off))
		if got := p.fset.Position(p.at(w.String())); got != w {
			t.Errorf("at(%q) = %v (offset %d), want offset %d", w.String(), got, got.Offset, w.Offset)
		}
		if got := p.fset.Position(p.offset(name, off)); got != w {
			t.Errorf("offset(%d) = %v, want %v", off, got, w)
		}
	}
	for _, s := range []string{"/no/such/file.y:7:2", name + ":99:1", name + ":2:40", name + ":2:2"} {
		got := p.fset.Position(p.at(s))
		if got.String() != s {
			t.Errorf("at(%q) = %v", s, got)
		}
	}
	for _, s := range []string{"-", "", "file.go", "file.go:x:1"} {
		if pos := p.at(s); pos.IsValid() {
			t.Errorf("at(%q) = %v, want no position", s, p.fset.Position(pos))
		}
	}
}

// TestCheckerID checks the mapping from go vet's package IDs to the
// in-process checker's.
func TestCheckerID(t *testing.T) {
	for _, tc := range []struct{ id, file, want string }{
		{"example.com/p", "/m/p/p.go", "example.com/p"},
		{"example.com/p", "/m/p/p_test.go", "example.com/p [example.com/p.test]"},
		{"example.com/p_test", "/m/p/x_test.go", "example.com/p_test [example.com/p.test]"},
		{"command-line-arguments", "/m/x.go", "command-line-arguments"},
	} {
		if got := checkerID(tc.id, tc.file); got != tc.want {
			t.Errorf("checkerID(%q, %q) = %q, want %q", tc.id, tc.file, got, tc.want)
		}
	}
}
