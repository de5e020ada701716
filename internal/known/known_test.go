package known_test

import (
	"go/importer"
	"go/token"
	"go/types"
	"testing"

	"github.com/concurlint/concurlint/internal/known"
)

func lookup(t *testing.T, pkg *types.Package, typ, method string) *types.Func {
	t.Helper()
	if typ == "" {
		return pkg.Scope().Lookup(method).(*types.Func)
	}
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(pkg.Scope().Lookup(typ).Type()), true, pkg, method)
	f, ok := obj.(*types.Func)
	if !ok {
		t.Fatalf("no method %s.%s", typ, method)
	}
	return f
}

func TestClassification(t *testing.T) {
	imp := importer.Default()
	sync, err := imp.Import("sync")
	if err != nil {
		t.Skip("no export data for sync:", err)
	}
	testing_, _ := imp.Import("testing")
	os, _ := imp.Import("os")
	for _, c := range []struct {
		fn   *types.Func
		want known.API
	}{
		{lookup(t, sync, "Mutex", "Lock"), known.Lock},
		{lookup(t, sync, "Mutex", "Unlock"), known.Unlock},
		{lookup(t, sync, "Mutex", "TryLock"), known.TryLock},
		{lookup(t, sync, "RWMutex", "RLock"), known.RLock},
		{lookup(t, sync, "RWMutex", "RUnlock"), known.RUnlock},
		{lookup(t, sync, "RWMutex", "TryRLock"), known.TryRLock},
		{lookup(t, sync, "WaitGroup", "Wait"), known.WGWait},
		{lookup(t, sync, "Once", "Do"), known.OnceDo},
		{lookup(t, sync, "Cond", "Wait"), known.CondWait},
		{lookup(t, os, "", "Exit"), known.NoReturn},
		{lookup(t, testing_, "T", "Fatalf"), known.NoReturn}, // promoted from testing.common
		{lookup(t, testing_, "T", "Errorf"), known.TestFail},
		{lookup(t, testing_, "T", "Log"), known.None},
		{lookup(t, os, "", "Getenv"), known.None},
	} {
		if got := known.Func(c.fn); got != c.want {
			t.Errorf("Func(%s) = %v, want %v", c.fn.FullName(), got, c.want)
		}
	}
	if known.Func(nil) != known.None {
		t.Errorf("Func(nil) != None")
	}
}

// newFunc makes a function or method pkg.[recv.]name with the given
// parameter types, for table entries whose package is not installed.
func newFunc(pkg *types.Package, recv types.Type, name string, params ...types.Type) *types.Func {
	var vars []*types.Var
	for _, p := range params {
		vars = append(vars, types.NewParam(token.NoPos, pkg, "", p))
	}
	var r *types.Var
	if recv != nil {
		r = types.NewParam(token.NoPos, pkg, "a", recv)
	}
	return types.NewFunc(token.NoPos, pkg, name, types.NewSignatureType(r, nil, nil, types.NewTuple(vars...), nil, false))
}

func TestStops(t *testing.T) {
	imp := importer.Default()
	testing_, err := imp.Import("testing")
	if err != nil {
		t.Skip("no export data:", err)
	}
	log, _ := imp.Import("log")
	req := types.NewPackage("github.com/stretchr/testify/require", "require")
	errType := types.Universe.Lookup("error").Type()
	boolType := types.Typ[types.Bool]
	anyType := types.NewInterfaceType(nil, nil)
	assertions := types.NewNamed(types.NewTypeName(token.NoPos, req, "Assertions", nil), types.NewStruct(nil, nil), nil)
	tb := testing_.Scope().Lookup("TB").Type()
	tbFatal, _, _ := types.LookupFieldOrMethod(tb, false, testing_, "Fatal")
	// An interface of its own with FailNow (testify's TestingT shape).
	failNow := types.NewFunc(token.NoPos, req, "FailNow", types.NewSignatureType(nil, nil, nil, nil, nil, false))
	iface := types.NewInterfaceType([]*types.Func{failNow}, nil).Complete()
	types.NewNamed(types.NewTypeName(token.NoPos, req, "TestingT", nil), iface, nil)
	for _, c := range []struct {
		name  string
		fn    *types.Func
		param int
		cond  known.StopCond
	}{
		{"require.NoError", newFunc(req, nil, "NoError", anyType, errType), 1, known.StopNonNil},
		{"require.Error", newFunc(req, nil, "Error", anyType, errType), 1, known.StopNil},
		{"require.Nilf", newFunc(req, nil, "Nilf", anyType, anyType), 1, known.StopNonNil},
		{"require.NotNil", newFunc(req, nil, "NotNil", anyType, anyType), 1, known.StopNil},
		{"require.True", newFunc(req, nil, "True", anyType, boolType), 1, known.StopFalse},
		{"require.False", newFunc(req, nil, "False", anyType, boolType), 1, known.StopTrue},
		{"require.FailNow", newFunc(req, nil, "FailNow", anyType), 0, known.StopAlways},
		{"(*Assertions).NoError", newFunc(req, types.NewPointer(assertions), "NoError", errType), 1, known.StopNonNil},
		{"require.Equal (not in the table)", newFunc(req, nil, "Equal", anyType, anyType, anyType), 0, known.StopNever},
		{"log.Fatalf", log.Scope().Lookup("Fatalf").(*types.Func), 0, known.StopAlways},
		{"testing.TB.Fatal", tbFatal.(*types.Func), 0, known.StopAlways},
		{"interface FailNow", failNow, 0, known.StopAlways},
		{"(*testing.T).Errorf", lookup(t, testing_, "T", "Errorf"), 0, known.StopNever},
	} {
		p, cond := known.Stops(c.fn)
		if cond != c.cond || (cond != known.StopNever && cond != known.StopAlways && p != c.param) {
			t.Errorf("Stops(%s) = %d,%v, want %d,%v", c.name, p, cond, c.param, c.cond)
		}
	}
}

func TestLockTypes(t *testing.T) {
	sync, err := importer.Default().Import("sync")
	if err != nil {
		t.Skip("no export data:", err)
	}
	mutex := sync.Scope().Lookup("Mutex").Type()
	rw := sync.Scope().Lookup("RWMutex").Type()
	wg := sync.Scope().Lookup("WaitGroup").Type()
	locker := sync.Scope().Lookup("Locker").Type()
	for _, c := range []struct {
		name string
		got  bool
		want bool
	}{
		{"IsLockType(Mutex)", known.IsLockType(mutex), true},
		{"IsLockType(*RWMutex)", known.IsLockType(types.NewPointer(rw)), true},
		{"IsLockType(Locker)", known.IsLockType(locker), true},
		{"IsLockType(WaitGroup)", known.IsLockType(wg), false},
		{"IsLockType(struct{Mutex})", known.IsLockType(types.NewStruct([]*types.Var{types.NewField(token.NoPos, sync, "Mutex", mutex, true)}, nil)), true},
		{"IsRWMutex(*RWMutex)", known.IsRWMutex(types.NewPointer(rw)), true},
		{"IsRWMutex(Mutex)", known.IsRWMutex(mutex), false},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}
