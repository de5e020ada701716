// Package suppress parses concurlint's suppression directives once per
// package and filters every diagnostic through them.
//
// Recognised forms (NAME is an analyzer name, or "concurlint" for all of them):
//
//	x := f() //nolint:NAME[,NAME...] [// reason]   the line it trails
//	//nolint:NAME                                   on its own line: the next statement or declaration
//	//nolint                                        every analyzer
//	//lint:ignore NAME[,NAME...] reason             the next line's statement or declaration (reason required)
//	//lint:file-ignore NAME[,NAME...] reason        the whole file (reason required)
//
// A directive on its own line covers the whole node that starts on the next
// line: a directive above a func declaration silences the function, as in
// golangci-lint and staticcheck. Diagnostics in generated files
// (ast.IsGenerated) are dropped.
package suppress

import (
	"go/ast"
	"go/token"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// All is the name that silences every concurlint analyzer.
const All = "concurlint"

// Analyzer parses the directives of a package. It reports nothing; other
// analyzers list it in Requires and report through Report.
var Analyzer = &analysis.Analyzer{
	Name:             "suppress",
	Doc:              "parse concurlint's //nolint and //lint:ignore directives (reports nothing)",
	Run:              run,
	ResultType:       reflect.TypeOf((*Result)(nil)),
	RunDespiteErrors: true,
}

type span struct {
	from, to int      // lines, inclusive
	names    []string // nil: every analyzer
}

type fileInfo struct {
	generated bool
	spans     []span
}

// Result answers whether a position is silenced for an analyzer.
type Result struct {
	fset  *token.FileSet
	files map[*token.File]*fileInfo

	// Lines on which Report let a diagnostic through, per analyzer: a
	// wrapped vet pass covered by a concurlint analyzer (WrapCovered)
	// drops its own diagnostic there. Analyzers of one package run
	// concurrently, hence the mutex.
	mu       sync.Mutex
	reported map[reportKey]bool
}

type reportKey struct {
	name string
	file *token.File
	line int
}

func run(pass *analysis.Pass) (any, error) {
	r := &Result{fset: pass.Fset, files: make(map[*token.File]*fileInfo)}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		r.files[tf] = parseFile(tf, f)
	}
	return r, nil
}

// directive is a parsed comment before its scope is known.
type directive struct {
	line     int
	own      bool // alone on its line
	fileWide bool
	names    []string
}

func parseFile(tf *token.File, f *ast.File) *fileInfo {
	info := &fileInfo{generated: ast.IsGenerated(f)}
	var dirs []directive
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			d, ok := parseDirective(c.Text)
			if !ok {
				continue
			}
			d.line = tf.Line(c.Slash)
			d.own = isOwnLine(tf, f, c)
			dirs = append(dirs, d)
		}
	}
	if len(dirs) == 0 {
		return info
	}
	// The end line of the largest node starting on each line that an
	// own-line directive points at: one walk of the file.
	targets := make(map[int]int)
	for _, d := range dirs {
		if d.own && !d.fileWide {
			targets[d.line+1] = d.line + 1
		}
	}
	if len(targets) > 0 {
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				return false
			}
			if _, ok := n.(*ast.File); ok {
				return true
			}
			start := tf.Line(n.Pos())
			if end, ok := targets[start]; ok {
				if e := tf.Line(n.End()); e > end {
					targets[start] = e
				}
			}
			return true
		})
	}
	pkgLine := tf.Line(f.Package)
	for _, d := range dirs {
		switch {
		case d.fileWide, d.own && d.line+1 == pkgLine:
			info.spans = append(info.spans, span{from: 1, to: tf.LineCount() + 1, names: d.names})
		case d.own:
			info.spans = append(info.spans, span{from: d.line, to: targets[d.line+1], names: d.names})
		default:
			info.spans = append(info.spans, span{from: d.line, to: d.line, names: d.names})
		}
	}
	return info
}

// isOwnLine reports whether no code precedes comment c on its line.
func isOwnLine(tf *token.File, f *ast.File, c *ast.Comment) bool {
	line := tf.Line(c.Slash)
	lineStart := tf.LineStart(line)
	own := true
	ast.Inspect(f, func(n ast.Node) bool {
		if !own || n == nil {
			return false
		}
		switch n.(type) {
		case *ast.File, *ast.CommentGroup, *ast.Comment:
			return true
		}
		if n.End() <= lineStart || n.Pos() >= c.Slash {
			return false // wholly before the line or after the comment
		}
		if n.Pos() >= lineStart || n.End() <= c.Slash {
			own = false // code starts or ends on this line before the comment
			return false
		}
		return true
	})
	return own
}

