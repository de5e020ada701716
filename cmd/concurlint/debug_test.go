package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lockedBranches returns a function that locks c.mu, branches twice on
// each of n boolean parameters (the lock walk tracks each condition, so
// the path states double per parameter) and returns with the lock held
// when x > 100.
func lockedBranches(name string, n int) string {
	var b strings.Builder
	var ps []string
	for i := range n {
		ps = append(ps, fmt.Sprintf("b%d", i))
	}
	fmt.Fprintf(&b, "func %s(c *C, %s bool) int {\n\tx := 0\n\tc.mu.Lock()\n", name, strings.Join(ps, ", "))
	for i := range n {
		fmt.Fprintf(&b, "\tif b%d {\n\t\tx++\n\t}\n", i)
	}
	for i := range n {
		fmt.Fprintf(&b, "\tif b%d {\n\t\tx += 2\n\t}\n", i)
	}
	b.WriteString("\tif x > 100 {\n\t\treturn x\n\t}\n\tc.mu.Unlock()\n\treturn x\n}\n\n")
	return b.String()
}

// TestDebugBudget: Small has 2 branch pairs (16 path states) and its
// missing unlock is reported; Big has 16 (65536 states, past the lock
// walk's 4000): the walk gives up, nothing is reported for Big, and
// -debug=budget names the function and the budget.
func TestDebugBudget(t *testing.T) {
	t.Parallel()
	bin := concurlintBin(t)
	dir := t.TempDir()
	src := "package budget\n\nimport \"sync\"\n\ntype C struct{ mu sync.Mutex }\n\n" +
		lockedBranches("Small", 2) + lockedBranches("Big", 16)
	for name, data := range map[string]string{
		"go.mod":    "module example.com/budget\n\ngo 1.22\n",
		"budget.go": src,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	smallLine := strings.Count(src[:strings.Index(src, "func Small")], "\n") + 1
	bigLine := strings.Count(src[:strings.Index(src, "func Big")], "\n") + 1

	res := runIn(t, dir, bin, "-unlock", "-debug=budget", "./...")
	if res.code != exitFindings {
		t.Errorf("exit %d, want %d\nstderr:\n%s", res.code, exitFindings, res.stderr)
	}
	lines := strings.Split(res.stderr, "\n")
	var findings []string
	for _, l := range lines {
		if strings.HasSuffix(l, "(unlock)") {
			findings = append(findings, l)
		}
	}
	want := fmt.Sprintf("budget.go:%d:2: c.mu is locked here but not unlocked", smallLine+2)
	if len(findings) != 1 || !strings.HasPrefix(findings[0], want) {
		t.Errorf("findings %q, want one, in Small (%s…); Big (line %d) must stay silent\nstderr:\n%s", findings, want, bigLine, res.stderr)
	}
	hit := "budget: unlock example.com/budget example.com/budget.Big: lockmodel.Walk states"
	if !strings.Contains(res.stderr, hit) {
		t.Errorf("-debug=budget does not list %q:\n%s", hit, res.stderr)
	}
	if strings.Contains(res.stderr, "budget.Small") {
		t.Errorf("Small did not hit a budget, but is listed:\n%s", res.stderr)
	}

	// Without -debug, hitting the budget prints nothing.
	res = runIn(t, dir, bin, "-unlock", "./...")
	if strings.Contains(res.stderr, "budget hit") || strings.Contains(res.stderr, "budget: ") {
		t.Errorf("budget hits printed without -debug=budget:\n%s", res.stderr)
	}
	if res := runIn(t, dir, bin, "-debug=nosuch", "./..."); res.code != exitUsage {
		t.Errorf("-debug=nosuch: exit %d, want %d", res.code, exitUsage)
	}
}
