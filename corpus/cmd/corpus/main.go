// Command corpus runs concurlint over a corpus of real, heavily concurrent Go
// modules pinned at fixed versions, and in the same run go vet, go vet
// -vettool=concurlint and staticcheck over the same packages, under the same
// "cold" conditions, so precision (findings per 1,000 lines, read one by one)
// and speed (as ratios measured side by side) can be judged on real code.
//
// Run it from the repository root:
//
//	go -C corpus run ./cmd/corpus                 # everything (the README figures)
//	go -C corpus run ./cmd/corpus -modules go-redis,consul-api -only concurlint
//	corpus/run.sh [flags]                         # the same as the first line
//
// See docs/corpus.md for what is measured and how "cold" is defined.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// The tools, in the order they run for each module.
const (
	toolConcurlint  = "concurlint"
	toolVet         = "vet"
	toolVettool     = "vettool"
	toolStaticcheck = "staticcheck"
)

var allTools = []string{toolConcurlint, toolVet, toolVettool, toolStaticcheck}

type config struct {
	rootDir   string // the concurlint repository
	corpusDir string // rootDir/corpus
	workDir   string // corpus/work (gitignored)
	baseCache string // the warmed base build cache every measured run snapshots

	modules []module
	tools   []string
	timeout time.Duration
	cold    string // "analysis" or "build"
	clBin   string
	scBin   string
	clFlags []string
	// prepareOnly: download and prepare the modules, run nothing.
	prepareOnly bool
	publish     bool
	fresh       bool
	update      bool
	extraEnv    []string
}

func (c *config) moduleDir(m module) string { return filepath.Join(c.workDir, m.Name) }

// prepEnv is the environment of the unmeasured preparation steps.
func (c *config) prepEnv(gocache string) []string {
	env := withEnv(os.Environ(),
		"GOCACHE="+gocache,
		"GOTOOLCHAIN=local", // never switch toolchains: every tool runs on the same go
		"GOWORK=off",
		"GOFLAGS=-mod=mod -buildvcs=false",
	)
	return withEnv(env, c.extraEnv...)
}

// measureEnv is the environment of the measured tool runs: as prepEnv, plus
// no network (everything was downloaded by prepare).
func (c *config) measureEnv(gocache string) []string {
	return withEnv(c.prepEnv(gocache), "GOPROXY=off")
}

