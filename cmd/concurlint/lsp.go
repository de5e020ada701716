package main

// concurlint lsp: a language server that runs beside gopls and publishes
// concurlint's findings as diagnostics, with the suggested fixes as code
// actions. The protocol types and their dispatch come from
// github.com/tliron/glsp/protocol_3_16 (standard library only); the
// JSON-RPC 2.0 connection with LSP's Content-Length framing is
// github.com/sourcegraph/jsonrpc2. glsp's own server package is not used:
// it would bring a logging stack, SSH and websocket code into the binary.
//
// What is analyzed: the package in the directory of a file that is opened or
// saved, as `cd DIR && concurlint .` would analyze it (the same analyzers,
// flags and suppression rules, through analyzeIn in run.go), test files
// included, if the file lies in a workspace folder (when the client names
// any). The file on disk is what counts: edits that are not saved
// (didChange) only mark the file dirty, and a dirty file gets no code
// actions, because the fixes' offsets are in the saved text. Analyses run one
// at a time in one goroutine; saves that arrive while one runs are coalesced
// into one more analysis of each package they name.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/sourcegraph/jsonrpc2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
	"golang.org/x/tools/go/analysis"
)

// lspMain runs the language server on stdin and stdout. It takes the
// analyzer selection and analyzer flags of the standalone command and
// -test; it returns the exit code (0 after shutdown and exit, 1 when the
// client went away without shutdown, as the protocol asks).
func lspMain(progname string, as []*analysis.Analyzer, args []string) int {
	o, err := lspOptions(progname, as, args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s lsp: %v\n", progname, err)
		return exitUsage
	}
	if o.help {
		return help(os.Stdout, progname, as, nil)
	}
	selected = make(map[string]bool)
	for _, a := range o.analyzers {
		selected[a.Name] = true
	}
	// The protocol owns stdout: anything else that prints there (nothing
	// should) goes to stderr, the client's log, instead.
	stream := stdio{in: os.Stdin, out: os.Stdout}
	os.Stdout = os.Stderr
	s := newLSPServer(o, os.Stderr)
	if !s.serve(context.Background(), stream) {
		return exitError
	}
	return exitClean
}

// lspOptions parses the flags of `concurlint lsp`: the standalone flags
// that select and configure analyzers, and -test.
func lspOptions(progname string, as []*analysis.Analyzer, args []string) (*options, error) {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			return nil, fmt.Errorf("unexpected argument %q: the server analyzes the packages of the files the editor opens", a)
		}
	}
	// parseFlags wants a package pattern; each analysis sets its own.
	o, err := parseFlags(progname, as, append(slices.Clone(args), "."))
	if err != nil {
		return nil, err
	}
	if o.fix || o.format != "text" || o.context != -1 {
		return nil, errors.New("takes only -test, -NAME and -NAME.flag (fixes are code actions, diagnostics are the output)")
	}
	return o, nil
}

// stdio is the server's stream: stdin and stdout.
type stdio struct{ in, out *os.File }

func (s stdio) Read(p []byte) (int, error)  { return s.in.Read(p) }
func (s stdio) Write(p []byte) (int, error) { return s.out.Write(p) }
func (s stdio) Close() error                { return s.in.Close() }

// syncWriter serializes writes to the server's log: the connection's
// reader and the analysis goroutine both write to it.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

// An lspFinding is a published diagnostic and the code actions of its
// suggested fixes.
type lspFinding struct {
	diag    protocol.Diagnostic
	actions []protocol.CodeAction
}

// lspServer is one client's session.
type lspServer struct {
	opts    *options  // analyzers, -test; patterns are set per analysis
	logw    io.Writer // the server's own log (stderr)
	conn    *jsonrpc2.Conn
	handler protocol.Handler
	// analyze is analyzeIn; the coalescing test replaces it.
	analyze func(dir string, errw io.Writer, o *options) (*result, error)

	kick chan struct{} // capacity 1: the queue is not empty

	mu        sync.Mutex
	queue     []string                   // directories to analyze, in arrival order, each once
	trigger   map[string]map[string]bool // directory → files opened or saved there since its last analysis
	uris      map[string]string          // file path → the URI the client used for it
	dirty     map[string]bool            // file path → changed in the editor and not saved
	published map[string][]string        // directory → files last published with findings
	findings  map[string][]lspFinding    // file path → its published findings
	roots     map[string]bool            // workspace folders (none: every file is analyzed)
	shutdown  bool
	analyses  int // analyses run (the test checks coalescing with it)
}

