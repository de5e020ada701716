package main

import (
	"encoding/json"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode/utf16"

	"golang.org/x/tools/go/analysis"
)

// SARIF 2.1.0 (OASIS standard, https://docs.oasis-open.org/sarif/sarif/v2.1.0/),
// the subset GitHub code scanning reads. Field names follow the spec's
// property names exactly.

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	srcRoot      = "%SRCROOT%" // uriBaseId of every file under the working directory
	toolURI      = "https://github.com/concurlint/concurlint"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                      `json:"tool"`
	Invocations        []sarifInvocation              `json:"invocations,omitempty"`
	OriginalURIBaseIDs map[string]sarifArtifactLocURI `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult                  `json:"results"` // present even when empty: "no findings"
	ColumnKind         string                         `json:"columnKind,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri,omitempty"`
	Rules           []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string           `json:"id"`
	Name                 string           `json:"name,omitempty"`
	ShortDescription     *sarifMessage    `json:"shortDescription,omitempty"`
	FullDescription      *sarifMessage    `json:"fullDescription,omitempty"`
	Help                 *sarifMessage    `json:"help,omitempty"`
	HelpURI              string           `json:"helpUri,omitempty"`
	DefaultConfiguration *sarifRuleConfig `json:"defaultConfiguration,omitempty"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string       `json:"level"`
	Message sarifMessage `json:"message"`
}

type sarifArtifactLocURI struct {
	URI string `json:"uri"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifMessage    `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	Fixes            []sarifFix      `json:"fixes,omitempty"`
	CodeFlows        []sarifCodeFlow `json:"codeFlows,omitempty"`
}

// A code flow shows a deadlock's witness: one thread flow per goroutine
// (the one holding the lock, the one that needs it).
type sarifCodeFlow struct {
	ThreadFlows []sarifThreadFlow `json:"threadFlows"`
}

type sarifThreadFlow struct {
	Locations []sarifThreadFlowLocation `json:"locations"`
}

type sarifThreadFlowLocation struct {
	Location sarifLocation `json:"location"`
}

type sarifLocation struct {
	ID               *int                   `json:"id,omitempty"`
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	Message          *sarifMessage          `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn,omitempty"` // absent: to the end of EndLine
}

type sarifFix struct {
	Description     sarifMessage          `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Replacements     []sarifReplacement    `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion   `json:"deletedRegion"`
	InsertedContent *sarifMessage `json:"insertedContent,omitempty"` // {"text": ...}
}

// summaryAndBody splits an analyzer's Doc into its first line (the summary
// concurlint's docs and vet's both start with) and the rest.
func summaryAndBody(a *analysis.Analyzer) (summary, body string) {
	summary, body, _ = strings.Cut(a.Doc, "\n")
	return strings.TrimSpace(summary), strings.TrimSpace(body)
}

// buildSARIF converts a result into a SARIF log with one run.
func buildSARIF(res *result) *sarifLog {
	driver := sarifDriver{Name: "concurlint", InformationURI: toolURI, Rules: []sarifRule{}}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		driver.Version = bi.Main.Version
		driver.SemanticVersion = strings.TrimPrefix(bi.Main.Version, "v")
	}
	ruleIndex := make(map[string]int)
	for _, a := range res.analyzers {
		summary, body := summaryAndBody(a)
		r := sarifRule{
			ID:                   a.Name,
			Name:                 a.Name,
			ShortDescription:     &sarifMessage{Text: summary},
			HelpURI:              a.URL,
			DefaultConfiguration: &sarifRuleConfig{Level: "warning"},
		}
		if body != "" {
			r.FullDescription = &sarifMessage{Text: body}
		}
		r.Help = &sarifMessage{Text: strings.TrimSpace(a.Doc)}
		ruleIndex[a.Name] = len(driver.Rules)
		driver.Rules = append(driver.Rules, r)
	}

	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}, ColumnKind: "utf16CodeUnits"}
	if res.wd != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocURI{srcRoot: {URI: fileURI(res.wd) + "/"}}
	}
	inv := sarifInvocation{ExecutionSuccessful: len(res.errors) == 0}
	for _, e := range res.errors {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			sarifNotification{Level: "error", Message: sarifMessage{Text: e.pkgID + ": " + e.analyzer + ": " + e.msg}})
	}
	run.Invocations = []sarifInvocation{inv}

	cols := &columnConverter{files: make(map[string][]string)}
	for _, f := range res.findings {
		r := sarifResult{
			RuleID:    f.analyzer.Name,
			RuleIndex: ruleIndex[f.analyzer.Name],
			Level:     "warning",
			Message:   sarifMessage{Text: f.diag.Message},
			Locations: []sarifLocation{{PhysicalLocation: cols.location(res.wd, f.posn, f.end)}},
		}
		for i, rel := range f.diag.Related {
			end := rel.End
			if !end.IsValid() {
				end = rel.Pos
			}
			id := i + 1
			r.RelatedLocations = append(r.RelatedLocations, sarifLocation{
				ID:               &id,
				PhysicalLocation: cols.location(res.wd, f.fset.Position(rel.Pos), f.fset.Position(end)),
				Message:          &sarifMessage{Text: rel.Message},
			})
		}
		if f.analyzer.Name == "deadlock" {
			r.CodeFlows = deadlockFlows(r)
		}
		for _, fix := range f.diag.SuggestedFixes {
			sf := sarifFix{Description: sarifMessage{Text: fix.Message}}
			byFile := make(map[string]int) // filename -> index in ArtifactChanges
			for _, e := range fix.TextEdits {
				start, end := f.fset.Position(e.Pos), f.fset.Position(e.End)
				if !e.End.IsValid() {
					end = start
				}
				i, ok := byFile[start.Filename]
				if !ok {
					i = len(sf.ArtifactChanges)
					byFile[start.Filename] = i
					sf.ArtifactChanges = append(sf.ArtifactChanges, sarifArtifactChange{
						ArtifactLocation: artifact(res.wd, start.Filename),
					})
				}
				ac := &sf.ArtifactChanges[i]
				ac.Replacements = append(ac.Replacements, sarifReplacement{
					DeletedRegion:   *cols.region(start, end),
					InsertedContent: &sarifMessage{Text: string(e.NewText)},
				})
			}
			if len(sf.ArtifactChanges) > 0 {
				r.Fixes = append(r.Fixes, sf)
			}
		}
		run.Results = append(run.Results, r)
	}
	return &sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}
}

