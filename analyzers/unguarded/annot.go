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
	// "not protected by mu": the lock it is not guarded by.
	notByRE      = regexp.MustCompile(`(?i)\b(?:not|n't)\s+(?:be\s+)?(?:guarded|protected|synchronized|locked)\s+by\s+(?:the\s+)?([A-Za-z_][\w.]*)`)
	checklocksRE = regexp.MustCompile(`\+checklocks:`)
)

// notGuarded records, per field, the locks a declaration says do not
// guard it ("*": none does): fields outside the declared scope of a lock
// ("mu guards the fields below" does not cover the fields above; "protects
// a and b" covers a and b only) and fields commented "not protected by
// mu". An inferred guard never contradicts it.
type notGuarded map[types.Object]map[string]bool

func (ng notGuarded) add(obj types.Object, lock string) {
	if obj == nil {
		return
	}
	if ng[obj] == nil {
		ng[obj] = make(map[string]bool)
	}
	ng[obj][lock] = true
}

// excludes reports whether lock (a path relative to the field's struct)
// is declared not to guard obj.
func (ng notGuarded) excludes(obj types.Object, lock string) bool {
	m := ng[obj]
	if m == nil {
		return false
	}
	if m["*"] || m[lock] {
		return true
	}
	// A promoted lock (wrapper.mu) named by its first step.
	if i := strings.Index(lock, "."); i >= 0 && m[lock[:i]] {
		return true
	}
	return false
}

// declaredGuards parses the package's struct declarations.
func (pc *passContext) declaredGuards() (map[types.Object]guard, notGuarded) {
	out := make(map[types.Object]guard)
	ng := make(notGuarded)
	for _, f := range pc.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok {
				return true
			}
			pc.structGuards(st, out, ng)
			return true
		})
	}
	return out, ng
}

// listedField resolves a word of "protects the peer map" to a field:
// its name, or (four letters or more) a prefix of one (peer → peers).
func listedField(w string, names map[string]types.Object, locks map[string]bool) types.Object {
	if obj := names[w]; obj != nil && !locks[w] {
		return obj
	}
	if len(w) < 4 || stopWords[strings.ToLower(w)] {
		return nil
	}
	var found types.Object
	for n, obj := range names {
		if locks[n] || !strings.HasPrefix(strings.ToLower(n), strings.ToLower(w)) {
			continue
		}
		if found != nil {
			return nil // ambiguous
		}
		found = obj
	}
	return found
}

var stopWords = map[string]bool{"this": true, "that": true, "these": true, "those": true, "fields": true, "field": true, "access": true, "with": true, "from": true}

func commentText(cgs ...*ast.CommentGroup) string {
	var parts []string
	for _, cg := range cgs {
		if cg != nil {
			parts = append(parts, cg.Text())
		}
	}
	return strings.Join(parts, " ")
}

func (pc *passContext) structGuards(st *ast.StructType, out map[types.Object]guard, ng notGuarded) {
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
	// scoped: locks whose comment declares the whole of what they guard.
	scoped := make(map[string]bool)
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
				scoped[name] = true
			case listRE.MatchString(text):
				// "protects a, b and c", "protects the peer map": the named
				// fields. Dotted names (trInfo.tr) guard a part of the
				// field: skipped.
				for _, w := range regexp.MustCompile(`[\w.]+`).FindAllString(listRE.FindStringSubmatch(text)[1], -1) {
					if obj := listedField(w, names, locks); obj != nil {
						scoped[name] = true
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
			lock := "*"
			if m := notByRE.FindStringSubmatch(text); m != nil {
				if l := lockName(m[1]); l != "" {
					lock = l
				}
			}
			for _, id := range fld.Names {
				ng.add(info.Defs[id], lock)
			}
			continue
		}
		if m := followRE.FindStringSubmatch(text); m != nil {
			group = lockName(m[1])
			if group != "" {
				scoped[group] = true
			}
		}
		lock := group
		if m := guardedByRE.FindStringSubmatch(text); m != nil {
			lock = lockName(m[1] + m[2])
		}
		for _, id := range fld.Names {
			set(id, lock, fld.Pos(), checklocksRE.MatchString(text))
		}
	}
	// Fields outside a lock's declared scope are not guarded by it.
	for lock := range scoped {
		for n, obj := range names {
			if locks[n] || obj == nil {
				continue
			}
			if g, ok := out[obj]; !ok || g.lock != lock {
				ng.add(obj, lock)
			}
		}
	}
}
