package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/token"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// validateSARIF checks data against the structure SARIF 2.1.0 requires
// (written by hand from the OASIS spec, sections 3.13-3.30, and the JSON
// schema's "required" lists), plus the invariants GitHub code scanning
// relies on. It decodes into generic maps so that it checks the bytes, not
// our own Go types. It returns the decoded log.
func validateSARIF(t reporter, data []byte) map[string]any {
	t.Helper()
	var log map[string]any
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("SARIF is not JSON: %v\n%s", err, data)
	}
	errorf := func(format string, args ...any) {
		t.Helper()
		t.Errorf("SARIF: "+format, args...)
	}
	obj := func(v any, where string) map[string]any {
		t.Helper()
		m, ok := v.(map[string]any)
		if !ok {
			errorf("%s: want an object, got %T", where, v)
		}
		return m
	}
	arr := func(v any, where string) []any {
		t.Helper()
		a, ok := v.([]any)
		if !ok {
			errorf("%s: want an array, got %T", where, v)
		}
		return a
	}
	str := func(m map[string]any, key, where string) string {
		t.Helper()
		s, ok := m[key].(string)
		if !ok {
			errorf("%s.%s: want a string, got %T", where, key, m[key])
		}
		return s
	}
	num := func(m map[string]any, key, where string, min float64) (int, bool) {
		t.Helper()
		v, present := m[key]
		if !present {
			return 0, false
		}
		f, ok := v.(float64)
		if !ok || f != float64(int(f)) || f < min {
			errorf("%s.%s: want an integer >= %v, got %v", where, key, min, v)
		}
		return int(f), true
	}
	message := func(v any, where string) {
		t.Helper()
		m := obj(v, where)
		if m == nil {
			return
		}
		// §3.11.3: a message has text or id; we always emit text.
		if s := str(m, "text", where); s == "" {
			errorf("%s.text is empty", where)
		}
	}

	if v := str(log, "version", "log"); v != "2.1.0" {
		errorf("version = %q, want 2.1.0", v)
	}
	if s := str(log, "$schema", "log"); !strings.Contains(s, "sarif") || !strings.Contains(s, "2.1.0") {
		errorf("$schema = %q, want the 2.1.0 schema", s)
	}
	runs := arr(log["runs"], "runs")
	if len(runs) == 0 {
		errorf("no runs")
	}
	for ri, rv := range runs {
		where := fmt.Sprintf("runs[%d]", ri)
		run := obj(rv, where)
		tool := obj(run["tool"], where+".tool")
		driver := obj(tool["driver"], where+".tool.driver")
		if str(driver, "name", where+".tool.driver") == "" {
			errorf("%s.tool.driver.name is empty", where)
		}
		var ruleIDs []string
		for i, r := range arr(driver["rules"], where+".tool.driver.rules") {
			w := fmt.Sprintf("%s.tool.driver.rules[%d]", where, i)
			rule := obj(r, w)
			id := str(rule, "id", w)
			if id == "" {
				errorf("%s.id is empty", w)
			}
			ruleIDs = append(ruleIDs, id)
			for _, k := range []string{"shortDescription", "fullDescription", "help"} {
				if v, ok := rule[k]; ok {
					message(v, w+"."+k)
				}
			}
			if u, ok := rule["helpUri"]; ok {
				if s, _ := u.(string); !isAbsURI(s) {
					errorf("%s.helpUri = %q, want an absolute URI", w, u)
				}
			}
			if dc, ok := rule["defaultConfiguration"]; ok {
				checkLevel(t, obj(dc, w+".defaultConfiguration")["level"], w+".defaultConfiguration.level")
			}
		}
		bases := map[string]bool{}
		if ob, ok := run["originalUriBaseIds"]; ok {
			for k, v := range obj(ob, where+".originalUriBaseIds") {
				u := str(obj(v, where+".originalUriBaseIds."+k), "uri", where+".originalUriBaseIds."+k)
				// §3.14.14: a base URI must end with a slash.
				if !strings.HasSuffix(u, "/") || !isAbsURI(u) {
					errorf("%s.originalUriBaseIds.%s.uri = %q: want an absolute URI ending in /", where, k, u)
				}
				bases[k] = true
			}
		}
		if ck, ok := run["columnKind"]; ok && ck != "utf16CodeUnits" && ck != "unicodeCodePoints" {
			errorf("%s.columnKind = %v", where, ck)
		}
		for i, inv := range arr(orEmpty(run["invocations"]), where+".invocations") {
			w := fmt.Sprintf("%s.invocations[%d]", where, i)
			if _, ok := obj(inv, w)["executionSuccessful"].(bool); !ok {
				errorf("%s.executionSuccessful: required boolean missing", w)
			}
		}
		artifact := func(v any, w string) {
			t.Helper()
			al := obj(v, w)
			u := str(al, "uri", w)
			if base, ok := al["uriBaseId"]; ok {
				if !bases[fmt.Sprint(base)] {
					errorf("%s.uriBaseId %v not in originalUriBaseIds", w, base)
				}
				if isAbsURI(u) || strings.HasPrefix(u, "/") {
					errorf("%s.uri = %q: want a relative reference with uriBaseId", w, u)
				}
			} else if !isAbsURI(u) {
				errorf("%s.uri = %q: relative without uriBaseId", w, u)
			}
		}
		region := func(v any, w string) {
			t.Helper()
			rg := obj(v, w)
			sl, ok1 := num(rg, "startLine", w, 1)
			sc, _ := num(rg, "startColumn", w, 1)
			el, ok2 := num(rg, "endLine", w, 1)
			ec, ok3 := num(rg, "endColumn", w, 1)
			if !ok1 {
				errorf("%s.startLine missing (we always give line/column regions)", w)
			}
			if ok2 && el < sl {
				errorf("%s: endLine %d < startLine %d", w, el, sl)
			}
			if ok2 && ok3 && el == sl && ec < sc {
				errorf("%s: endColumn %d < startColumn %d on one line", w, ec, sc)
			}
		}
		physical := func(v any, w string) {
			t.Helper()
			pl := obj(v, w)
			artifact(pl["artifactLocation"], w+".artifactLocation")
			if rg, ok := pl["region"]; ok {
				region(rg, w+".region")
			}
		}
		results, ok := run["results"]
		if !ok {
			errorf("%s.results missing (an empty array means no findings; absent means not run)", where)
		}
		for i, rv := range arr(results, where+".results") {
			w := fmt.Sprintf("%s.results[%d]", where, i)
			res := obj(rv, w)
			message(res["message"], w+".message")
			id := str(res, "ruleId", w)
			if idx, ok := num(res, "ruleIndex", w, 0); ok {
				if idx >= len(ruleIDs) || ruleIDs[idx] != id {
					errorf("%s.ruleIndex %d does not name rule %q", w, idx, id)
				}
			}
			if lv, ok := res["level"]; ok {
				checkLevel(t, lv, w+".level")
			}
			locs := arr(res["locations"], w+".locations")
			if len(locs) == 0 {
				errorf("%s has no locations", w)
			}
			for j, l := range locs {
				physical(obj(l, w)["physicalLocation"], fmt.Sprintf("%s.locations[%d].physicalLocation", w, j))
			}
			ids := map[int]bool{}
			for j, l := range arr(orEmpty(res["relatedLocations"]), w+".relatedLocations") {
				lw := fmt.Sprintf("%s.relatedLocations[%d]", w, j)
				loc := obj(l, lw)
				if id, ok := num(loc, "id", lw, 0); ok {
					if ids[id] {
						errorf("%s.id %d repeated", lw, id)
					}
					ids[id] = true
				}
				physical(loc["physicalLocation"], lw+".physicalLocation")
				message(loc["message"], lw+".message")
			}
			for j, f := range arr(orEmpty(res["fixes"]), w+".fixes") {
				fw := fmt.Sprintf("%s.fixes[%d]", w, j)
				fix := obj(f, fw)
				if d, ok := fix["description"]; ok {
					message(d, fw+".description")
				}
				changes := arr(fix["artifactChanges"], fw+".artifactChanges")
				if len(changes) == 0 {
					errorf("%s.artifactChanges is empty (minItems 1)", fw)
				}
				for k, c := range changes {
					cw := fmt.Sprintf("%s.artifactChanges[%d]", fw, k)
					ch := obj(c, cw)
					artifact(ch["artifactLocation"], cw+".artifactLocation")
					reps := arr(ch["replacements"], cw+".replacements")
					if len(reps) == 0 {
						errorf("%s.replacements is empty (minItems 1)", cw)
					}
					for m, r := range reps {
						rw := fmt.Sprintf("%s.replacements[%d]", cw, m)
						region(obj(r, rw)["deletedRegion"], rw+".deletedRegion")
					}
				}
			}
		}
	}
	return log
}

