package concurlint_test

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"reflect"
	"testing"

	"github.com/concurlint/concurlint"
	"golang.org/x/tools/go/analysis"
)

// TestFactsGob checks that every fact type of every analyzer concurlint
// runs (and of everything they require, transitively) survives encoding/gob
// the two ways drivers encode facts: on its own (x/tools' checker) and
// through an interface field after gob.Register (unitchecker for go vet,
// Bazel's nogo). Each fact is tried zero and with every exported field
// filled, and must encode deterministically and keep its String().
func TestFactsGob(t *testing.T) {
	seen := make(map[*analysis.Analyzer]bool)
	var all []*analysis.Analyzer
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		all = append(all, a)
		for _, r := range a.Requires {
			visit(r)
		}
	}
	for _, a := range concurlint.All() {
		visit(a)
	}
	n := 0
	for _, a := range all {
		for _, f := range a.FactTypes {
			n++
			typ := reflect.TypeOf(f)
			t.Run(a.Name+"/"+typ.String(), func(t *testing.T) {
				if typ.Kind() != reflect.Pointer {
					t.Fatalf("fact type %v is not a pointer", typ)
				}
				zero := reflect.New(typ.Elem()).Interface().(analysis.Fact)
				filled := reflect.New(typ.Elem())
				fill(filled.Elem(), 0)
				for _, fact := range []analysis.Fact{zero, filled.Interface().(analysis.Fact)} {
					roundTrip(t, fact)
				}
			})
		}
	}
	if n == 0 {
		t.Fatal("no fact types found: the walk over Requires is broken (ctrlflow alone has one)")
	}
}

func roundTrip(t *testing.T, fact analysis.Fact) {
	t.Helper()
	typ := reflect.TypeOf(fact)

	// Alone, as x/tools' checker does.
	var b1, b2 bytes.Buffer
	if err := gob.NewEncoder(&b1).Encode(fact); err != nil {
		t.Fatalf("gob encode %v: %v", typ, err)
	}
	if err := gob.NewEncoder(&b2).Encode(fact); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Errorf("gob encoding of %v is nondeterministic", typ)
	}
	got := reflect.New(typ.Elem()).Interface().(analysis.Fact)
	if err := gob.NewDecoder(&b1).Decode(got); err != nil {
		t.Fatalf("gob decode %v: %v", typ, err)
	}
	check(t, fact, got)

	// Through an interface, as unitchecker's fact files and nogo do.
	gob.Register(fact)
	type wrapper struct{ Fact analysis.Fact }
	var b3 bytes.Buffer
	if err := gob.NewEncoder(&b3).Encode(wrapper{fact}); err != nil {
		t.Fatalf("gob encode %v as analysis.Fact: %v", typ, err)
	}
	var w wrapper
	if err := gob.NewDecoder(&b3).Decode(&w); err != nil {
		t.Fatalf("gob decode %v as analysis.Fact: %v", typ, err)
	}
	check(t, fact, w.Fact)
}

func check(t *testing.T, want, got analysis.Fact) {
	t.Helper()
	// gob does not transmit zero values, so a filled fact must come back
	// equal and a zero one must come back zero.
	if !reflect.DeepEqual(want, got) {
		t.Errorf("%T changed in the round trip:\nwant %#v\n got %#v", want, want, got)
	}
	if fmt.Sprint(want) != fmt.Sprint(got) {
		t.Errorf("%T: String() changed in the round trip: %q -> %q", want, fmt.Sprint(want), fmt.Sprint(got))
	}
}

// fill sets every exported field reachable from v to a non-zero value.
// Interface fields stay nil: their concrete types are the analyzer's
// business (gob.Register in its init), and a test cannot guess them.
func fill(v reflect.Value, depth int) {
	if depth > 4 || !v.CanSet() {
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(7)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(7)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	case reflect.String:
		v.SetString("x")
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), depth+1)
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k := reflect.New(v.Type().Key()).Elem()
		e := reflect.New(v.Type().Elem()).Elem()
		fill(k, depth+1)
		fill(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
	}
}
