package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeadlockAcrossPackagesBothDrivers checks that a lock-order edge a
// dependency exports as a fact (dep's Drain: Pool.Mu then Conn.Mu) meets
// the other order in its importer under every route: the standalone
// default (go vet protocol with the cache), the in-process checker
// (-cache=false) and go vet -vettool. Each reports the inversion once, at
// use.go:10, and nothing at RecycleOK.
func TestDeadlockAcrossPackagesBothDrivers(t *testing.T) {
	bin := concurlintBin(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/crosslock")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv(cacheEnv, filepath.Join(t.TempDir(), "cache"))
	const want = "use.go:10:2: lock order inversion: Pool.Mu is acquired while Conn.Mu is held (through Put), but Pool.Mu then Conn.Mu in Pool.Drain (through Close)"
	for _, route := range []struct {
		name string
		cmd  string
		args []string
	}{
		{"standalone", bin, []string{"-deadlock", "./..."}},
		{"in-process", bin, []string{"-deadlock", "-cache=false", "./..."}},
		{"go vet", "go", []string{"vet", "-vettool=" + bin, "-deadlock", "./..."}},
	} {
		res := runIn(t, dir, route.cmd, route.args...)
		out := res.stdout + res.stderr
		if n := strings.Count(out, want); n != 1 {
			t.Errorf("%s: the inversion reported %d times, want once; exit %d, output:\n%s", route.name, n, res.code, out)
		}
		if strings.Contains(out, "use.go:17") {
			t.Errorf("%s: RecycleOK reported:\n%s", route.name, out)
		}
	}
}