func main() {
	var (
		modulesFlag = flag.String("modules", "", "comma-separated `names` of corpus modules to run (default: the default set; \"all\" for every module; see -list)")
		onlyFlag    = flag.String("only", "", "comma-separated `tools` to run: concurlint,vet,vettool,staticcheck (default: all)")
		timeout     = flag.Duration("timeout", 20*time.Minute, "per-tool, per-module timeout (the process group is killed)")
		cold        = flag.String("cold", "analysis", "cold definition: \"analysis\" (no analysis results cached, dependencies compiled) or \"build\" (empty GOCACHE per tool run)")
		clBin       = flag.String("concurlint", "", "use this concurlint `binary` instead of building ./cmd/concurlint from the repository")
		clFlags     = flag.String("flags", "", "extra `flags` for concurlint, space-separated (e.g. \"-unlock\" to run one analyzer); applied to the standalone and vettool runs")
		update      = flag.Bool("update", false, "re-run only the named -modules and replace them in corpus/results.json and corpus/RESULTS.md, keeping the other modules' earlier results")
		publish     = flag.String("publish", "auto", "write corpus/RESULTS.md and corpus/results.json: \"auto\" (only for a full default run), \"true\", \"false\"")
		fresh       = flag.Bool("fresh", false, "discard the prepared module copies and the base build cache first")
		list        = flag.Bool("list", false, "list the corpus modules and exit")
		prepOnly    = flag.Bool("prepare", false, "only download and prepare the modules (copies, dependencies, warmed build cache); run no tool and write no results")
		setFlag     = flag.String("set", "", "run every module of this `set`: tuning or validation (see manifest.go; overrides -modules)")
	)
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: go -C corpus run ./cmd/corpus [flags]\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *list {
		for _, m := range corpus {
			def := ""
			if m.Default {
				def = " (default)"
			}
			fmt.Printf("%-14s %-10s %s@%s%s\n               %s\n", m.Name, m.Set, m.Path, m.Version, def, m.Why)
		}
		return
	}

	cfg := &config{timeout: *timeout, cold: *cold, clBin: *clBin}
	if cfg.cold != "analysis" && cfg.cold != "build" {
		fatalf("-cold must be analysis or build")
	}
	var err error
	if cfg.corpusDir, err = findCorpusDir(); err != nil {
		fatalf("%v", err)
	}
	cfg.rootDir = filepath.Dir(cfg.corpusDir)
	cfg.workDir = filepath.Join(cfg.corpusDir, "work")
	cfg.baseCache = filepath.Join(cfg.workDir, "gocache")

	full := true
	if *setFlag != "" {
		full = false
		for _, m := range corpus {
			if m.Set == *setFlag {
				cfg.modules = append(cfg.modules, m)
			}
		}
		if len(cfg.modules) == 0 {
			fatalf("no module in set %q (see -list)", *setFlag)
		}
		*modulesFlag = "-"
	}
	switch *modulesFlag {
	case "-":
	case "":
		for _, m := range corpus {
			if m.Default {
				cfg.modules = append(cfg.modules, m)
			}
		}
	case "all":
		cfg.modules = corpus
	default:
		full = false
		for _, name := range strings.Split(*modulesFlag, ",") {
			i := slices.IndexFunc(corpus, func(m module) bool { return m.Name == strings.TrimSpace(name) })
			if i < 0 {
				fatalf("unknown module %q (see -list)", name)
			}
			cfg.modules = append(cfg.modules, corpus[i])
		}
	}
	if *onlyFlag == "" {
		cfg.tools = allTools
	} else {
		full = false
		for _, t := range strings.Split(*onlyFlag, ",") {
			t = strings.TrimSpace(t)
			if !slices.Contains(allTools, t) {
				fatalf("unknown tool %q: want one of %s", t, strings.Join(allTools, ","))
			}
			cfg.tools = append(cfg.tools, t)
		}
	}
	if *clFlags != "" {
		full = false
		cfg.clFlags = strings.Fields(*clFlags)
	}
	if cfg.cold != "analysis" {
		full = false
	}
	switch *publish {
	case "auto":
		cfg.publish = full
	case "true":
		cfg.publish = true
	case "false":
	default:
		fatalf("-publish must be auto, true or false")
	}
	cfg.fresh = *fresh
	cfg.prepareOnly = *prepOnly
	if cfg.prepareOnly {
		cfg.publish = false
	}
	cfg.update = *update
	if cfg.update {
		cfg.publish = true
	}

	killChildrenOnSignal()
	if err := runAll(cfg); err != nil {
		fatalf("%v", err)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "corpus: "+format+"\n", args...)
	os.Exit(1)
}

// findCorpusDir walks up from the working directory to the corpus module
// (go -C corpus run sets it to corpus/; run.sh does too), or finds corpus/
// below the concurlint repository root.
func findCorpusDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil {
			if strings.Contains(string(b), "module github.com/concurlint/concurlint/corpus\n") {
				return d, nil
			}
			if strings.Contains(string(b), "module github.com/concurlint/concurlint\n") {
				return filepath.Join(d, "corpus"), nil
			}
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("run from inside the concurlint repository (no corpus module above %s)", dir)
		}
	}
}

