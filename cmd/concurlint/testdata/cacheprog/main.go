// Command cacheprog is a minimal GOCACHEPROG program for the integration
// tests (protocol: $(go env GOROOT)/src/cmd/go/internal/cacheprog). It
// stores objects in -dir, as a shared cache would (another machine, a CI
// cache), and answers a get it cannot serve from -dir by reading the
// -fallback directory, a go command's GOCACHE, read-only (so that the
// compiled standard library need not be built again). Every answer is
// logged to -log as "put", "hit", "fallback" or "miss".
package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

type request struct {
	ID       int64
	Command  string
	ActionID []byte `json:",omitempty"`
	OutputID []byte `json:",omitempty"`
	BodySize int64  `json:",omitempty"`
}

type response struct {
	ID            int64
	Err           string     `json:",omitempty"`
	KnownCommands []string   `json:",omitempty"`
	Miss          bool       `json:",omitempty"`
	OutputID      []byte     `json:",omitempty"`
	Size          int64      `json:",omitempty"`
	Time          *time.Time `json:",omitempty"`
	DiskPath      string     `json:",omitempty"`
}

var (
	dir      = flag.String("dir", "", "cache directory")
	fallback = flag.String("fallback", "", "a GOCACHE directory to read misses from")
	logFile  = flag.String("log", "", "file to log each answer to")
	logMu    sync.Mutex
)

func note(s string) {
	if *logFile == "" {
		return
	}
	logMu.Lock()
	defer logMu.Unlock()
	f, err := os.OpenFile(*logFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		fmt.Fprintln(f, s)
		f.Close()
	}
}

func main() {
	flag.Parse()
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	in := bufio.NewReader(os.Stdin)
	dec := json.NewDecoder(in)
	out := json.NewEncoder(os.Stdout)
	out.Encode(response{KnownCommands: []string{"get", "put", "close"}})
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			if err == io.EOF {
				return
			}
			log.Fatal(err)
		}
		var body []byte
		if req.Command == "put" && req.BodySize > 0 {
			// The body follows as a base64 JSON string on its own line.
			if err := dec.Decode(&body); err != nil {
				log.Fatal(err)
			}
		}
		res := response{ID: req.ID}
		switch req.Command {
		case "close":
			out.Encode(res)
			return
		case "put":
			res.DiskPath, res.Err = put(req, body)
			note("put")
		case "get":
			get(req, &res)
		default:
			res.Err = "unknown command " + req.Command
		}
		out.Encode(res)
	}
}

func put(req request, body []byte) (string, string) {
	a := hex.EncodeToString(req.ActionID)
	path := filepath.Join(*dir, a+"-d")
	if err := os.WriteFile(path, body, 0o644); err != nil {
		return "", err.Error()
	}
	meta := hex.EncodeToString(req.OutputID) + " " + strconv.Itoa(len(body))
	if err := os.WriteFile(filepath.Join(*dir, a+"-a"), []byte(meta), 0o644); err != nil {
		return "", err.Error()
	}
	return path, ""
}

func get(req request, res *response) {
	a := hex.EncodeToString(req.ActionID)
	if meta, err := os.ReadFile(filepath.Join(*dir, a+"-a")); err == nil {
		out, size, _ := strings.Cut(string(meta), " ")
		res.OutputID, _ = hex.DecodeString(out)
		res.Size, _ = strconv.ParseInt(size, 10, 64)
		res.DiskPath = filepath.Join(*dir, a+"-d")
		note("hit")
		return
	}
	if *fallback != "" && len(a) > 2 {
		// GOCACHE layout: <xx>/<action>-a holds
		// "v1 <action> <output> <size> <time>\n"; the body is <yy>/<output>-d.
		if entry, err := os.ReadFile(filepath.Join(*fallback, a[:2], a+"-a")); err == nil {
			f := strings.Fields(string(entry))
			if len(f) >= 4 && f[0] == "v1" && len(f[2]) > 2 {
				path := filepath.Join(*fallback, f[2][:2], f[2]+"-d")
				if _, err := os.Stat(path); err == nil {
					res.OutputID, _ = hex.DecodeString(f[2])
					res.Size, _ = strconv.ParseInt(f[3], 10, 64)
					res.DiskPath = path
					note("fallback")
					return
				}
			}
		}
	}
	res.Miss = true
	note("miss")
}
