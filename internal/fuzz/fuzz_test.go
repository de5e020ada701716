package fuzz

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/concurlint/concurlint"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// testdata is the root of the programs the seeds come from; their imports
// outside the standard library (the errgroup and testify stubs, the
// cross-package helpers) are type-checked from there too.
var testdata = filepath.Join("..", "..", "testdata", "src")

// env is what every input shares: one FileSet and one importer, so that
// each standard and testdata package is imported once per process.
var env struct {
	once sync.Once
	fset *token.FileSet
	imp  *tdImporter
}

func setup() {
	env.once.Do(func() {
		env.fset = token.NewFileSet()
		env.imp = &tdImporter{
			std:  importer.ForCompiler(env.fset, "gc", nil),
			pkgs: make(map[string]*types.Package),
			errs: make(map[string]error),
		}
	})
}

// tdImporter imports a path from testdata/src when a directory of that
// name exists there (from source), from the standard library otherwise.
type tdImporter struct {
	std  types.Importer
	pkgs map[string]*types.Package
	errs map[string]error
}

func (imp *tdImporter) Import(path string) (*types.Package, error) {
	if p, ok := imp.pkgs[path]; ok {
		return p, nil
	}
	if err, ok := imp.errs[path]; ok {
		return nil, err
	}
	p, err := imp.load(path)
	if err != nil {
		imp.errs[path] = err
		return nil, err
	}
	imp.pkgs[path] = p
	return p, nil
}

func (imp *tdImporter) load(path string) (*types.Package, error) {
	dir := filepath.Join(testdata, filepath.FromSlash(path))
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return imp.std.Import(path)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []*ast.File
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(env.fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: imp, Error: func(error) {}}
	return conf.Check(path, env.fset, files, nil)
}

// check parses and type-checks src as a one-file package; nil when it does
// not (a mutation that broke the program is not a finding).
func check(src []byte) *packages.Package {
	if len(src) > 1<<16 {
		return nil
	}
	fset := env.fset
	name := fmt.Sprintf("fuzz%d.go", fset.Base())
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	for _, spec := range f.Imports {
		if spec.Path.Value == `"C"` || spec.Path.Value == `"unsafe"` {
			return nil
		}
	}
	info := &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
	var typeErr error
	conf := types.Config{
		Importer: env.imp,
		Error: func(err error) {
			if typeErr == nil {
				typeErr = err
			}
		},
		Sizes: types.SizesFor("gc", "amd64"),
	}
	path := "example.com/fuzz/" + f.Name.Name
	tpkg, _ := conf.Check(path, fset, []*ast.File{f}, info)
	if typeErr != nil || tpkg == nil {
		return nil
	}
	return &packages.Package{
		ID:              path,
		Name:            f.Name.Name,
		PkgPath:         path,
		GoFiles:         []string{name},
		CompiledGoFiles: []string{name},
		Fset:            fset,
		Syntax:          []*ast.File{f},
		Types:           tpkg,
		TypesInfo:       info,
		TypesSizes:      conf.Sizes,
		// No Imports: dependencies are not analysed, so facts come from
		// the package itself only (as for the standard library).
	}
}

// analyse runs every registered analyzer (and its Requires graph) over
// src and fails on an analysis error (a panic is one: internal/contain
// turns it into an error naming the function). It reports whether src
// type-checked.
func analyse(t *testing.T, src []byte) bool {
	setup()
	pkg := check(src)
	if pkg == nil {
		return false
	}
	graph, err := checker.Analyze(concurlint.All(), []*packages.Package{pkg}, &checker.Options{Sequential: true})
	if err != nil {
		t.Fatalf("checker: %v", err)
	}
	for act := range graph.All() {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
	}
	return true
}

// seeds returns the programs under testdata/src: every file, and every
// package of several files merged into one (most files of such packages
// do not type-check alone).
func seeds(t testing.TB) map[string][]byte {
	out := make(map[string][]byte)
	byDir := make(map[string][]string)
	err := filepath.WalkDir(testdata, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out[path] = data
		byDir[filepath.Dir(path)] = append(byDir[filepath.Dir(path)], path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir, files := range byDir {
		if len(files) < 2 {
			continue
		}
		if merged := merge(files); merged != nil {
			out[dir+"/*"] = merged
		}
	}
	return out
}

// merge joins the non-test files of one package into one file.
func merge(files []string) []byte {
	fset := token.NewFileSet()
	pkg := &ast.Package{Files: make(map[string]*ast.File)}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			return nil
		}
		pkg.Name = f.Name.Name
		pkg.Files[name] = f
	}
	if len(pkg.Files) < 2 {
		return nil
	}
	//lint:ignore SA1019 MergePackageFiles is what joins files with their imports
	f := ast.MergePackageFiles(pkg, ast.FilterImportDuplicates|ast.FilterUnassociatedComments)
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return nil
	}
	return buf.Bytes()
}

func FuzzAnalyzers(f *testing.F) {
	all := seeds(f)
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		f.Add(all[name])
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		analyse(t, src)
	})
}

// TestSeedsTypeCheck keeps the fuzz target honest: most seeds must reach
// the analyzers (a seed that does not type-check only exercises the
// parser). FuzzAnalyzers, run by go test over its seeds, analyses them.
func TestSeedsTypeCheck(t *testing.T) {
	all := seeds(t)
	ok := 0
	var failed []string
	setup()
	for name, src := range all {
		if check(src) != nil {
			ok++
		} else {
			failed = append(failed, name)
		}
	}
	slices.Sort(failed)
	t.Logf("%d of %d seeds type-check; the others: %s", ok, len(all), strings.Join(failed, " "))
	if ok < len(all)*2/3 {
		t.Errorf("only %d of %d seeds type-check", ok, len(all))
	}
}
