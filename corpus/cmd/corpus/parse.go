package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// diag is one diagnostic, from any tool.
type diag struct {
	Analyzer string   `json:"analyzer"` // analyzer name, or staticcheck check code
	Posn     string   `json:"posn"`     // file:line:col, relative to the module root when inside it
	Message  string   `json:"message"`
	Related  []string `json:"related,omitempty"` // "posn: message"
}

// problems collects what went wrong in a tool run, apart from diagnostics.
type problems struct {
	Panics []string // first line of each panic / internal error / fatal error
	Errors []string // analysis errors, load/type errors and other unexpected output
}

// panicRx matches the lines that mean a tool crashed.
var panicRx = regexp.MustCompile(`^(panic: |fatal error: |.*internal error)|goroutine \d+ \[running\]:`)

// classify sorts one line of unexpected output into problems.
func (p *problems) classify(line string) {
	line = strings.TrimRight(line, "\r")
	if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "# ") {
		return // package headers of go vet
	}
	if panicRx.MatchString(line) {
		p.Panics = append(p.Panics, line)
		return
	}
	if strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "goroutine ") {
		return // stack trace lines following a panic
	}
	p.Errors = append(p.Errors, line)
}

// jsonDiag is the schema of the analysis drivers' -json output
// (x/tools internal/analysis/driverutil.JSONDiagnostic).
type jsonDiag struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
	Related []struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	} `json:"related"`
}

// parseAnalysisJSON parses the -json output of a go/analysis driver: the
// multichecker (one JSON tree) or go vet -json (one tree per package,
// preceded by "# pkg" lines, possibly interleaved with error text). A tree maps
// package ID -> analyzer name -> []diagnostic or {"error": "..."}.
// Top-level objects start with a line "{" and end with a line "}"; the
// drivers indent everything inside.
func parseAnalysisJSON(data []byte, rel func(string) string) ([]diag, problems) {
	var diags []diag
	var p problems
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<28)
	handle := func(obj []byte) {
		var tree map[string]map[string]json.RawMessage
		if err := json.Unmarshal(obj, &tree); err != nil {
			p.Errors = append(p.Errors, "unparsable JSON output: "+err.Error())
			return
		}
		for pkg, byAnalyzer := range tree {
			for name, raw := range byAnalyzer {
				if len(raw) > 0 && raw[0] == '{' {
					var e struct{ Error string }
					json.Unmarshal(raw, &e)
					p.classifyAnalysisError(pkg, name, e.Error)
					continue
				}
				var ds []jsonDiag
				if err := json.Unmarshal(raw, &ds); err != nil {
					p.Errors = append(p.Errors, "unparsable diagnostics of "+name+": "+err.Error())
					continue
				}
				for _, d := range ds {
					x := diag{Analyzer: name, Posn: rel(d.Posn), Message: d.Message}
					for _, r := range d.Related {
						x.Related = append(x.Related, rel(r.Posn)+": "+r.Message)
					}
					diags = append(diags, x)
				}
			}
		}
	}
	var obj []byte
	inObj := false
	for sc.Scan() {
		line := sc.Text()
		switch {
		case !inObj && line == "{":
			inObj = true
			obj = append(obj[:0], line...)
			obj = append(obj, '\n')
		case inObj:
			obj = append(obj, line...)
			obj = append(obj, '\n')
			if line == "}" {
				inObj = false
				handle(obj)
			}
		case strings.HasPrefix(line, "{") && json.Valid([]byte(line)):
			handle([]byte(line)) // "{}": nothing to report
		default:
			p.classify(line)
		}
	}
	if inObj {
		p.Errors = append(p.Errors, "truncated JSON output")
	}
	return dedup(diags), p
}

func (p *problems) classifyAnalysisError(pkg, analyzer, msg string) {
	line := pkg + ": " + analyzer + ": " + firstLine(msg)
	if panicRx.MatchString(msg) || strings.Contains(msg, "panic") {
		p.Panics = append(p.Panics, line)
	} else {
		p.Errors = append(p.Errors, line)
	}
}

// parseStaticcheckJSON parses staticcheck -f json: one object per line.
// Check code "compile" is a load/type error, not a finding.
func parseStaticcheckJSON(data []byte, rel func(string) string) ([]diag, problems) {
	var diags []diag
	var p problems
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<28)
	for sc.Scan() {
		line := sc.Text()
		var d struct {
			Code     string
			Message  string
			Location struct {
				File         string
				Line, Column int
			}
			Related []struct {
				Location struct {
					File         string
					Line, Column int
				}
				Message string
			}
		}
		if !strings.HasPrefix(line, "{") || json.Unmarshal([]byte(line), &d) != nil {
			p.classify(line)
			continue
		}
		posn := rel(d.Location.File + ":" + strconv.Itoa(d.Location.Line) + ":" + strconv.Itoa(d.Location.Column))
		if d.Code == "compile" {
			msg := strings.ReplaceAll(strings.TrimSpace(d.Message), "\n", " | ")
			if d.Location.File != "" {
				msg = posn + ": " + msg
			}
			p.Errors = append(p.Errors, msg)
			continue
		}
		x := diag{Analyzer: d.Code, Posn: posn, Message: d.Message}
		for _, r := range d.Related {
			x.Related = append(x.Related, rel(r.Location.File+":"+strconv.Itoa(r.Location.Line)+":"+strconv.Itoa(r.Location.Column))+": "+r.Message)
		}
		diags = append(diags, x)
	}
	return dedup(diags), p
}

// dedup removes diagnostics reported more than once, which happens because a
// package is analyzed both as itself and as its test variant, and sorts them.
func dedup(ds []diag) []diag {
	seen := map[string]bool{}
	var out []diag
	for _, d := range ds {
		k := d.Analyzer + "\x00" + d.Posn + "\x00" + d.Message
		if !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Analyzer != b.Analyzer {
			return a.Analyzer < b.Analyzer
		}
		if fa, fb := posnKey(a.Posn), posnKey(b.Posn); fa != fb {
			return fa < fb
		}
		return a.Message < b.Message
	})
	return out
}

// posnKey makes file:line:col sort numerically by line and column.
func posnKey(posn string) string {
	parts := strings.Split(posn, ":")
	if len(parts) < 3 {
		return posn
	}
	n := len(parts)
	l, _ := strconv.Atoi(parts[n-2])
	c, _ := strconv.Atoi(parts[n-1])
	return strings.Join(parts[:n-2], ":") + ":" + leftPad(l) + ":" + leftPad(c)
}

func leftPad(n int) string { return fmt.Sprintf("%09d", n) }

// relativizer returns a function that makes paths under root relative to it.
func relativizer(root string) func(string) string {
	prefix := strings.TrimRight(root, "/") + "/"
	return func(p string) string { return strings.TrimPrefix(p, prefix) }
}
