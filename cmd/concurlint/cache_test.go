package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The standalone driver analyses through go vet and the go command's
// cache (vetroute.go). These tests check what the cache replays and what an
// edit re-analyses, with the binary's CONCURLINT_VETLOG trace of the units
// it ran on.

// writeModule writes files (path -> content) under a new temporary module.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/inv\n\ngo 1.22\n"
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// uniqueBin returns a copy of the binary with bytes appended, which runs
// the same but has its own -V=full (a hash of the executable), so that no
// cached result of an earlier run is replayed: the first run of a test is
// cold for its own packages and the standard library's facts alike.
func uniqueBin(t *testing.T, bin string) string {
	t.Helper()
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	data = fmt.Appendf(data, "\n%s %d\n", t.Name(), time.Now().UnixNano())
	dst := filepath.Join(t.TempDir(), "concurlint")
	if err := os.WriteFile(dst, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return dst
}

// traced runs name args in dir with CONCURLINT_VETLOG set and returns the
// result and the units the tool analysed (sorted; "ID vetx" for a
// facts-only run on a dependency).
func traced(t *testing.T, dir string, env []string, name string, args ...string) (cmdResult, []string) {
	t.Helper()
	logFile := filepath.Join(t.TempDir(), "vetlog")
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", vetLogEnv+"="+logFile)
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := cmdResult{stdout.String(), stderr.String(), 0}
	if ee, ok := err.(*exec.ExitError); ok {
		res.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	data, _ := os.ReadFile(logFile)
	units := strings.Fields(strings.ReplaceAll(string(data), " vetx", "#vetx"))
	for i := range units {
		units[i] = strings.ReplaceAll(units[i], "#vetx", " vetx")
	}
	slices.Sort(units)
	return res, slices.Compact(units)
}

// own returns the units of the test module (example.com/inv/...).
func own(units []string) []string {
	var out []string
	for _, u := range units {
		if strings.HasPrefix(u, "example.com/inv") {
			out = append(out, u)
		}
	}
	return out
}

// TestCacheReanalysesDependents runs the standalone driver on a module of
// three packages (b imports a; c stands alone), cold on one package, warm
// on all, and after an edit of a: the warm runs analyse nothing and the
// edit re-analyses a and b, not c. Every run prints the same findings, in the same order, as the
// in-process run (-cache=false) on the same code.
func TestCacheReanalysesDependents(t *testing.T) {
	t.Parallel()
	bin := uniqueBin(t, concurlintBin(t))
	dir := writeModule(t, map[string]string{
		"a/a.go": "package a\n\nimport \"sync\"\n\n// Guarded holds a lock.\ntype Guarded struct {\n\tmu sync.Mutex\n\tn  int\n}\n\nfunc copyLock(m sync.Mutex) {}\n",
		"b/b.go": "package b\n\nimport \"example.com/inv/a\"\n\n// ByValue copies a's lock.\nfunc ByValue(g a.Guarded) {}\n",
		"c/c.go": "package c\n\nimport \"sync\"\n\n// Copy copies a lock.\nfunc Copy(m sync.Mutex) {}\n",
	})
	// First one package. b imports a, so go vet analyses a for its facts;
	// the route asks for the whole module instead (see vetOnlyCollision),
	// so that the run on ./... below does not replay a facts-only run of a
	// with no findings.
	uncached := runIn(t, dir, bin, "-cache=false", "./b")
	res, units := traced(t, dir, nil, bin, "./b")
	if res != uncached || res.code != exitFindings {
		t.Errorf("./b: output differs from -cache=false:\n%+v\nwant:\n%+v", res, uncached)
	}
	all := []string{"example.com/inv/a", "example.com/inv/b", "example.com/inv/c"}
	if got := own(units); !slices.Equal(got, all) {
		t.Errorf("cold run on ./b analysed %v, want %v", got, all)
	}
	uncached = runIn(t, dir, bin, "-cache=false", "./...")
	res, units = traced(t, dir, nil, bin, "./...")
	if res != uncached {
		t.Errorf("./...: output differs from -cache=false:\n%+v\nwant:\n%+v", res, uncached)
	}
	if !strings.Contains(res.stderr, "a/a.go:11:") {
		t.Errorf("./... after ./b lost a's finding:\n%s", res.stderr)
	}
	if len(units) > 0 {
		t.Errorf("./... after ./b analysed %v, want nothing", units)
	}

	for _, format := range []string{"-format=text", "-json", "-sarif", "-c=1"} {
		uncached := runIn(t, dir, bin, "-cache=false", format, "./...")
		res, units := traced(t, dir, nil, bin, format, "./...")
		if res != uncached {
			t.Errorf("warm run %s: output differs from -cache=false:\n%+v\nwant:\n%+v", format, res, uncached)
		}
		if len(units) > 0 {
			t.Errorf("warm run %s analysed %v, want nothing", format, units)
		}
	}

	// An edit of a that changes its exported API: a and its importer b
	// are analysed again, c is replayed.
	path := filepath.Join(dir, "a", "a.go")
	src, _ := os.ReadFile(path)
	os.WriteFile(path, append(src, "\n// New is new.\nfunc New() *Guarded { return new(Guarded) }\n"...), 0o644)
	uncached = runIn(t, dir, bin, "-cache=false", "./...")
	res, units = traced(t, dir, nil, bin, "./...")
	if res != uncached {
		t.Errorf("after the edit: output differs from -cache=false:\n%+v\nwant:\n%+v", res, uncached)
	}
	if got, want := own(units), []string{"example.com/inv/a", "example.com/inv/b"}; !slices.Equal(got, want) {
		t.Errorf("after editing a: analysed %v, want %v", got, want)
	}
	if slices.ContainsFunc(units, func(u string) bool { return !strings.HasPrefix(u, "example.com/inv") }) {
		t.Errorf("after editing a: a dependency outside the module was analysed again: %v", units)
	}
	if !strings.Contains(res.stderr, "b/b.go:6:") || !strings.Contains(res.stderr, "c/c.go:6:") {
		t.Errorf("want the copylocks findings in b and c:\n%s", res.stderr)
	}

	// A different build of the binary (here: other bytes, the same
	// analyzers) has another -V=full, so nothing is replayed.
	_, units = traced(t, dir, nil, uniqueBin(t, bin), "./...")
	if got, want := own(units), []string{"example.com/inv/a", "example.com/inv/b", "example.com/inv/c"}; !slices.Equal(got, want) {
		t.Errorf("another binary: analysed %v, want %v", got, want)
	}
	// So does another analyzer flag (part of go vet's key).
	_, units = traced(t, dir, nil, bin, "-copylocks", "./...")
	if got := own(units); len(got) != 3 {
		t.Errorf("-copylocks: analysed %v, want all three packages", got)
	}
}

// TestVetCacheProg runs the vet route twice against a GOCACHEPROG cache
// program (testdata/cacheprog, a shared cache as CI would use): the second
// run analyses nothing, replays every finding from the program's store,
// and prints the same output.
func TestVetCacheProg(t *testing.T) {
	t.Parallel()
	bin := uniqueBin(t, concurlintBin(t))
	progDir := t.TempDir()
	prog := filepath.Join(progDir, "cacheprog")
	if out, err := exec.Command("go", "build", "-o", prog, "./testdata/cacheprog").CombinedOutput(); err != nil {
		t.Fatalf("building the cache program: %v\n%s", err, out)
	}
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(progDir, "store")
	progLog := filepath.Join(progDir, "log")
	env := []string{fmt.Sprintf("GOCACHEPROG=%s -dir %s -log %s -fallback %s", prog, store, progLog, strings.TrimSpace(string(gocache)))}
	dir := fixture(t)

	var outputs []cmdResult
	for i := range 2 {
		os.Remove(progLog)
		res, units := traced(t, dir, env, bin, "-json", "./...")
		if res.code != exitFindings {
			t.Fatalf("run %d: exit %d, want %d\n%s", i+1, res.code, exitFindings, res.stderr)
		}
		outputs = append(outputs, res)
		data, _ := os.ReadFile(progLog)
		answers := strings.Fields(string(data))
		count := func(s string) int {
			n := 0
			for _, a := range answers {
				if a == s {
					n++
				}
			}
			return n
		}
		t.Logf("run %d: %d units analysed; cache program: %d hits, %d fallback hits, %d misses, %d puts",
			i+1, len(units), count("hit"), count("fallback"), count("miss"), count("put"))
		switch i {
		case 0:
			if !slices.Contains(units, "example.com/fixture/use") || count("put") == 0 {
				t.Errorf("first run: want the packages analysed and their results stored; analysed %v", units)
			}
		case 1:
			if len(units) > 0 || count("hit") == 0 {
				t.Errorf("second run: want everything replayed from the cache program's store; analysed %v, %d hits", units, count("hit"))
			}
		}
	}
	if outputs[0] != outputs[1] {
		t.Errorf("the replayed run prints something else:\n%s\nwant:\n%s", outputs[1].stdout, outputs[0].stdout)
	}
	compare(t, dir, parseVetJSON(t, dir, outputs[1].stdout), true)
}

// TestBrokenTestVariant: a package whose test file does not type-check
// makes go vet refuse the whole run. The route then gives go vet the
// packages that load and analyses only the broken one in process: the
// findings of both and the load error are reported, and go vet analysed
// the sound package (before, the whole module went in process, with the
// memory of every package's SSA at once).
func TestBrokenTestVariant(t *testing.T) {
	t.Parallel()
	bin := uniqueBin(t, concurlintBin(t))
	dir := writeModule(t, map[string]string{
		"a/a.go":      "package a\n\nimport \"sync\"\n\n// Copy copies a lock.\nfunc Copy(m sync.Mutex) {}\n",
		"b/b.go":      "package b\n\nimport \"sync\"\n\n// Copy copies a lock.\nfunc Copy(m sync.Mutex) {}\n",
		"b/b_test.go": "package b\n\nimport \"testing\"\n\nfunc TestB(t *testing.T) { NewMock() }\n",
	})
	res, units := traced(t, dir, nil, bin, "./...")
	if res.code != exitError {
		t.Errorf("exit code %d, want %d (a load error)", res.code, exitError)
	}
	for _, want := range []string{"a/a.go:6:", "b/b.go:6:", "undefined: NewMock"} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("output lacks %q:\n%s", want, res.stderr)
		}
	}
	if got := own(units); !slices.Contains(got, "example.com/inv/a") {
		t.Errorf("go vet analysed %v, want a among them", got)
	}
	for _, u := range units {
		if strings.HasPrefix(u, "inprocess:") && !strings.HasPrefix(u, "inprocess:example.com/inv/b") {
			t.Errorf("the in-process run loaded %s; only b's variants should go there", u)
		}
	}
	if !slices.ContainsFunc(units, func(u string) bool { return strings.HasPrefix(u, "inprocess:example.com/inv/b") }) {
		t.Errorf("b was not analysed in process: %v", units)
	}
	// The same findings as the in-process run of everything.
	uncached := runIn(t, dir, bin, "-cache=false", "-json", "./...")
	routed, _ := traced(t, dir, nil, bin, "-json", "./...")
	if routed.stdout != uncached.stdout {
		t.Errorf("-json output differs from -cache=false:\n%s\nwant:\n%s", routed.stdout, uncached.stdout)
	}
}