func runAll(cfg *config) error {
	if cfg.fresh {
		for _, m := range cfg.modules {
			os.RemoveAll(cfg.moduleDir(m))
		}
		os.RemoveAll(cfg.baseCache)
	}
	for _, d := range []string{cfg.workDir, cfg.baseCache, filepath.Join(cfg.workDir, "bin"), filepath.Join(cfg.workDir, "tmp")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}

	res := &results{
		Date:      time.Now().UTC().Format(time.RFC3339),
		GoVersion: runtime.Version(),
		GOOS:      runtime.GOOS, GOARCH: runtime.GOARCH,
		CPUs: runtime.NumCPU(), Cold: cfg.cold, Tools: cfg.tools,
		LoadBefore:      loadavg(),
		TimeoutSec:      cfg.timeout.Seconds(),
		ConcurlintFlags: cfg.clFlags,
	}
	if out, err := output(cfg.corpusDir, os.Environ(), time.Minute, "go", "version"); err == nil {
		res.GoVersion = strings.TrimSpace(string(out))
	}
	if !cfg.prepareOnly {
		if err := buildTools(cfg, res); err != nil {
			return err
		}
	}
	fmt.Printf("corpus: %s; concurlint %s; staticcheck %s; %d CPUs; load %s; cold=%s\n",
		res.GoVersion, res.ConcurlintCommit, res.StaticcheckVersion, res.CPUs, res.LoadBefore, cfg.cold)

	start := time.Now()
	if cfg.prepareOnly {
		for _, m := range cfg.modules {
			fmt.Printf("\n== %s (%s@%s): preparing only\n", m.Name, m.Path, m.Version)
			mr := &moduleResult{Name: m.Name, Path: m.Path, Version: m.Version, Tools: map[string]*toolResult{}}
			if err := prepare(cfg, m, mr); err != nil {
				fmt.Printf("   FAILED to prepare: %s\n", tail(err.Error(), 10))
				continue
			}
			fmt.Printf("   %d packages (%d with tests), %d Go lines in %d files; %d load errors; cache warm in %.0fs\n",
				mr.Packages, mr.TestPackages, mr.Lines, mr.Files, len(mr.LoadErrors), mr.PrepareSec)
		}
		return nil
	}
	for _, m := range cfg.modules {
		mr := &moduleResult{Name: m.Name, Path: m.Path, Version: m.Version, Tools: map[string]*toolResult{},
			Date: time.Now().UTC().Format(time.RFC3339), Commit: res.ConcurlintCommit}
		res.Modules = append(res.Modules, mr)
		fmt.Printf("\n== %s (%s@%s): preparing\n", m.Name, m.Path, m.Version)
		if err := prepare(cfg, m, mr); err != nil {
			mr.PrepareError = err.Error()
			fmt.Printf("   FAILED to prepare (module skipped): %s\n", tail(err.Error(), 10))
			continue
		}
		fmt.Printf("   %d packages (%d with tests), %d Go lines (+%d generated) in %d files; %d load errors; cache warm in %.0fs\n",
			mr.Packages, mr.TestPackages, mr.Lines, mr.GeneratedLines, mr.Files, len(mr.LoadErrors), mr.PrepareSec)
		for _, t := range cfg.tools {
			tr := runTool(cfg, m, mr, t)
			mr.Tools[t] = tr
			fmt.Printf("   %-12s %s\n", t, tr.oneLine())
		}
		mr.compare()
		if err := writeFindings(cfg, m, mr); err != nil {
			fmt.Printf("   writing findings: %v\n", err)
		}
		printModule(os.Stdout, res, mr)
		// Keep work/results.json and work/RESULTS.md current, so an
		// interrupted run still leaves the modules it finished.
		res.TotalSec = time.Since(start).Seconds()
		res.Partial = len(res.Modules) < len(cfg.modules)
		if res.Partial {
			if err := writeResults(cfg, res, false); err != nil {
				fmt.Printf("   writing results: %v\n", err)
			}
		}
	}
	res.TotalSec = time.Since(start).Seconds()
	res.LoadAfter = loadavg()

	fmt.Println()
	printSummary(os.Stdout, res)
	if cfg.update {
		if err := mergeEarlier(cfg, res); err != nil {
			return err
		}
	}
	return writeResults(cfg, res, cfg.publish)
}

