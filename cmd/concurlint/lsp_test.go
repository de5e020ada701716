package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// The language server tests drive `concurlint lsp` as an editor does: over
// a pipe, with JSON-RPC and LSP's Content-Length framing, on a copy of
// testdata/lsp (a module whose cache.go and cache_test.go each miss an
// Unlock on an early return).

// Decoded on the client side with plain types: glsp's IntegerOrString
// cannot be unmarshaled (value receiver), and the test must see whether
// the list is [] or null.
type (
	clientDiag struct {
		Range           protocol.Range `json:"range"`
		Severity        int            `json:"severity"`
		Code            string         `json:"code"`
		CodeDescription *struct {
			Href string `json:"href"`
		} `json:"codeDescription"`
		Source             string                                  `json:"source"`
		Message            string                                  `json:"message"`
		RelatedInformation []protocol.DiagnosticRelatedInformation `json:"relatedInformation"`
	}
	clientPublish struct {
		URI         string       `json:"uri"`
		Diagnostics []clientDiag `json:"diagnostics"`
	}
	clientAction struct {
		Title       string                 `json:"title"`
		Kind        string                 `json:"kind"`
		Diagnostics []clientDiag           `json:"diagnostics"`
		Edit        protocol.WorkspaceEdit `json:"edit"`
	}
)

// lspClient is the editor's end: it records every publishDiagnostics.
type lspClient struct {
	t    *testing.T
	conn *jsonrpc2.Conn

	mu     sync.Mutex
	latest map[string]clientPublish // URI → last publication
	count  map[string]int           // URI → publications so far
	seen   chan struct{}            // signalled on each publication
	logs   []string                 // window/logMessage texts
}

func newLSPClient(t *testing.T, rwc io.ReadWriteCloser) *lspClient {
	c := &lspClient{t: t, latest: make(map[string]clientPublish), count: make(map[string]int), seen: make(chan struct{}, 1)}
	h := jsonrpc2.HandlerWithError(func(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
		if req.Method == protocol.ServerWindowLogMessage && req.Params != nil {
			var m protocol.LogMessageParams
			if json.Unmarshal(*req.Params, &m) == nil {
				c.mu.Lock()
				c.logs = append(c.logs, m.Message)
				c.mu.Unlock()
			}
		}
		if req.Method != protocol.ServerTextDocumentPublishDiagnostics || req.Params == nil {
			return nil, nil
		}
		var p clientPublish
		if err := json.Unmarshal(*req.Params, &p); err != nil {
			t.Errorf("publishDiagnostics: %v", err)
			return nil, nil
		}
		c.mu.Lock()
		c.latest[p.URI] = p
		c.count[p.URI]++
		c.mu.Unlock()
		select {
		case c.seen <- struct{}{}:
		default:
		}
		return nil, nil
	})
	c.conn = jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(rwc, jsonrpc2.VSCodeObjectCodec{}), h)
	return c
}

// await waits for a publication for uri, the count-th or later, and
// returns the latest one.
func (c *lspClient) await(uri string, count int) clientPublish {
	c.t.Helper()
	deadline := time.After(60 * time.Second)
	for {
		c.mu.Lock()
		p, n := c.latest[uri], c.count[uri]
		c.mu.Unlock()
		if n >= count {
			return p
		}
		select {
		case <-c.seen:
		case <-deadline:
			c.t.Fatalf("no publishDiagnostics for %s (want publication #%d, have %d)", uri, count, n)
		}
	}
}