func newLSPServer(o *options, logw io.Writer) *lspServer {
	s := &lspServer{
		opts:      o,
		logw:      &syncWriter{w: logw},
		kick:      make(chan struct{}, 1),
		trigger:   make(map[string]map[string]bool),
		uris:      make(map[string]string),
		dirty:     make(map[string]bool),
		published: make(map[string][]string),
		findings:  make(map[string][]lspFinding),
		roots:     make(map[string]bool),
		analyze:   analyzeIn,
	}
	s.handler = protocol.Handler{
		Initialize:             s.initialize,
		Initialized:            func(*glsp.Context, *protocol.InitializedParams) error { return nil },
		Shutdown:               s.shutdownRequest,
		SetTrace:               func(*glsp.Context, *protocol.SetTraceParams) error { return nil },
		TextDocumentDidOpen:    s.didOpen,
		TextDocumentDidChange:  s.didChange,
		TextDocumentDidSave:    s.didSave,
		TextDocumentDidClose:   s.didClose,
		TextDocumentCodeAction: s.codeAction,

		WorkspaceDidChangeWorkspaceFolders: s.didChangeFolders,
	}
	return s
}

// serve runs the session on rwc until the client sends exit or closes the
// stream, and waits for the analysis in progress to finish. It reports
// whether the client asked for shutdown first.
func (s *lspServer) serve(ctx context.Context, rwc io.ReadWriteCloser) bool {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	logger := log.New(s.logw, "concurlint lsp: ", 0)
	s.conn = jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(rwc, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(s.handle).SuppressErrClosed(), jsonrpc2.SetLogger(logger))
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.analyzeLoop(ctx)
	}()
	<-s.conn.DisconnectNotify()
	cancel()
	<-done
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shutdown
}

// handle is the JSON-RPC handler: exit closes the connection, everything
// else goes through glsp's dispatch (which decodes the params).
func (s *lspServer) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	if req.Method == protocol.MethodExit {
		conn.Close()
		return nil, nil
	}
	gctx := &glsp.Context{
		Method: req.Method,
		Notify: func(method string, params any) {
			if err := conn.Notify(ctx, method, params); err != nil {
				fmt.Fprintf(s.logw, "concurlint lsp: %s: %v\n", method, err)
			}
		},
		Call: func(method string, params, result any) {
			if err := conn.Call(ctx, method, params, result); err != nil {
				fmt.Fprintf(s.logw, "concurlint lsp: %s: %v\n", method, err)
			}
		},
	}
	if req.Params != nil {
		gctx.Params = *req.Params
	}
	r, validMethod, validParams, err := s.handler.Handle(gctx)
	if req.Method == protocol.MethodInitialize && !validParams {
		// The server reads nothing from initialize; a client capability
		// that glsp's LSP 3.16 types cannot decode must not stop it.
		fmt.Fprintf(s.logw, "concurlint lsp: initialize: %v (params ignored)\n", err)
		gctx.Params = json.RawMessage(`{"capabilities":{}}`)
		r, validMethod, validParams, err = s.handler.Handle(gctx)
	}
	switch {
	case req.Notif && (!validMethod || strings.HasPrefix(req.Method, "$/")):
		return nil, nil // notifications the server does not handle are ignored
	case !validMethod:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
	case !validParams:
		msg := "invalid params"
		if err != nil {
			msg = err.Error()
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: msg}
	case err != nil:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: err.Error()}
	}
	return r, nil
}

func (s *lspServer) notify(method string, params any) {
	if err := s.conn.Notify(context.Background(), method, params); err != nil && !errors.Is(err, jsonrpc2.ErrClosed) {
		fmt.Fprintf(s.logw, "concurlint lsp: %s: %v\n", method, err)
	}
}

// logMessage sends window/logMessage (the client's log of this server).
func (s *lspServer) logMessage(typ protocol.MessageType, msg string) {
	s.notify(protocol.ServerWindowLogMessage, &protocol.LogMessageParams{Type: typ, Message: msg})
}

