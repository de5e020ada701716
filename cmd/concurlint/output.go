package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"os"
	"strings"
)

// writeText prints "file:line:col: message (analyzer)" per finding, with
// related locations indented below it, as go vet does (plus the analyzer
// name, which is what //nolint:NAME needs).
func writeText(w io.Writer, res *result, contextLines int) error {
	bw := bufio.NewWriter(w)
	lines := make(map[string][]string)
	show := func(posn, end token.Position, msg string) {
		file, _ := relPath(res.wd, posn.Filename)
		if posn.IsValid() {
			fmt.Fprintf(bw, "%s:%d:%d: %s\n", file, posn.Line, posn.Column, msg)
		} else {
			fmt.Fprintf(bw, "-: %s\n", msg)
		}
		if contextLines < 0 || !posn.IsValid() {
			return
		}
		src, ok := lines[posn.Filename]
		if !ok {
			data, _ := os.ReadFile(posn.Filename)
			src = strings.Split(string(data), "\n")
			lines[posn.Filename] = src
		}
		last := posn.Line
		if end.IsValid() && end.Line > last {
			last = end.Line
		}
		for i := posn.Line - contextLines; i <= last+contextLines; i++ {
			if 1 <= i && i <= len(src) {
				fmt.Fprintf(bw, "%d\t%s\n", i, src[i-1])
			}
		}
	}
	for _, f := range res.findings {
		show(f.posn, f.end, fmt.Sprintf("%s (%s)", f.diag.Message, f.analyzer.Name))
		for _, r := range f.diag.Related {
			end := r.End
			if !end.IsValid() {
				end = r.Pos
			}
			show(f.fset.Position(r.Pos), f.fset.Position(end), "\t"+r.Message)
		}
	}
	return bw.Flush()
}

// The JSON format is go vet's (-json): package ID -> analyzer -> diagnostics
// (or {"error": ...}), so tools that read `go vet -json` read this too.
type (
	jsonTree       map[string]map[string]any
	jsonDiagnostic struct {
		Category       string        `json:"category,omitempty"`
		Posn           string        `json:"posn"`
		End            string        `json:"end"`
		Message        string        `json:"message"`
		SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated `json:"related,omitempty"`
	}
	jsonFix struct {
		Message string     `json:"message"`
		Edits   []jsonEdit `json:"edits"`
	}
	jsonEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
)

func writeJSON(w io.Writer, res *result) error {
	tree := make(jsonTree)
	for _, f := range res.findings {
		jd := jsonDiagnostic{
			Category: f.diag.Category,
			Posn:     f.posn.String(),
			End:      f.end.String(),
			Message:  f.diag.Message,
		}
		for _, fix := range f.diag.SuggestedFixes {
			jf := jsonFix{Message: fix.Message, Edits: []jsonEdit{}}
			for _, e := range fix.TextEdits {
				start, end := f.fset.Position(e.Pos), f.fset.Position(e.End)
				if !e.End.IsValid() {
					end = start
				}
				jf.Edits = append(jf.Edits, jsonEdit{start.Filename, start.Offset, end.Offset, string(e.NewText)})
			}
			jd.SuggestedFixes = append(jd.SuggestedFixes, jf)
		}
		for _, r := range f.diag.Related {
			end := r.End
			if !end.IsValid() {
				end = r.Pos
			}
			jd.Related = append(jd.Related, jsonRelated{f.fset.Position(r.Pos).String(), f.fset.Position(end).String(), r.Message})
		}
		m := tree[f.pkgID]
		if m == nil {
			m = make(map[string]any)
			tree[f.pkgID] = m
		}
		list, _ := m[f.analyzer.Name].([]jsonDiagnostic)
		m[f.analyzer.Name] = append(list, jd)
	}
	for _, e := range res.errors {
		// go vet's form for a failed analysis; load errors appear under
		// the pseudo-analyzer "load".
		m := tree[e.pkgID]
		if m == nil {
			m = make(map[string]any)
			tree[e.pkgID] = m
		}
		m[e.analyzer] = struct {
			Err string `json:"error"`
		}{e.msg}
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}
