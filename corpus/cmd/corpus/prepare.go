package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// download fetches m into the module cache (go mod download, which also
// checks the checksum database) and verifies the pinned hash.
func download(cfg *config, m module) (dir string, err error) {
	out, err := output(cfg.corpusDir, cfg.prepEnv(cfg.baseCache), 20*time.Minute,
		"go", "mod", "download", "-json", m.Path+"@"+m.Version)
	var info struct{ Dir, Sum, Error string }
	if jerr := json.Unmarshal(out, &info); jerr != nil && err == nil {
		err = jerr
	}
	if info.Error != "" {
		return "", fmt.Errorf("go mod download %s@%s: %s", m.Path, m.Version, info.Error)
	}
	if err != nil {
		return "", err
	}
	if info.Sum != m.Sum {
		return "", fmt.Errorf("%s@%s: module hash %s, pinned %s", m.Path, m.Version, info.Sum, m.Sum)
	}
	return info.Dir, nil
}

// prepare makes work/<name>/src a writable, buildable copy of m with all
// dependencies downloaded, and warms the base build cache with the compiled
// export data (and cgo output) of every package, test variant and dependency,
// so that a measured run starts with compilation done and no analysis cached.
func prepare(cfg *config, m module, mr *moduleResult) error {
	modDir := cfg.moduleDir(m)
	src := filepath.Join(modDir, "src")
	marker := filepath.Join(modDir, "prepared")
	want := m.Path + "@" + m.Version + " " + m.Sum + "\n"
	for _, c := range m.Setup {
		want += strings.Join(c, " ") + "\n"
	}

	if b, err := os.ReadFile(marker); err != nil || string(b) != want {
		cacheDir, err := download(cfg, m)
		if err != nil {
			return err
		}
		os.RemoveAll(modDir)
		if err := copyTree(cacheDir, src); err != nil {
			return fmt.Errorf("copy %s: %v", cacheDir, err)
		}
		// go mod download of every module in the build list: afterwards the
		// measured runs need no network (they run with GOPROXY=off).
		if _, err := output(src, cfg.prepEnv(cfg.baseCache), 30*time.Minute, "go", "mod", "download"); err != nil {
			return err
		}
		for _, c := range m.Setup {
			if _, err := output(src, cfg.prepEnv(cfg.baseCache), 30*time.Minute, c...); err != nil {
				return fmt.Errorf("setup: %v", err)
			}
		}
		if err := os.WriteFile(marker, []byte(want), 0o644); err != nil {
			return err
		}
	}

	// Warm the base cache. Idempotent and fast once warm. Errors of single
	// packages (-e) are reported later from go list -json, not here.
	start := time.Now()
	if _, err := output(src, cfg.prepEnv(cfg.baseCache), cfg.timeout,
		"go", "list", "-e", "-export", "-deps", "-test", "-compiled", "-f", "{{.ImportPath}}", "./..."); err != nil {
		return fmt.Errorf("warming the build cache: %v", err)
	}
	mr.PrepareSec = time.Since(start).Seconds()
	return countPackages(cfg, src, mr)
}

// countPackages lists the packages of ./... and counts their Go lines.
func countPackages(cfg *config, src string, mr *moduleResult) error {
	out, err := output(src, cfg.measureEnv(cfg.baseCache), 10*time.Minute,
		"go", "list", "-e", "-json=ImportPath,Dir,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,Error,DepsErrors", "./...")
	if err != nil {
		return err
	}
	type pkgErr struct{ Err string }
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			ImportPath, Dir                              string
			GoFiles, CgoFiles, TestGoFiles, XTestGoFiles []string
			Error                                        *pkgErr
			DepsErrors                                   []*pkgErr
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("go list: %v", err)
		}
		mr.Packages++
		if p.Error != nil {
			mr.LoadErrors = append(mr.LoadErrors, p.ImportPath+": "+firstLine(p.Error.Err))
		}
		for _, e := range p.DepsErrors {
			mr.LoadErrors = append(mr.LoadErrors, p.ImportPath+" (dependency): "+firstLine(e.Err))
		}
		if len(p.TestGoFiles)+len(p.XTestGoFiles) > 0 {
			mr.TestPackages++
		}
		var files []string
		for _, l := range [][]string{p.GoFiles, p.CgoFiles, p.TestGoFiles, p.XTestGoFiles} {
			files = append(files, l...)
		}
		for _, f := range files {
			n, gen, err := countLines(filepath.Join(p.Dir, f))
			if err != nil {
				return err
			}
			mr.Files++
			if gen {
				mr.GeneratedLines += n
			} else {
				mr.Lines += n
			}
		}
	}
	sort.Strings(mr.LoadErrors)
	return nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// generatedRx is the convention of https://go.dev/s/generatedcode.
var generatedRx = regexp.MustCompile(`^// Code generated .* DO NOT EDIT\.$`)

// countLines returns the number of lines of a Go file and whether it is
// generated (the marker comment appears before the package clause).
func countLines(path string) (n int, generated bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	inHeader := true
	for sc.Scan() {
		n++
		if inHeader {
			line := sc.Text()
			if generatedRx.MatchString(strings.TrimRight(line, "\r")) {
				generated = true
			}
			if strings.HasPrefix(line, "package ") {
				inHeader = false
			}
		}
	}
	return n, generated, sc.Err()
}

// copyTree copies a module from the read-only module cache, making the copy
// writable (go mod download and go list -mod=mod may update go.sum).
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type().IsRegular():
			info, err := d.Info()
			if err != nil {
				return err
			}
			return copyFile(path, target, info.Mode().Perm()|0o200)
		}
		return nil // module zips hold no symlinks or devices
	})
}

func copyFile(src, dst string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// linkTree makes dst a snapshot of the build cache src using hard links:
// instant, no extra disk, and the go command only ever adds new files to a
// cache (entries are content-addressed), so nothing a measured run writes
// reaches the base cache or the next tool's snapshot.
func linkTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if d.Type().IsRegular() {
			return os.Link(path, target)
		}
		return nil
	})
}