// initialize records the workspace folders: files outside them (the
// standard library or the module cache, opened by go-to-definition) are not
// analyzed.
func (s *lspServer) initialize(_ *glsp.Context, p *protocol.InitializeParams) (any, error) {
	var roots []string
	for _, f := range p.WorkspaceFolders {
		roots = append(roots, f.URI)
	}
	if len(roots) == 0 && p.RootURI != nil {
		roots = append(roots, *p.RootURI)
	}
	s.mu.Lock()
	for _, uri := range roots {
		if path, err := uriToPath(uri); err == nil {
			s.roots[path] = true
		}
	}
	s.mu.Unlock()
	change := protocol.TextDocumentSyncKindIncremental // only to know the file is dirty
	version := "devel"
	return protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: protocol.TextDocumentSyncOptions{
				OpenClose: ptr(true),
				Change:    &change,
				Save:      protocol.SaveOptions{IncludeText: ptr(false)},
			},
			CodeActionProvider: protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix},
			},
			Workspace: &protocol.ServerCapabilitiesWorkspace{
				WorkspaceFolders: &protocol.WorkspaceFoldersServerCapabilities{
					Supported:           ptr(true),
					ChangeNotifications: &protocol.BoolOrString{Value: true},
				},
			},
		},
		ServerInfo: &protocol.InitializeResultServerInfo{Name: "concurlint", Version: &version},
	}, nil
}

func (s *lspServer) didChangeFolders(_ *glsp.Context, p *protocol.DidChangeWorkspaceFoldersParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range p.Event.Removed {
		if path, err := uriToPath(f.URI); err == nil {
			delete(s.roots, path)
		}
	}
	for _, f := range p.Event.Added {
		if path, err := uriToPath(f.URI); err == nil {
			s.roots[path] = true
		}
	}
	return nil
}

// inWorkspace reports whether path lies in a workspace folder, or there
// are none. Its caller holds s.mu.
func (s *lspServer) inWorkspace(path string) bool {
	if len(s.roots) == 0 {
		return true
	}
	for root := range s.roots {
		if _, ok := relPath(root, path); ok {
			return true
		}
	}
	return false
}

func (s *lspServer) shutdownRequest(*glsp.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shutdown = true
	return nil
}

func (s *lspServer) didOpen(_ *glsp.Context, p *protocol.DidOpenTextDocumentParams) error {
	s.enqueue(p.TextDocument.URI)
	return nil
}

func (s *lspServer) didSave(_ *glsp.Context, p *protocol.DidSaveTextDocumentParams) error {
	if path, err := uriToPath(p.TextDocument.URI); err == nil {
		s.mu.Lock()
		delete(s.dirty, path)
		s.mu.Unlock()
	}
	s.enqueue(p.TextDocument.URI)
	return nil
}

func (s *lspServer) didChange(_ *glsp.Context, p *protocol.DidChangeTextDocumentParams) error {
	if path, err := uriToPath(p.TextDocument.URI); err == nil {
		s.mu.Lock()
		s.dirty[path] = true
		s.mu.Unlock()
	}
	return nil
}

// didClose forgets unsaved edits (the buffer is gone; the disk is what was
// analyzed). The diagnostics stay, as gopls keeps a package's diagnostics.
func (s *lspServer) didClose(_ *glsp.Context, p *protocol.DidCloseTextDocumentParams) error {
	if path, err := uriToPath(p.TextDocument.URI); err == nil {
		s.mu.Lock()
		delete(s.dirty, path)
		s.mu.Unlock()
	}
	return nil
}

// enqueue schedules an analysis of the package of the file at uri, unless
// one is already waiting.
func (s *lspServer) enqueue(uri string) {
	path, err := uriToPath(uri)
	if err != nil || !strings.HasSuffix(path, ".go") {
		return
	}
	dir := filepath.Dir(path)
	s.mu.Lock()
	if !s.inWorkspace(path) {
		s.mu.Unlock()
		return
	}
	s.uris[path] = uri
	if s.trigger[dir] == nil {
		s.trigger[dir] = make(map[string]bool)
		s.queue = append(s.queue, dir)
	}
	s.trigger[dir][path] = true
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default: // a kick is already pending
	}
}

// next takes the first directory off the queue, with the files that asked
// for it.
func (s *lspServer) next() (dir string, files map[string]bool, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queue) == 0 {
		return "", nil, false
	}
	dir = s.queue[0]
	s.queue = s.queue[1:]
	files = s.trigger[dir]
	delete(s.trigger, dir)
	s.analyses++
	return dir, files, true
}