func orEmpty(v any) any {
	if v == nil {
		return []any{}
	}
	return v
}

func isAbsURI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.IsAbs()
}

func checkLevel(t reporter, v any, where string) {
	t.Helper()
	switch v {
	case "none", "note", "warning", "error":
	default:
		t.Errorf("SARIF: %s = %v, want none, note, warning or error", where, v)
	}
}

// reporter is the part of testing.TB the validator uses.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// recorder is a reporter that only records failure.
type recorder struct{ failed bool }

type fatal struct{}

func (r *recorder) Helper()                           {}
func (r *recorder) Errorf(format string, args ...any) { r.failed = true }
func (r *recorder) Fatalf(format string, args ...any) { r.failed = true; panic(fatal{}) }

// TestSARIFConversion feeds a synthetic result with related locations, a
// multi-byte line and a fix through buildSARIF, pinning the conversion
// whichever analyzers are registered.
func TestSARIFConversion(t *testing.T) {
	dir := t.TempDir()
	src := "package p\n\nvar s = \"héllo😀\"; var t = 1\n"
	filename := filepath.Join(dir, "sub", "p.go")
	os.MkdirAll(filepath.Dir(filename), 0o755)
	if err := os.WriteFile(filename, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	tf := fset.AddFile(filename, -1, len(src))
	tf.SetLinesForContent([]byte(src))
	at := func(sub string) token.Pos { return tf.Pos(strings.Index(src, sub)) }

	a := &analysis.Analyzer{Name: "demo", Doc: "report demo things\n\nThe long story.", URL: "https://example.com/demo"}
	b := &analysis.Analyzer{Name: "other", Doc: "other summary"}
	d := analysis.Diagnostic{
		Pos: at("var t"), End: at(" = 1"), Message: "t is suspicious",
		Related: []analysis.RelatedInformation{{Pos: at("var s"), Message: "s declared here"}},
		SuggestedFixes: []analysis.SuggestedFix{{
			Message:   "Rename t",
			TextEdits: []analysis.TextEdit{{Pos: at("t = 1"), End: at(" = 1"), NewText: []byte("u")}},
		}},
	}
	res := &result{
		analyzers: []*analysis.Analyzer{b, a},
		findings:  []finding{{a, "p", fset, d, fset.Position(d.Pos), fset.Position(d.End)}},
		wd:        dir,
	}
	var buf bytes.Buffer
	if err := writeSARIF(&buf, res); err != nil {
		t.Fatal(err)
	}
	log := validateSARIF(t, buf.Bytes())

	run := log["runs"].([]any)[0].(map[string]any)
	rules := run["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any)
	if len(rules) != 2 {
		t.Fatalf("want a rule per analyzer, got %d", len(rules))
	}
	rule := rules[1].(map[string]any)
	if rule["id"] != "demo" || rule["helpUri"] != "https://example.com/demo" ||
		rule["shortDescription"].(map[string]any)["text"] != "report demo things" ||
		rule["fullDescription"].(map[string]any)["text"] != "The long story." ||
		!strings.Contains(rule["help"].(map[string]any)["text"].(string), "The long story.") {
		t.Errorf("rule demo = %v", rule)
	}
	r := run["results"].([]any)[0].(map[string]any)
	if r["ruleId"] != "demo" || r["ruleIndex"] != 1.0 {
		t.Errorf("ruleId/ruleIndex = %v/%v, want demo/1", r["ruleId"], r["ruleIndex"])
	}
	loc := r["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
	if al := loc["artifactLocation"].(map[string]any); al["uri"] != "sub/p.go" || al["uriBaseId"] != srcRoot {
		t.Errorf("artifactLocation = %v, want sub/p.go relative to %s", al, srcRoot)
	}
	// "var t" starts at byte column 23 (é is 2 bytes, 😀 is 4) but at
	// UTF-16 column 20 (é is 1 unit, 😀 is 2); it ends at byte column 28,
	// UTF-16 column 25.
	if p := fset.Position(d.Pos); p.Column != 23 {
		t.Fatalf("test setup: byte column %d, want 23", p.Column)
	}
	wantRegion := map[string]any{"startLine": 3.0, "startColumn": 20.0, "endLine": 3.0, "endColumn": 25.0}
	if fmt.Sprint(loc["region"]) != fmt.Sprint(wantRegion) {
		t.Errorf("region = %v, want %v", loc["region"], wantRegion)
	}
	// The fix replaces "t": its deletedRegion is exactly that range, in UTF-16 columns.
	del := fmt.Sprint(r["fixes"].([]any)[0].(map[string]any)["artifactChanges"].([]any)[0].(map[string]any)["replacements"].([]any)[0].(map[string]any)["deletedRegion"])
	if del != fmt.Sprint(map[string]any{"startLine": 3.0, "startColumn": 24.0, "endLine": 3.0, "endColumn": 25.0}) {
		t.Errorf("deletedRegion = %s", del)
	}
	rel := r["relatedLocations"].([]any)
	if len(rel) != 1 || rel[0].(map[string]any)["message"].(map[string]any)["text"] != "s declared here" {
		t.Errorf("relatedLocations = %v", rel)
	}
	// The related location has no end: its region runs to the end of the
	// line (no endColumn) instead of being an empty insertion point.
	relRegion := rel[0].(map[string]any)["physicalLocation"].(map[string]any)["region"].(map[string]any)
	if _, ok := relRegion["endColumn"]; ok || relRegion["startColumn"] != 1.0 || relRegion["endLine"] != 3.0 {
		t.Errorf("related region = %v, want line 3 from column 1 with no endColumn", relRegion)
	}
	fixes := r["fixes"].([]any)
	if len(fixes) != 1 || !strings.Contains(fmt.Sprint(fixes[0]), "insertedContent:map[text:u]") {
		t.Errorf("fixes = %v", fixes)
	}
	if base := run["originalUriBaseIds"].(map[string]any)[srcRoot].(map[string]any)["uri"]; base != "file://"+filepath.ToSlash(dir)+"/" {
		t.Errorf("%s = %v", srcRoot, base)
	}
}

// TestValidateSARIFCatches makes sure the validator can fail.
func TestValidateSARIFCatches(t *testing.T) {
	bad := []string{
		`{"version":"2.0.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[]}`,
		`{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{"tool":{"driver":{"name":""}},"results":[]}]}`,
		`{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"a"}]}},"results":[{"ruleId":"a","ruleIndex":0,"message":{},"locations":[]}]}]}`,
		`{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"a"}]}},"results":[{"ruleId":"a","message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"p.go","uriBaseId":"NOPE"},"region":{"startLine":0}}}]}]}]}`,
	}
	for i, s := range bad {
		r := new(recorder)
		func() {
			defer func() {
				if v := recover(); v != nil && v != (fatal{}) {
					t.Errorf("bad SARIF #%d: validator panicked: %v", i, v)
				}
			}()
			validateSARIF(r, []byte(s))
		}()
		if !r.failed {
			t.Errorf("bad SARIF #%d passed validation", i)
		}
	}
}