// buildTools builds concurlint from the repository and the pinned
// staticcheck, outside any measurement, with the user's own build cache.
func buildTools(cfg *config, res *results) error {
	env := withEnv(os.Environ(), "GOTOOLCHAIN=local", "GOWORK=off")
	if cfg.clBin == "" {
		cfg.clBin = filepath.Join(cfg.workDir, "bin", "concurlint")
		fmt.Printf("corpus: building concurlint from %s\n", cfg.rootDir)
		if _, err := output(cfg.rootDir, env, 20*time.Minute, "go", "build", "-o", cfg.clBin, "./cmd/concurlint"); err != nil {
			return err
		}
	} else if abs, err := filepath.Abs(cfg.clBin); err == nil {
		cfg.clBin = abs
	}
	if out, err := output(cfg.rootDir, env, time.Minute, "git", "rev-parse", "--short", "HEAD"); err == nil {
		res.ConcurlintCommit = strings.TrimSpace(string(out))
		if st, err := output(cfg.rootDir, env, time.Minute, "git", "status", "--porcelain", "--untracked-files=no"); err == nil && len(strings.TrimSpace(string(st))) > 0 {
			res.ConcurlintCommit += "+dirty"
		}
	}
	// The analyzers the binary runs: multichecker's -flags lists one boolean
	// "enable X analysis" flag per analyzer.
	if out, err := output(cfg.rootDir, env, time.Minute, cfg.clBin, "-flags"); err == nil {
		var flags []struct{ Name, Usage string }
		if json.Unmarshal(out, &flags) == nil {
			for _, f := range flags {
				if strings.HasPrefix(f.Usage, "enable ") && strings.HasSuffix(f.Usage, " analysis") {
					res.Analyzers = append(res.Analyzers, f.Name)
				}
			}
		}
	}
	if slices.Contains(cfg.tools, toolStaticcheck) {
		cfg.scBin = filepath.Join(cfg.workDir, "bin", "staticcheck")
		if _, err := output(cfg.corpusDir, env, 20*time.Minute, "go", "build", "-o", cfg.scBin, "honnef.co/go/tools/cmd/staticcheck"); err != nil {
			return err
		}
		if out, err := output(cfg.corpusDir, env, time.Minute, cfg.scBin, "-version"); err == nil {
			res.StaticcheckVersion = strings.TrimSpace(string(out))
		}
	}
	return nil
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// mergeEarlier adds to res the modules of the published results.json that
// this run did not re-run, in corpus order (for -update).
func mergeEarlier(cfg *config, res *results) error {
	b, err := os.ReadFile(filepath.Join(cfg.corpusDir, "results.json"))
	if err != nil {
		return fmt.Errorf("-update: %v", err)
	}
	var old results
	if err := json.Unmarshal(b, &old); err != nil {
		return fmt.Errorf("-update: %v", err)
	}
	if !slices.Equal(old.Tools, res.Tools) {
		return fmt.Errorf("-update: earlier run measured tools %v, this one %v", old.Tools, res.Tools)
	}
	byName := map[string]*moduleResult{}
	for _, mr := range old.Modules {
		if mr.Commit == "" {
			mr.Commit = old.ConcurlintCommit
		}
		if mr.Date == "" {
			mr.Date = old.Date
		}
		byName[mr.Name] = mr
	}
	for _, mr := range res.Modules {
		byName[mr.Name] = mr
	}
	res.Modules = nil
	for _, m := range corpus {
		if mr := byName[m.Name]; mr != nil {
			res.Modules = append(res.Modules, mr)
		}
	}
	res.TotalSec += old.TotalSec
	res.Updated = true
	return nil
}