// analyzeLoop runs the queued analyses one at a time until ctx is done.
func (s *lspServer) analyzeLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.kick:
		}
		for ctx.Err() == nil {
			dir, files, ok := s.next()
			if !ok {
				break
			}
			s.analyzeDir(dir, files)
		}
	}
}

// analyzeDir analyzes the package in dir and publishes its diagnostics:
// for every file with findings, for every file that had findings before
// and for the files that asked (an empty list clears a file).
func (s *lspServer) analyzeDir(dir string, files map[string]bool) {
	o := *s.opts
	o.patterns = []string{"."}
	var errs strings.Builder
	began := time.Now()
	res, err := s.analyze(dir, &errs, &o)
	if err != nil {
		s.logMessage(protocol.MessageTypeError, fmt.Sprintf("concurlint: %s: %v", dir, err))
		return
	}
	if errs.Len() > 0 {
		s.logMessage(protocol.MessageTypeWarning, fmt.Sprintf("concurlint: %s:\n%s", dir, errs.String()))
	}
	s.logMessage(protocol.MessageTypeLog, fmt.Sprintf("concurlint: %s: %d findings in %v", dir, len(res.findings), time.Since(began).Round(time.Millisecond)))

	conv := newPosConv()
	byFile := make(map[string][]lspFinding)
	for _, f := range res.findings {
		start := f.fset.PositionFor(f.diag.Pos, false)
		if !start.IsValid() {
			continue
		}
		byFile[start.Filename] = append(byFile[start.Filename], s.toLSP(conv, f))
	}

	s.mu.Lock()
	publish := make(map[string]bool)
	for path := range files {
		publish[path] = true
	}
	for _, path := range s.published[dir] {
		publish[path] = true
	}
	var withFindings []string
	for path := range byFile {
		publish[path] = true
		withFindings = append(withFindings, path)
	}
	slices.Sort(withFindings)
	s.published[dir] = withFindings
	type pub struct {
		path  string
		uri   string
		diags []protocol.Diagnostic
	}
	var pubs []pub
	for path := range publish {
		fs := byFile[path]
		if len(fs) == 0 {
			delete(s.findings, path)
		} else {
			s.findings[path] = fs
		}
		diags := []protocol.Diagnostic{} // [] clears; null is not a list
		for _, f := range fs {
			diags = append(diags, f.diag)
		}
		pubs = append(pubs, pub{path, s.uriLocked(path), diags})
	}
	s.mu.Unlock()

	slices.SortFunc(pubs, func(a, b pub) int { return strings.Compare(a.path, b.path) })
	for _, p := range pubs {
		s.notify(protocol.ServerTextDocumentPublishDiagnostics, &protocol.PublishDiagnosticsParams{URI: p.uri, Diagnostics: p.diags})
	}
}

// toLSP converts a finding: the range (a diagnostic without an end runs
// to the end of its line, as in the SARIF output), source, code and its
// documentation URL, related information, and one quick fix per suggested
// fix.
func (s *lspServer) toLSP(conv *posConv, f finding) lspFinding {
	d := f.diag
	source := "concurlint"
	severity := protocol.DiagnosticSeverityWarning
	diag := protocol.Diagnostic{
		Range:    conv.rng(f.fset, d.Pos, d.End),
		Severity: &severity,
		Code:     &protocol.IntegerOrString{Value: f.analyzer.Name},
		Source:   &source,
		Message:  d.Message,
	}
	if f.analyzer.URL != "" {
		diag.CodeDescription = &protocol.CodeDescription{HRef: f.analyzer.URL}
	}
	for _, r := range d.Related {
		posn := f.fset.PositionFor(r.Pos, false)
		if !posn.IsValid() {
			continue
		}
		diag.RelatedInformation = append(diag.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: s.uri(posn.Filename), Range: conv.rng(f.fset, r.Pos, r.End)},
			Message:  r.Message,
		})
	}
	lf := lspFinding{diag: diag}
	for _, fix := range d.SuggestedFixes {
		changes := make(map[string][]protocol.TextEdit)
		for _, e := range fix.TextEdits {
			start := f.fset.PositionFor(e.Pos, false)
			end := e.End
			if !end.IsValid() {
				end = e.Pos
			}
			uri := s.uri(start.Filename)
			changes[uri] = append(changes[uri], protocol.TextEdit{
				Range:   protocol.Range{Start: conv.pos(start), End: conv.pos(f.fset.PositionFor(end, false))},
				NewText: string(e.NewText),
			})
		}
		kind := protocol.CodeActionKindQuickFix
		lf.actions = append(lf.actions, protocol.CodeAction{
			Title:       fix.Message,
			Kind:        &kind,
			Diagnostics: []protocol.Diagnostic{diag},
			IsPreferred: ptr(len(d.SuggestedFixes) == 1),
			Edit:        &protocol.WorkspaceEdit{Changes: changes},
		})
	}
	return lf
}

