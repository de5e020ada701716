package fanout

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/types/typeutil"
)

// uncontrolled returns the input of loop when its size is decided outside
// the program — a slice or map parameter of an exported function that the
// function does not bound, a channel drained until closed, a directory
// listing, the pieces of text read from a reader, a scanner's lines — with
// a phrase naming one item; nil otherwise.
//
// Precision: every other loop (counted loops, ranges over locals the
// function builds, over fields, over small arrays) is taken as bounded by
// the program.
func (pc *passContext) uncontrolled(loop, encl ast.Node) (ast.Node, string) {
	info := pc.pass.TypesInfo
	switch l := loop.(type) {
	case *ast.ForStmt:
		if c, ok := ast.Unparen(l.Cond).(*ast.CallExpr); ok && pc.api(c) == known.ScannerScan {
			return l.Cond, "line read from " + types.ExprString(calleeRecv(c))
		}
		// for { line, err := rd.ReadString('\n'); …; go … }: one
		// iteration per record of a stream.
		for _, st := range l.Body.List {
			as, ok := st.(*ast.AssignStmt)
			if !ok || len(as.Rhs) != 1 {
				continue
			}
			if c, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr); ok {
				switch pc.api(c) {
				case known.ReadRecord, known.Decode:
					return c, "record read by " + types.ExprString(c.Fun)
				}
			}
		}
	case *ast.RangeStmt:
		x := ast.Unparen(l.X)
		t := info.TypeOf(x)
		if t == nil {
			return nil, ""
		}
		switch u := t.Underlying().(type) {
		case *types.Chan:
			if !itemType(u.Elem()) {
				return nil, ""
			}
			return l.X, fmt.Sprintf("value received from %s", types.ExprString(l.X))
		case *types.Slice, *types.Map:
			var elem types.Type
			if s, ok := u.(*types.Slice); ok {
				elem = s.Elem()
			} else {
				elem = u.(*types.Map).Elem()
			}
			if id, ok := x.(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok {
					if fd, ok := encl.(*ast.FuncDecl); ok && isParam(fd, v, info) && exportedAPI(fd, info) &&
						itemType(elem) && !pc.bounds(fd.Body, v) {
						return l.X, fmt.Sprintf("element of %s, a parameter of exported %s whose length callers decide", id.Name, fd.Name.Name)
					}
				}
			}
			if args := pc.commandLine(x, encl); args != nil {
				return l.X, fmt.Sprintf("command-line argument in %s", types.ExprString(args))
			}
			if dec := pc.decodedInto(x, encl); dec != nil {
				return l.X, fmt.Sprintf("element of %s, decoded from input by %s", types.ExprString(x), types.ExprString(dec.Fun))
			}
			if api, call := pc.origin(x, encl); call != nil {
				switch api {
				case known.Listing:
					return l.X, fmt.Sprintf("entry of the listing %s", types.ExprString(call))
				case known.SplitText:
					if len(call.Args) > 0 {
						if a, _ := pc.origin(stripConv(call.Args[0]), encl); a == known.ReadAll {
							return l.X, fmt.Sprintf("piece of text read by %s", types.ExprString(call.Args[0]))
						}
					}
				}
			}
		}
	}
	return nil, ""
}

// api classifies a call through the known table.
func (pc *passContext) api(c *ast.CallExpr) known.API {
	f, ok := typeutil.Callee(pc.pass.TypesInfo, c).(*types.Func)
	if !ok {
		return known.None
	}
	return known.Func(f)
}

func calleeRecv(c *ast.CallExpr) ast.Expr {
	if sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr); ok {
		return sel.X
	}
	return c.Fun
}

func stripConv(e ast.Expr) ast.Expr {
	e = ast.Unparen(e)
	if c, ok := e.(*ast.CallExpr); ok && len(c.Args) == 1 {
		// string(b): a conversion has a type as its function.
		return ast.Unparen(c.Args[0])
	}
	return e
}

// origin returns the known API of the call that produced x: x itself, or
// the only assignment of the local variable x in the function.
func (pc *passContext) origin(x ast.Expr, encl ast.Node) (known.API, *ast.CallExpr) {
	info := pc.pass.TypesInfo
	x = ast.Unparen(x)
	if c, ok := x.(*ast.CallExpr); ok {
		if api := pc.api(c); api != known.None {
			return api, c
		}
		// A conversion around a call: string(body) is handled by the
		// caller; everything else is not an origin.
		return known.None, nil
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return known.None, nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return known.None, nil
	}
	var found *ast.CallExpr
	assigns := 0
	ast.Inspect(encl, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			return true
		}
		for i, lhs := range as.Lhs {
			lid, ok := ast.Unparen(lhs).(*ast.Ident)
			if !ok || (info.Defs[lid] != v && info.Uses[lid] != v) {
				continue
			}
			assigns++
			if len(as.Rhs) == 1 {
				if c, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr); ok && (i == 0 || len(as.Lhs) > 1) {
					found = c
				}
			} else if i < len(as.Rhs) {
				if c, ok := ast.Unparen(as.Rhs[i]).(*ast.CallExpr); ok {
					found = c
				}
			}
		}
		return true
	})
	if assigns != 1 || found == nil {
		return known.None, nil
	}
	return pc.api(found), found
}

