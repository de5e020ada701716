package unguarded

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strings"

	"github.com/concurlint/concurlint/internal/known"
)

// Class 4: guards declared in comments.

// guard is a lock a comment declares to guard a field.
type guard struct {
	lock string    // the lock field's name, relative to the struct
	pos  token.Pos // the field carrying (or grouped under) the comment
	// strict: a +checklocks annotation, a contract for tools: unlocked
	// reads are reported too (prose comments are looser: writes only).
	strict bool
}

var (
	// "guarded by mu", "protected by c.mu", "+checklocks:mu".
	guardedByRE = regexp.MustCompile(`(?i)\b(?:guarded|protected|synchronized|locked)\s+by\s+(?:the\s+)?([A-Za-z_][\w.]*)|\+checklocks:([A-Za-z_][\w.]*)`)
	// On a lock field: "mu guards the following fields", "protects the
	// fields below".
	groupRE = regexp.MustCompile(`(?i)\b(?:guards|protects)\b[^.]*\b(?:following|below|fields\s+after)\b`)
	// On a lock field: "protects a, b and c".
	listRE = regexp.MustCompile(`(?i)\b(?:guards|protects)\s+(.*)`)
	// On the first field of a group: "the following fields are guarded by mu".
	followRE = regexp.MustCompile(`(?i)\bfollowing\b[^.]*\b(?:guarded|protected)\s+by\s+([A-Za-z_][\w.]*)`)
	// "Not guarded by mu", "not protected", "don't require cc.mu": ends a
	// group and declares nothing.
	notGuardedRE = regexp.MustCompile(`(?i)\b(not|n't|no|without)\s+(be\s+)?(guarded|protected|require|need)`)
	checklocksRE = regexp.MustCompile(`\+checklocks:`)
)

// declaredGuards parses the package's struct declarations.
func (pc *passContext) declaredGuards() map[types.Object]guard {
	out := make(map[types.Object]guard)
	for _, f := range pc.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok {
				return true
			}
			pc.structGuards(st, out)
			return true
		})
	}
	return out
}

func commentText(cgs ...*ast.CommentGroup) string {
	var parts []string
	for _, cg := range cgs {
		if cg != nil {
			parts = append(parts, cg.Text())
		}
	}
	return strings.Join(parts, " ")
}

func (pc *passContext) structGuards(st *ast.StructType, out map[types.Object]guard) {
	info := pc.pass.TypesInfo
	locks := make(map[string]bool)
	names := make(map[string]types.Object)
	for _, fld := range st.Fields.List {
		t := info.TypeOf(fld.Type)
		for _, id := range fld.Names {
			names[id.Name] = info.Defs[id]
			if known.IsLockType(t) {
				locks[id.Name] = true
			}
		}
		if len(fld.Names) == 0 && t != nil && known.IsLockType(t) {
			if n, ok := types.Unalias(deref(t)).(*types.Named); ok {
				locks[n.Obj().Name()] = true
			}
		}
	}
	// lockName resolves "mu", "c.mu", "s.mu" to a lock field of st.
	lockName := func(s string) string {
		s = strings.TrimRight(s, ".")
		if i := strings.LastIndex(s, "."); i >= 0 {
			s = s[i+1:]
		}
		if locks[s] {
			return s
		}
		return ""
	}
	set := func(id *ast.Ident, lock string, pos token.Pos, strict bool) {
		if obj := info.Defs[id]; obj != nil && lock != "" && !locks[id.Name] {
			if _, exists := out[obj]; !exists {
				out[obj] = guard{lock: lock, pos: pos, strict: strict}
			}
		}
	}
	group := ""   // the lock guarding the current group of fields
	lastLine := 0 // the line the previous field ended on
	fset := pc.pass.Fset
	for _, fld := range st.Fields.List {
		start := fld.Pos()
		if fld.Doc != nil {
			start = fld.Doc.Pos()
		}
		if fset.Position(start).Line > lastLine+1 {
			group = "" // a blank line ends a group
		}
		lastLine = fset.Position(fld.End()).Line
		text := commentText(fld.Doc, fld.Comment)
		t := info.TypeOf(fld.Type)
		if t != nil && known.IsLockType(t) {
			group = ""
			name := ""
			if len(fld.Names) == 1 {
				name = fld.Names[0].Name
			} else if len(fld.Names) == 0 {
				if n, ok := types.Unalias(deref(t)).(*types.Named); ok {
					name = n.Obj().Name()
				}
			}
			if name == "" {
				continue
			}
			switch {
			case groupRE.MatchString(text):
				group = name
			case listRE.MatchString(text):
				// "protects a, b and c": the named fields.
				// Dotted names (trInfo.tr) guard a part of the field: skipped.
				for _, w := range regexp.MustCompile(`[\w.]+`).FindAllString(listRE.FindStringSubmatch(text)[1], -1) {
					if obj := names[w]; obj != nil && !locks[w] {
						if _, exists := out[obj]; !exists {
							out[obj] = guard{lock: name, pos: fld.Pos()}
						}
					}
				}
			}
			continue
		}
		if notGuardedRE.MatchString(text) {
			group = ""
			continue
		}
		if m := followRE.FindStringSubmatch(text); m != nil {
			group = lockName(m[1])
		}
		lock := group
		if m := guardedByRE.FindStringSubmatch(text); m != nil {
			lock = lockName(m[1] + m[2])
		}
		for _, id := range fld.Names {
			set(id, lock, fld.Pos(), checklocksRE.MatchString(text))
		}
	}
}