func parseDirective(text string) (directive, bool) {
	if !strings.HasPrefix(text, "//") {
		return directive{}, false
	}
	body := strings.TrimPrefix(text, "//")
	switch {
	case strings.HasPrefix(body, "nolint"):
		rest := strings.TrimPrefix(body, "nolint")
		if rest == "" || rest[0] == ' ' || rest[0] == '\t' {
			return directive{}, true // bare //nolint: everything
		}
		if rest[0] != ':' {
			return directive{}, false
		}
		rest = rest[1:]
		if i := strings.IndexAny(rest, " \t"); i >= 0 {
			rest = rest[:i]
		}
		names := splitNames(rest)
		return directive{names: names}, len(names) > 0
	case strings.HasPrefix(body, "lint:ignore "), strings.HasPrefix(body, "lint:file-ignore "):
		fields := strings.Fields(body)
		if len(fields) < 3 { // the reason is required: an unexplained ignore is ignored
			return directive{}, false
		}
		names := splitNames(fields[1])
		return directive{names: names, fileWide: fields[0] == "lint:file-ignore"}, len(names) > 0
	}
	return directive{}, false
}

func splitNames(s string) []string {
	var names []string
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	return names
}

// Generated reports whether pos lies in a generated file.
func (r *Result) Generated(pos token.Pos) bool {
	if info := r.info(pos); info != nil {
		return info.generated
	}
	return false
}

func (r *Result) info(pos token.Pos) *fileInfo {
	if r == nil || !pos.IsValid() {
		return nil
	}
	return r.files[r.fset.File(pos)]
}

// Suppressed reports whether a finding of analyzer name at pos is silenced
// by a directive or because its file is generated.
func (r *Result) Suppressed(name string, pos token.Pos) bool {
	info := r.info(pos)
	if info == nil {
		return false
	}
	if info.generated {
		return true
	}
	line := r.fset.File(pos).Line(pos)
	for _, s := range info.spans {
		if line < s.from || line > s.to {
			continue
		}
		if s.names == nil {
			return true
		}
		for _, n := range s.names {
			if n == name || n == All {
				return true
			}
		}
	}
	return false
}

// Report reports d through pass unless a directive silences it for
// pass.Analyzer or it lies in a generated file. pass.Analyzer must list
// Analyzer in Requires.
func Report(pass *analysis.Pass, d analysis.Diagnostic) {
	r, _ := pass.ResultOf[Analyzer].(*Result)
	if r.Suppressed(pass.Analyzer.Name, d.Pos) {
		return
	}
	pass.Report(d)
	r.noteReported(pass.Analyzer.Name, d.Pos)
}

func (r *Result) noteReported(name string, pos token.Pos) {
	if r == nil || !pos.IsValid() {
		return
	}
	tf := r.fset.File(pos)
	if tf == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.reported == nil {
		r.reported = make(map[reportKey]bool)
	}
	r.reported[reportKey{name, tf, tf.Line(pos)}] = true
}

// ReportedOnLine reports whether analyzer name reported a diagnostic
// through Report on the line of pos. It is reliable only in analyzers that
// list that analyzer in Requires (which makes it run first).
func (r *Result) ReportedOnLine(name string, pos token.Pos) bool {
	if r == nil || !pos.IsValid() {
		return false
	}
	tf := r.fset.File(pos)
	if tf == nil {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reported[reportKey{name, tf, tf.Line(pos)}]
}

// Reportf is Report with a formatted message and no end position.
func Reportf(pass *analysis.Pass, pos token.Pos, format string, args ...any) {
	Report(pass, analysis.Diagnostic{Pos: pos, Message: sprintf(format, args...)})
}

// HandWritten returns the functions of fns that are not in generated files.
// Nothing is reported in generated code, so the SSA analyzers skip it
// outright (client-go is two-thirds generated: informers, listers, apply
// configurations), saving their time and memory.
func (r *Result) HandWritten(fns []*ssa.Function) []*ssa.Function {
	out := make([]*ssa.Function, 0, len(fns))
	for _, fn := range fns {
		if !r.Generated(fn.Pos()) {
			out = append(out, fn)
		}
	}
	return out
}