func (c *lspClient) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *lspClient) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// testLog is the server's log, read by the test while the server writes.
type testLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *testLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *testLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// lspModule copies testdata/lsp into a temporary directory.
func lspModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "cache.go", "cache_test.go"} {
		data, err := os.ReadFile(filepath.Join("testdata", "lsp", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// applyEdits applies LSP edits to an ASCII file (UTF-16 units are bytes).
func applyEdits(t *testing.T, src string, edits []protocol.TextEdit) string {
	t.Helper()
	lineStarts := []int{0}
	for i, c := range src {
		if c == '\n' {
			lineStarts = append(lineStarts, i+1)
		}
	}
	offset := func(p protocol.Position) int {
		if int(p.Line) >= len(lineStarts) {
			t.Fatalf("edit position %+v past the end of the file", p)
		}
		return lineStarts[p.Line] + int(p.Character)
	}
	sorted := slices.Clone(edits)
	slices.SortFunc(sorted, func(a, b protocol.TextEdit) int { return offset(b.Range.Start) - offset(a.Range.Start) })
	for _, e := range sorted {
		src = src[:offset(e.Range.Start)] + e.NewText + src[offset(e.Range.End):]
	}
	return src
}

func rng(l1, c1, l2, c2 int) protocol.Range {
	return protocol.Range{
		Start: protocol.Position{Line: protocol.UInteger(l1), Character: protocol.UInteger(c1)},
		End:   protocol.Position{Line: protocol.UInteger(l2), Character: protocol.UInteger(c2)},
	}
}

func TestLSP(t *testing.T) {
	t.Setenv("GOWORK", "off")
	t.Setenv("GOTOOLCHAIN", "local")
	dir := lspModule(t)
	cachePath, testPath := filepath.Join(dir, "cache.go"), filepath.Join(dir, "cache_test.go")
	cacheURI, testURI := "file://"+filepath.ToSlash(cachePath), "file://"+filepath.ToSlash(testPath)

	logs := new(testLog)
	srv := newLSPServer(&options{analyzers: analyzers(), tests: true, format: "text", context: -1}, logs)
	serverEnd, clientEnd := net.Pipe()
	served := make(chan bool, 1)
	go func() { served <- srv.serve(context.Background(), serverEnd) }()
	c := newLSPClient(t, clientEnd)
	defer c.conn.Close()

	var init struct {
		Capabilities struct {
			TextDocumentSync struct {
				OpenClose bool `json:"openClose"`
				Save      any  `json:"save"`
			} `json:"textDocumentSync"`
			CodeActionProvider struct {
				CodeActionKinds []string `json:"codeActionKinds"`
			} `json:"codeActionProvider"`
		} `json:"capabilities"`
		ServerInfo struct {
			Name string `json:"name"`
		} `json:"serverInfo"`
	}
	rootURI := "file://" + filepath.ToSlash(dir)
	c.call("initialize", map[string]any{"processId": nil, "rootUri": rootURI, "capabilities": map[string]any{}}, &init)
	if init.ServerInfo.Name != "concurlint" || !init.Capabilities.TextDocumentSync.OpenClose || init.Capabilities.TextDocumentSync.Save == nil ||
		!slices.Contains(init.Capabilities.CodeActionProvider.CodeActionKinds, "quickfix") {
		t.Errorf("initialize result: %+v", init)
	}
	c.notify("initialized", map[string]any{})

	src, _ := os.ReadFile(cachePath)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": cacheURI, "languageId": "go", "version": 1, "text": string(src)}})

	// The finding in cache.go, with its related location.
	p := c.await(cacheURI, 1)
	if len(p.Diagnostics) != 1 {
		t.Fatalf("cache.go: got %d diagnostics, want 1: %+v\nserver log:\n%s", len(p.Diagnostics), p.Diagnostics, logs.String())
	}
	d := p.Diagnostics[0]
	if !strings.HasPrefix(d.Message, "c.mu is locked here but not unlocked on the return at line 17") {
		t.Errorf("message = %q", d.Message)
	}
	if want := rng(13, 1, 13, 12); d.Range != want { // "\tc.mu.Lock()", to the end of the line
		t.Errorf("range = %+v, want %+v", d.Range, want)
	}
	if d.Source != "concurlint" || d.Code != "unlock" || d.Severity != int(protocol.DiagnosticSeverityWarning) {
		t.Errorf("source %q, code %q, severity %d; want concurlint, unlock, 2", d.Source, d.Code, d.Severity)
	}
	if d.CodeDescription == nil || !strings.HasSuffix(d.CodeDescription.Href, "#unlock") {
		t.Errorf("codeDescription = %+v, want the unlock analyzer's URL", d.CodeDescription)
	}
	if len(d.RelatedInformation) != 1 {
		t.Fatalf("related information = %+v, want the return", d.RelatedInformation)
	}
	r := d.RelatedInformation[0]
	if r.Location.URI != cacheURI || r.Location.Range != rng(16, 2, 16, 17) || r.Message != "returns here with c.mu held" {
		t.Errorf("related = %+v, want %s 16:2-16:17 \"returns here with c.mu held\"", r, cacheURI)
	}

	// The test file of the package is analyzed and published too.
	if p := c.await(testURI, 1); len(p.Diagnostics) != 1 || !strings.Contains(p.Diagnostics[0].Message, "not unlocked on the return at line 8") {
		t.Errorf("cache_test.go: got %+v, want the missing unlock at line 6", p.Diagnostics)
	}

	// Code actions: the fix where the cursor is on the diagnostic, nothing
	// elsewhere or when only refactorings are asked for.
	actions := func(uri string, r protocol.Range, only ...string) []clientAction {
		var got []clientAction
		// Clients send back the diagnostics they show at the range.
		ctx := map[string]any{"diagnostics": []clientDiag{d}}
		if only != nil {
			ctx["only"] = only
		}
		c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": r, "context": ctx}, &got)
		return got
	}
	if got := actions(cacheURI, rng(24, 0, 24, 0)); len(got) != 0 {
		t.Errorf("code actions away from the diagnostic: %+v", got)
	}
	if got := actions(cacheURI, rng(13, 5, 13, 5), "refactor"); len(got) != 0 {
		t.Errorf("code actions with only=refactor: %+v", got)
	}
	got := actions(cacheURI, rng(13, 5, 13, 5))
	if len(got) != 1 || got[0].Title != "Defer the Unlock" || got[0].Kind != "quickfix" || len(got[0].Diagnostics) != 1 || len(got[0].Edit.Changes[cacheURI]) == 0 {
		t.Fatalf("code actions at the Lock: %+v", got)
	}
	fixed := applyEdits(t, string(src), got[0].Edit.Changes[cacheURI])
	const wantGet = `func (c *Cache) Get(k string) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	if !ok {
		return 0, false
	}
	return v, true
}`
	if !strings.Contains(fixed, wantGet) {
		t.Errorf("cache.go after the fix:\n%s\nwant it to contain:\n%s", fixed, wantGet)
	}
	testSrc, _ := os.ReadFile(testPath)
	tgot := actions(testURI, rng(5, 1, 5, 1))
	if len(tgot) != 1 {
		t.Fatalf("code actions in cache_test.go: %+v", tgot)
	}
	testFixed := applyEdits(t, string(testSrc), tgot[0].Edit.Changes[testURI])

	// Unsaved edits: the server offers no fix on a dirty file.
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": cacheURI, "version": 2},
		"contentChanges": []any{map[string]any{"text": fixed}}})
	if got := actions(cacheURI, rng(13, 5, 13, 5)); len(got) != 0 {
		t.Errorf("code actions on a dirty file: %+v", got)
	}

	// Write both fixes and save cache.go: both files are cleared ([] for
	// cache_test.go too, which had findings and was not saved).
	if err := os.WriteFile(cachePath, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(testPath, []byte(testFixed), 0o644); err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	nCache, nTest := c.count[cacheURI], c.count[testURI]
	c.mu.Unlock()
	c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": cacheURI}})
	if p := c.await(cacheURI, nCache+1); p.Diagnostics == nil || len(p.Diagnostics) != 0 {
		t.Errorf("cache.go after the fix: %+v, want an empty list", p.Diagnostics)
	}
	if p := c.await(testURI, nTest+1); p.Diagnostics == nil || len(p.Diagnostics) != 0 {
		t.Errorf("cache_test.go after the fix: %+v, want an empty list", p.Diagnostics)
	}

	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case ok := <-served:
		if !ok {
			t.Error("serve reported no shutdown before exit")
		}
	case <-time.After(60 * time.Second):
		t.Fatal("server did not stop after exit")
	}
	if srv.analyses != 2 {
		t.Errorf("%d analyses, want 2 (open, save)", srv.analyses)
	}
	c.mu.Lock()
	t.Logf("window/logMessage:\n%s", strings.Join(c.logs, "\n"))
	c.mu.Unlock()
	if t.Failed() {
		t.Logf("server log:\n%s", logs.String())
	}
}

// TestLSPCoalesce checks the queue: analyses run one at a time, and saves
// that arrive while one runs make one more analysis of their package, not
// one each. The analysis is replaced by one that blocks until released.
func TestLSPCoalesce(t *testing.T) {
	srv := newLSPServer(&options{format: "text", context: -1}, io.Discard)
	started := make(chan string, 16)
	release := make(chan struct{})
	var running, overlap int
	var mu sync.Mutex
	srv.analyze = func(dir string, _ io.Writer, _ *options) (*result, error) {
		mu.Lock()
		running++
		if running > 1 {
			overlap++
		}
		mu.Unlock()
		started <- dir
		<-release
		mu.Lock()
		running--
		mu.Unlock()
		return &result{}, nil
	}
	serverEnd, clientEnd := net.Pipe()
	served := make(chan bool, 1)
	go func() { served <- srv.serve(context.Background(), serverEnd) }()
	c := newLSPClient(t, clientEnd)
	defer c.conn.Close()
	c.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}, nil)

	a, b := filepath.FromSlash("/src/a/a.go"), filepath.FromSlash("/src/b/b.go")
	save := func(path string) {
		c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": pathToURI(path)}})
	}
	save(a)
	select {
	case dir := <-started:
		if dir != filepath.Dir(a) {
			t.Fatalf("first analysis of %s, want %s", dir, filepath.Dir(a))
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no analysis after didSave")
	}
	// While a's analysis runs: three saves of a, two of b.
	save(a)
	save(b)
	save(a)
	save(b)
	save(a)
	// A request after the notifications: when it returns, the server has
	// handled them (one connection, handled in order).
	c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": pathToURI(a)},
		"range": rng(0, 0, 0, 0), "context": map[string]any{"diagnostics": []any{}}}, nil)
	close(release)
	// Exit drops the analyses still queued: wait until the queue is empty
	// (the analysis in progress then, if any, finishes before serve returns).
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		srv.mu.Lock()
		queued := len(srv.queue)
		srv.mu.Unlock()
		if queued == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d packages still queued", queued)
		}
	}
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case <-served:
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop after exit")
	}
	var order []string
	for len(started) > 0 {
		order = append(order, <-started)
	}
	if want := []string{filepath.Dir(a), filepath.Dir(b)}; !slices.Equal(order, want) {
		t.Errorf("analyses after the first: %v, want %v (each package once, in arrival order)", order, want)
	}
	if srv.analyses != 3 || overlap != 0 {
		t.Errorf("%d analyses (%d overlapping), want 3 one at a time", srv.analyses, overlap)
	}
}