// codeAction returns the quick fixes of the published diagnostics whose
// range meets the requested one. A file with unsaved edits gets none.
func (s *lspServer) codeAction(_ *glsp.Context, p *protocol.CodeActionParams) (any, error) {
	actions := []protocol.CodeAction{}
	if len(p.Context.Only) > 0 && !slices.ContainsFunc(p.Context.Only, func(k string) bool {
		return k == protocol.CodeActionKindQuickFix || strings.HasPrefix(protocol.CodeActionKindQuickFix, k+".")
	}) {
		return actions, nil
	}
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return actions, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dirty[path] {
		return actions, nil
	}
	for _, f := range s.findings[path] {
		if meets(f.diag.Range, p.Range) {
			actions = append(actions, f.actions...)
		}
	}
	return actions, nil
}

// meets reports whether two ranges overlap or touch (a cursor at either end
// of a diagnostic is on it).
func meets(a, b protocol.Range) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

func before(p, q protocol.Position) bool {
	return p.Line < q.Line || p.Line == q.Line && p.Character < q.Character
}

// uri returns the URI for path: the one the client used for it if any.
func (s *lspServer) uri(path string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.uriLocked(path)
}

func (s *lspServer) uriLocked(path string) string {
	if u, ok := s.uris[path]; ok {
		return u
	}
	return pathToURI(path)
}

func pathToURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x → /C:/x
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

func uriToPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", err
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("%s: not a file URI", uri)
	}
	p := u.Path
	if runtime.GOOS == "windows" && len(p) >= 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:] // /C:/x → C:/x
	}
	return filepath.Clean(filepath.FromSlash(p)), nil
}

// posConv converts go/token positions to LSP positions (zero-based lines,
// UTF-16 code units), reading each file once per analysis.
type posConv struct {
	files map[string][]byte
}

func newPosConv() *posConv { return &posConv{files: make(map[string][]byte)} }

func (c *posConv) content(filename string) []byte {
	data, ok := c.files[filename]
	if !ok {
		data, _ = os.ReadFile(filename)
		c.files[filename] = data
	}
	return data
}

// pos converts an unadjusted position (its Offset is into the file itself).
func (c *posConv) pos(p token.Position) protocol.Position {
	if p.Line < 1 {
		return protocol.Position{}
	}
	data := c.content(p.Filename)
	lineStart := min(max(p.Offset-(p.Column-1), 0), len(data))
	off := min(max(p.Offset, lineStart), len(data))
	return protocol.Position{Line: protocol.UInteger(p.Line - 1), Character: utf16Len(data[lineStart:off])}
}

// rng converts [pos, end); without an end (or an empty one) the range runs
// to the end of pos's line, trailing blanks excluded.
func (c *posConv) rng(fset *token.FileSet, pos, end token.Pos) protocol.Range {
	start := fset.PositionFor(pos, false)
	if end.IsValid() && end > pos {
		return protocol.Range{Start: c.pos(start), End: c.pos(fset.PositionFor(end, false))}
	}
	r := protocol.Range{Start: c.pos(start)}
	data := c.content(start.Filename)
	lineStart := min(max(start.Offset-(start.Column-1), 0), len(data))
	off := min(max(start.Offset, lineStart), len(data))
	eol := off
	if i := strings.IndexByte(string(data[off:]), '\n'); i >= 0 {
		eol += i
	} else {
		eol = len(data)
	}
	line := strings.TrimRight(string(data[lineStart:eol]), " \t\r")
	r.End = protocol.Position{Line: r.Start.Line, Character: max(utf16Len([]byte(line)), r.Start.Character)}
	return r
}

func utf16Len(b []byte) protocol.UInteger {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		n += max(utf16.RuneLen(r), 1) // an invalid byte counts as one unit
		b = b[size:]
	}
	return protocol.UInteger(n)
}

func ptr[T any](v T) *T { return &v }
