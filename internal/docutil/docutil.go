// Package docutil extracts an analyzer's documentation from its doc.go.
//
// It mirrors x/tools' internal analyzerutil.ExtractDoc, which cannot be
// imported: the section of the package comment that starts at the heading
// "# Analyzer NAME" and runs to the next "# Analyzer" heading (or the end)
// becomes Analyzer.Doc, with its "NAME: " prefix removed. Sub-headings such
// as "# Why it is a bug" stay part of the section.
package docutil

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// Extract returns the documentation of analyzer name found in the package
// comment of the Go source content.
func Extract(content, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("docutil: %v", err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("docutil: doc.go has no package comment")
	}
	return extractText(f.Doc, name)
}

func extractText(doc *ast.CommentGroup, name string) (string, error) {
	text := doc.Text()
	heading := "# Analyzer " + name + "\n"
	_, rest, ok := strings.Cut(text, heading)
	if !ok {
		return "", fmt.Errorf("docutil: package comment has no %q heading", strings.TrimSpace(heading))
	}
	if i := strings.Index(rest, "\n# Analyzer "); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimSpace(rest)
	prefix := name + ":"
	if !strings.HasPrefix(rest, prefix) {
		return "", fmt.Errorf("docutil: section %q must start with %q", name, prefix)
	}
	return strings.TrimSpace(strings.TrimPrefix(rest, prefix)), nil
}

// MustExtract is Extract that panics on error; use it in package-level
// Analyzer declarations, where a malformed doc.go is a programming error.
func MustExtract(content, name string) string {
	doc, err := Extract(content, name)
	if err != nil {
		panic(err)
	}
	return doc
}