// TestLSPWorkspaceFolders: files outside the workspace folders (the
// standard library, the module cache) are not analyzed; a folder added
// later counts.
func TestLSPWorkspaceFolders(t *testing.T) {
	srv := newLSPServer(&options{format: "text", context: -1}, io.Discard)
	started := make(chan string, 16)
	srv.analyze = func(dir string, _ io.Writer, _ *options) (*result, error) {
		started <- dir
		return &result{}, nil
	}
	serverEnd, clientEnd := net.Pipe()
	served := make(chan bool, 1)
	go func() { served <- srv.serve(context.Background(), serverEnd) }()
	c := newLSPClient(t, clientEnd)
	defer c.conn.Close()
	a, b := filepath.FromSlash("/src/a/a.go"), filepath.FromSlash("/src/b/b.go")
	folder := func(path string) map[string]any {
		return map[string]any{"uri": pathToURI(filepath.Dir(path)), "name": filepath.Base(filepath.Dir(path))}
	}
	c.call("initialize", map[string]any{"processId": nil, "rootUri": pathToURI(filepath.Dir(a)),
		"workspaceFolders": []any{folder(a)}, "capabilities": map[string]any{}}, nil)
	save := func(path string) {
		c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": pathToURI(path)}})
	}
	next := func() string {
		select {
		case dir := <-started:
			return dir
		case <-time.After(30 * time.Second):
			t.Fatal("no analysis")
		}
		return ""
	}
	save(b) // outside: ignored
	save(a)
	if dir := next(); dir != filepath.Dir(a) {
		t.Errorf("analyzed %s, want only %s", dir, filepath.Dir(a))
	}
	c.notify("workspace/didChangeWorkspaceFolders", map[string]any{"event": map[string]any{"added": []any{folder(b)}, "removed": []any{}}})
	save(b)
	if dir := next(); dir != filepath.Dir(b) {
		t.Errorf("analyzed %s after adding its folder, want %s", dir, filepath.Dir(b))
	}
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	<-served
	if srv.analyses != 2 {
		t.Errorf("%d analyses, want 2", srv.analyses)
	}
}

