package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// results is the machine-readable summary of one run (results.json).
type results struct {
	Date               string          `json:"date"`
	GoVersion          string          `json:"go_version"`
	GOOS               string          `json:"goos"`
	GOARCH             string          `json:"goarch"`
	CPUs               int             `json:"cpus"`
	LoadBefore         string          `json:"loadavg_before"`
	LoadAfter          string          `json:"loadavg_after"`
	Cold               string          `json:"cold"`
	Tools              []string        `json:"tools"`
	TimeoutSec         float64         `json:"timeout_sec"`
	ConcurlintCommit   string          `json:"concurlint_commit"`
	ConcurlintFlags    []string        `json:"concurlint_flags,omitempty"`
	Analyzers          []string        `json:"analyzers"`
	StaticcheckVersion string          `json:"staticcheck_version,omitempty"`
	TotalSec           float64         `json:"total_sec"`
	Partial            bool            `json:"partial,omitempty"`
	Updated            bool            `json:"updated,omitempty"` // some modules come from earlier runs (-update)
	Modules            []*moduleResult `json:"modules"`
}

type moduleResult struct {
	Name           string                 `json:"name"`
	Path           string                 `json:"path"`
	Version        string                 `json:"version"`
	Date           string                 `json:"date"`              // when this module was run
	Commit         string                 `json:"concurlint_commit"` // the concurlint it was run with
	PrepareError   string                 `json:"prepare_error,omitempty"`
	PrepareSec     float64                `json:"prepare_sec"`
	Packages       int                    `json:"packages"`
	TestPackages   int                    `json:"packages_with_tests"`
	Files          int                    `json:"files"`
	Lines          int                    `json:"go_lines"`
	GeneratedLines int                    `json:"generated_lines"`
	LoadErrors     []string               `json:"load_errors,omitempty"`
	Tools          map[string]*toolResult `json:"tools"`
	// DriverMismatch lists findings reported by only one of the standalone
	// and the vettool runs of concurlint, which must agree.
	DriverMismatch []string `json:"driver_mismatch,omitempty"`
}

type toolResult struct {
	Command    string         `json:"command"`
	WallSec    float64        `json:"wall_sec"`
	CPUSec     float64        `json:"cpu_sec"`
	MaxRSSMB   float64        `json:"peak_rss_mb"`
	ExitCode   int            `json:"exit_code"`
	TimedOut   bool           `json:"timed_out,omitempty"`
	Err        string         `json:"error,omitempty"`
	Findings   int            `json:"findings"`
	ByAnalyzer map[string]int `json:"by_analyzer"`
	Panics     []string       `json:"panics,omitempty"`
	ErrorCount int            `json:"error_count"`
	// Warm is the same command run again at once on the same caches
	// (nothing changed): what a replay of cached results costs.
	Warm   *warmResult `json:"warm,omitempty"`
	Errors []string    `json:"errors,omitempty"` // first maxErrors

	diags []diag
}

// warmResult is the cost of a warm run.
type warmResult struct {
	WallSec  float64 `json:"wall_sec"`
	CPUSec   float64 `json:"cpu_sec"`
	MaxRSSMB float64 `json:"peak_rss_mb"`
	ExitCode int     `json:"exit_code"`
}

const maxErrors = 30

// failed reports whether the run cannot be trusted as a measurement.
func (t *toolResult) failed() bool { return t.TimedOut || t.Err != "" || len(t.Panics) > 0 }

func (t *toolResult) oneLine() string {
	s := fmt.Sprintf("wall %6.1fs  cpu %6.1fs  rss %6.0f MB  exit %d  findings %d", t.WallSec, t.CPUSec, t.MaxRSSMB, t.ExitCode, t.Findings)
	if len(t.Panics) > 0 {
		s += fmt.Sprintf("  PANICS %d", len(t.Panics))
	}
	if t.ErrorCount > 0 {
		s += fmt.Sprintf("  errors %d", t.ErrorCount)
	}
	if t.Warm != nil {
		s += fmt.Sprintf("  | warm wall %5.1fs  cpu %5.1fs  rss %5.0f MB", t.Warm.WallSec, t.Warm.CPUSec, t.Warm.MaxRSSMB)
	}
	if t.TimedOut || t.Err != "" {
		s += "  " + t.Err
	}
	return s
}