func writeSARIF(w io.Writer, res *result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(buildSARIF(res))
}

// artifact names a file relative to %SRCROOT% (the working directory) when
// it lies below it, else by an absolute file URI.
func artifact(wd, filename string) sarifArtifactLocation {
	if rel, ok := relPath(wd, filename); ok {
		return sarifArtifactLocation{URI: uriPath(filepath.ToSlash(rel)), URIBaseID: srcRoot}
	}
	return sarifArtifactLocation{URI: fileURI(filename)}
}

func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows drive letter
	}
	return "file://" + uriPath(p)
}

// uriPath escapes each segment of a slash-separated path.
func uriPath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// columnConverter turns go/token's byte columns into SARIF's default
// columnKind, UTF-16 code units, reading each file once.
type columnConverter struct {
	files map[string][]string
}

// location is a result or related location. A diagnostic with no end (or
// an empty range) gets a region to the end of its line, which is how code
// scanning can highlight it; a zero-width region would be an insertion point.
func (c *columnConverter) location(wd string, posn, end token.Position) *sarifPhysicalLocation {
	r := c.region(posn, end)
	if r.EndLine == r.StartLine && r.EndColumn <= r.StartColumn {
		r.EndColumn = 0
	}
	return &sarifPhysicalLocation{ArtifactLocation: artifact(wd, posn.Filename), Region: r}
}

func (c *columnConverter) region(posn, end token.Position) *sarifRegion {
	if !end.IsValid() || end.Line < posn.Line {
		end = posn
	}
	return &sarifRegion{
		StartLine:   max(posn.Line, 1),
		StartColumn: c.col(posn),
		EndLine:     max(end.Line, 1),
		EndColumn:   c.col(end),
	}
}

func (c *columnConverter) col(p token.Position) int {
	if p.Column < 1 {
		return 1
	}
	lines, ok := c.files[p.Filename]
	if !ok {
		data, err := os.ReadFile(p.Filename)
		if err == nil {
			lines = strings.Split(string(data), "\n")
		}
		c.files[p.Filename] = lines
	}
	if p.Line < 1 || p.Line > len(lines) {
		return p.Column
	}
	line := lines[p.Line-1]
	n := min(p.Column-1, len(line)) // bytes before the position
	units := 0
	for _, r := range line[:n] {
		units += max(utf16.RuneLen(r), 1) // an invalid byte counts as one unit
	}
	return units + 1 + (p.Column - 1 - n) // past end of line: keep the excess
}

// deadlockFlows builds the code flow of a deadlock finding from its
// locations: the first related location is this goroutine's acquisition,
// then the reported operation; "acquired again here" continues the same
// goroutine (a callee); the other related locations are the other
// goroutine's steps, in order.
func deadlockFlows(r sarifResult) []sarifCodeFlow {
	if len(r.RelatedLocations) == 0 {
		return nil
	}
	step := func(l sarifLocation) sarifThreadFlowLocation {
		l.ID = nil
		return sarifThreadFlowLocation{Location: l}
	}
	main := r.Locations[0]
	main.Message = &sarifMessage{Text: r.Message.Text}
	this := []sarifThreadFlowLocation{step(r.RelatedLocations[0]), step(main)}
	var other []sarifThreadFlowLocation
	for _, l := range r.RelatedLocations[1:] {
		if l.Message != nil && l.Message.Text == "acquired again here" {
			this = append(this, step(l))
			continue
		}
		other = append(other, step(l))
	}
	flows := []sarifThreadFlow{{Locations: this}}
	if len(other) > 0 {
		flows = append(flows, sarifThreadFlow{Locations: other})
	}
	return []sarifCodeFlow{{ThreadFlows: flows}}
}