// TestLSPInitializeTolerant: capabilities that glsp's types cannot decode
// (here a string for an object) do not make initialize fail.
func TestLSPInitializeTolerant(t *testing.T) {
	srv := newLSPServer(&options{format: "text", context: -1}, io.Discard)
	serverEnd, clientEnd := net.Pipe()
	served := make(chan bool, 1)
	go func() { served <- srv.serve(context.Background(), serverEnd) }()
	c := newLSPClient(t, clientEnd)
	defer c.conn.Close()
	var init map[string]any
	c.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": "not an object"}, &init)
	if _, ok := init["capabilities"]; !ok {
		t.Errorf("initialize result without capabilities: %v", init)
	}
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	if !<-served {
		t.Error("serve reported no shutdown before exit")
	}
}

// TestLSPStdio runs the binary as an editor does, on its stdin and stdout:
// initialize, shutdown and exit end it with status 0; a stray argument is a
// usage error.
func TestLSPStdio(t *testing.T) {
	bin := concurlintBin(t)
	if r := runIn(t, t.TempDir(), bin, "lsp", "./..."); r.code != exitUsage {
		t.Errorf("concurlint lsp ./...: exit %d, want %d; stderr: %s", r.code, exitUsage, r.stderr)
	}

	cmd := exec.Command(bin, "lsp")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := newLSPClient(t, struct {
		io.Reader
		io.WriteCloser
	}{stdout, stdin})
	defer c.conn.Close()
	var init map[string]any
	c.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}, &init)
	if _, ok := init["capabilities"]; !ok {
		t.Errorf("initialize result without capabilities: %v", init)
	}
	c.notify("initialized", map[string]any{})
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("concurlint lsp after shutdown and exit: %v; stderr: %s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatal("concurlint lsp did not exit after exit")
	}
}