// runTool runs one tool over ./... of a prepared module, cold, and then
// once more, warm.
func runTool(cfg *config, m module, mr *moduleResult, tool string) *toolResult {
	src := filepath.Join(cfg.moduleDir(m), "src")
	outDir := filepath.Join(cfg.moduleDir(m), "out")
	os.MkdirAll(outDir, 0o755)
	tr := &toolResult{ByAnalyzer: map[string]int{}}

	// Cold: a private build cache and a private, empty staticcheck/XDG cache.
	tmp := filepath.Join(cfg.workDir, "tmp", tool)
	os.RemoveAll(tmp)
	gocache := filepath.Join(tmp, "gocache")
	xdg := filepath.Join(tmp, "xdg")
	defer os.RemoveAll(tmp)
	if err := os.MkdirAll(xdg, 0o755); err != nil {
		tr.Err = err.Error()
		return tr
	}
	if cfg.cold == "analysis" {
		if err := linkTree(cfg.baseCache, gocache); err != nil {
			tr.Err = "snapshot of the build cache: " + err.Error()
			return tr
		}
	} else if err := os.MkdirAll(gocache, 0o755); err != nil {
		tr.Err = err.Error()
		return tr
	}
	env := withEnv(cfg.measureEnv(gocache),
		"XDG_CACHE_HOME="+xdg,
		"STATICCHECK_CACHE="+filepath.Join(xdg, "staticcheck"),
	)

	var args []string
	switch tool {
	case toolConcurlint:
		args = append(append([]string{cfg.clBin, "-json"}, cfg.clFlags...), "./...")
	case toolVet:
		args = []string{"go", "vet", "-json", "./..."}
	case toolVettool:
		args = append(append([]string{"go", "vet", "-json", "-vettool=" + cfg.clBin}, cfg.clFlags...), "./...")
	case toolStaticcheck:
		args = []string{cfg.scBin, "-f", "json", "./..."}
	}
	tr.Command = strings.Join(args, " ")
	stdout := filepath.Join(outDir, tool+".stdout")
	stderr := filepath.Join(outDir, tool+".stderr")
	meas := run(runOpts{Dir: src, Env: env, Args: args, Timeout: cfg.timeout, Stdout: stdout, Stderr: stderr})
	tr.WallSec = meas.Wall.Seconds()
	tr.CPUSec = meas.CPU.Seconds()
	tr.MaxRSSMB = float64(meas.MaxRSSKB) / 1024
	tr.ExitCode = meas.ExitCode
	tr.TimedOut = meas.TimedOut
	tr.Err = meas.Err
	if !tr.failed() {
		// Warm: again, on the caches the cold run filled.
		w := run(runOpts{Dir: src, Env: env, Args: args, Timeout: cfg.timeout})
		if !w.TimedOut && w.Err == "" {
			tr.Warm = &warmResult{WallSec: w.Wall.Seconds(), CPUSec: w.CPU.Seconds(), MaxRSSMB: float64(w.MaxRSSKB) / 1024, ExitCode: w.ExitCode}
		}
	}

	outb, _ := os.ReadFile(stdout)
	errb, _ := os.ReadFile(stderr)
	rel := relativizer(src)
	var p problems
	switch tool {
	case toolStaticcheck:
		tr.diags, p = parseStaticcheckJSON(outb, rel)
		for _, line := range strings.Split(string(errb), "\n") {
			p.classify(line)
		}
	default:
		// go vet -json writes the trees to stdout or stderr depending on
		// the tool; read both.
		all := append(append([]byte{}, outb...), '\n')
		tr.diags, p = parseAnalysisJSON(append(all, errb...), rel)
		// Standalone concurlint exits 0 (clean) or 3 (findings; the
		// multichecker's -json exits 0 there) unless something failed.
		if tool == toolConcurlint && tr.ExitCode != 0 && tr.ExitCode != 3 && len(p.Errors) == 0 && len(p.Panics) == 0 && !tr.TimedOut {
			p.Errors = append(p.Errors, fmt.Sprintf("exit code %d", tr.ExitCode))
		}
	}
	tr.Panics = p.Panics
	tr.ErrorCount = len(p.Errors)
	tr.Errors = p.Errors
	if len(tr.Errors) > maxErrors {
		tr.Errors = tr.Errors[:maxErrors]
	}
	tr.Findings = len(tr.diags)
	for _, d := range tr.diags {
		tr.ByAnalyzer[d.Analyzer]++
	}
	return tr
}

// compare checks that the two concurlint drivers found the same.
func (mr *moduleResult) compare() {
	a, b := mr.Tools[toolConcurlint], mr.Tools[toolVettool]
	if a == nil || b == nil || a.failed() || b.failed() {
		return
	}
	key := func(d diag) string { return d.Analyzer + " " + d.Posn + " " + d.Message }
	inA, inB := map[string]bool{}, map[string]bool{}
	for _, d := range a.diags {
		inA[key(d)] = true
	}
	for _, d := range b.diags {
		inB[key(d)] = true
		if !inA[key(d)] {
			mr.DriverMismatch = append(mr.DriverMismatch, "vettool only: "+key(d))
		}
	}
	for _, d := range a.diags {
		if !inB[key(d)] {
			mr.DriverMismatch = append(mr.DriverMismatch, "standalone only: "+key(d))
		}
	}
	sort.Strings(mr.DriverMismatch)
}