// exportedAPI reports whether fd can be called by code outside the
// package: an exported function, or an exported method of an exported type.
func exportedAPI(fd *ast.FuncDecl, info *types.Info) bool {
	if !fd.Name.IsExported() {
		return false
	}
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return true
	}
	t := info.TypeOf(fd.Recv.List[0].Type)
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Exported()
}

// componentMethods mark a value that is a long-lived component rather than
// a work item: one goroutine per component (go s.Serve() for each server)
// is the design, not a fan-out over data.
var componentMethods = []string{"Run", "Start", "Serve", "Stop", "Close", "Shutdown"}

// itemType reports whether values of t are work items: data, not
// functions, interfaces, channels or components with a lifecycle.
func itemType(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Signature, *types.Interface, *types.Chan:
		return false
	}
	for _, tt := range []types.Type{t, types.NewPointer(t)} {
		ms := types.NewMethodSet(tt)
		for _, name := range componentMethods {
			if ms.Lookup(nil, name) != nil {
				return false
			}
			for i := 0; i < ms.Len(); i++ {
				if ms.At(i).Obj().Name() == name {
					return false
				}
			}
		}
	}
	return true
}

// bounds reports whether the function bounds the parameter itself: it
// compares len(v) with something, passes it to min, or reassigns v
// (xs = xs[:max]).
func (pc *passContext) bounds(body *ast.BlockStmt, v *types.Var) bool {
	info := pc.pass.TypesInfo
	isV := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	isLen := func(e ast.Expr) bool {
		c, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(c.Args) != 1 || !isV(c.Args[0]) {
			return false
		}
		id, ok := ast.Unparen(c.Fun).(*ast.Ident)
		return ok && id.Name == "len"
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.BinaryExpr:
			switch n.Op {
			case token.LSS, token.GTR, token.LEQ, token.GEQ:
				if isLen(n.X) || isLen(n.Y) {
					found = true
				}
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && (id.Name == "min" || id.Name == "max") {
				for _, a := range n.Args {
					if isLen(a) {
						found = true
					}
				}
			}
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if isV(l) {
					found = true
				}
			}
		}
		return true
	})
	return found
}

// decodedInto returns the Decode call (json.Unmarshal(b, &v),
// dec.Decode(&req)) that fills the variable x is, or is a field of, in the
// function; nil when there is none.
func (pc *passContext) decodedInto(x ast.Expr, encl ast.Node) *ast.CallExpr {
	info := pc.pass.TypesInfo
	root := x
	for {
		sel, ok := root.(*ast.SelectorExpr)
		if !ok {
			break
		}
		if s := info.Selections[sel]; s == nil || s.Kind() != types.FieldVal {
			return nil
		}
		root = ast.Unparen(sel.X)
	}
	id, ok := root.(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	var found *ast.CallExpr
	ast.Inspect(encl, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || found != nil || pc.api(c) != known.Decode {
			return found == nil
		}
		for _, a := range c.Args {
			a = ast.Unparen(a)
			if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
				a = ast.Unparen(u.X)
			} else if _, isPtr := info.TypeOf(a).Underlying().(*types.Pointer); !isPtr {
				continue
			}
			if aid, ok := a.(*ast.Ident); ok && info.Uses[aid] == v {
				found = c
			}
		}
		return found == nil
	})
	return found
}

// commandLine returns the expression naming the command line when x is
// os.Args, flag.Args(), a slice of them (os.Args[1:]), or a local assigned
// once from one of those.
func (pc *passContext) commandLine(x ast.Expr, encl ast.Node) ast.Expr {
	info := pc.pass.TypesInfo
	x = ast.Unparen(x)
	if se, ok := x.(*ast.SliceExpr); ok {
		x = ast.Unparen(se.X)
	}
	switch e := x.(type) {
	case *ast.SelectorExpr:
		if known.IsOSArgs(info.Uses[e.Sel]) {
			return e
		}
	case *ast.CallExpr:
		if pc.api(e) == known.CmdArgs {
			return e
		}
	case *ast.Ident:
		if api, call := pc.origin(e, encl); call != nil && api == known.CmdArgs {
			return call
		}
		// args := os.Args[1:]
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			return nil
		}
		var rhs ast.Expr
		n := 0
		ast.Inspect(encl, func(nd ast.Node) bool {
			as, ok := nd.(*ast.AssignStmt)
			if !ok {
				return true
			}
			for i, l := range as.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && (info.Defs[id] == v || info.Uses[id] == v) {
					n++
					if len(as.Rhs) == len(as.Lhs) {
						rhs = as.Rhs[i]
					}
				}
			}
			return true
		})
		if n == 1 && rhs != nil {
			r := ast.Unparen(rhs)
			if se, ok := r.(*ast.SliceExpr); ok {
				r = ast.Unparen(se.X)
			}
			if sel, ok := r.(*ast.SelectorExpr); ok && known.IsOSArgs(info.Uses[sel.Sel]) {
				return sel
			}
		}
	}
	return nil
}
