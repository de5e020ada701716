package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// options is the parsed standalone command line.
type options struct {
	format    string // "text", "json" or "sarif"
	context   int    // -c: lines of context in text output (-1: none)
	fix, diff bool
	tests     bool
	cache     bool // go vet route with the go command's cache (vetroute.go)
	help      bool
	debug     debugFlags           // -debug=budget
	analyzers []*analysis.Analyzer // selected by the -NAME flags
	patterns  []string
	// vetFlags are the analyzer flags as given (-NAME, -NAME.flag), passed
	// on to go vet by the vet route.
	vetFlags []string
}

// triState is multichecker's -NAME flag: unset, true or false.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) Get() any { return *ts == setTrue }
func (ts *triState) IsBoolFlag() bool {
	return true
}
func (ts *triState) String() string {
	switch *ts {
	case setTrue:
		return "true"
	case setFalse:
		return "false"
	}
	return "unset"
}
func (ts *triState) Set(v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return errors.New("want true or false")
	}
	if b {
		*ts = setTrue
	} else {
		*ts = setFalse
	}
	return nil
}

// newFlagSet declares the standalone flags: the same names multichecker
// uses (so that -fix can be handed to it unchanged) plus -format and -sarif.
func newFlagSet(progname string, as []*analysis.Analyzer, o *options, enabled map[*analysis.Analyzer]*triState) (fs *flag.FlagSet, jsonFlag, sarifFlag *bool) {
	fs = flag.NewFlagSet(progname, flag.ContinueOnError)
	fs.StringVar(&o.format, "format", "text", "output format: text (stderr), json (go vet -json tree on stdout) or sarif (SARIF 2.1.0 on stdout)")
	jsonFlag = fs.Bool("json", false, "same as -format=json")
	sarifFlag = fs.Bool("sarif", false, "same as -format=sarif")
	fs.IntVar(&o.context, "c", -1, "text output: display offending line with this many lines of context")
	fs.BoolVar(&o.fix, "fix", false, "apply the first suggested fix of every diagnostic instead of reporting")
	fs.BoolVar(&o.diff, "diff", false, "with -fix, don't update the files, but print a unified diff")
	fs.BoolVar(&o.tests, "test", true, "also analyze test files (the package's _test.go files and its test variants)")
	fs.BoolVar(&o.cache, "cache", true, "analyse through go vet and the go command's cache (GOCACHE, or $"+cacheEnv+"): a warm run replays the findings; -cache=false analyses in this process")
	fs.BoolVar(&o.help, "help", false, "print help")
	fs.Var(&o.debug, "debug", "comma-separated debug output: budget (after the run, list the functions whose path walks hit a budget; their findings were dropped)")
	for _, a := range as {
		ts := new(triState)
		enabled[a] = ts
		fs.Var(ts, a.Name, fmt.Sprintf("enable the %s analyzer (-%s=false: run all others)", a.Name, a.Name))
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	return fs, jsonFlag, sarifFlag
}

func parseFlags(progname string, as []*analysis.Analyzer, args []string) (*options, error) {
	o := new(options)
	enabled := make(map[*analysis.Analyzer]*triState)
	fs, jsonFlag, sarifFlag := newFlagSet(progname, as, o, enabled)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			o.help = true
			return o, nil
		}
		return nil, fmt.Errorf("%v (run '%s help' for the flags)", err, progname)
	}
	switch {
	case *jsonFlag && *sarifFlag:
		return nil, errors.New("-json and -sarif are mutually exclusive")
	case *jsonFlag:
		o.format = "json"
	case *sarifFlag:
		o.format = "sarif"
	}
	switch o.format {
	case "text", "json", "sarif":
	default:
		return nil, fmt.Errorf("-format=%s: want text, json or sarif", o.format)
	}
	if o.diff && !o.fix {
		return nil, errors.New("-diff requires -fix")
	}
	if o.fix {
		// -fix is handed to multichecker, which knows none of these.
		var bad error
		fs.Visit(func(f *flag.Flag) {
			switch f.Name {
			case "format", "json", "sarif", "help", "debug", "cache":
				bad = fmt.Errorf("-fix cannot be combined with -%s", f.Name)
			}
		})
		if bad != nil {
			return nil, bad
		}
	}

	// Selection as in multichecker: if any -NAME is true, run only those;
	// otherwise, if any -NAME is false, run all but those.
	var hasTrue, hasFalse bool
	for _, ts := range enabled {
		hasTrue = hasTrue || *ts == setTrue
		hasFalse = hasFalse || *ts == setFalse
	}
	for _, a := range as {
		switch {
		case hasTrue && *enabled[a] == setTrue,
			!hasTrue && hasFalse && *enabled[a] != setFalse,
			!hasTrue && !hasFalse:
			o.analyzers = append(o.analyzers, a)
		}
	}
	names := make(map[string]bool)
	for _, a := range as {
		names[a.Name] = true
	}
	fs.Visit(func(f *flag.Flag) {
		name, _, _ := strings.Cut(f.Name, ".")
		if names[name] {
			o.vetFlags = append(o.vetFlags, "-"+f.Name+"="+f.Value.String())
		}
	})
	o.patterns = fs.Args()
	if len(o.patterns) == 0 && !o.help {
		return nil, fmt.Errorf("no packages given (try '%s ./...' or '%s help')", progname, progname)
	}
	return o, nil
}
