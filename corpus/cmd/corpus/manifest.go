package main

// A module of the corpus: a real, heavily concurrent Go module pinned at one
// version served by the Go module proxy. Sum is the go.sum hash of the module
// zip; the runner refuses to analyze a download whose hash differs, so every
// run of every developer sees exactly the same source.
type module struct {
	Name    string // short name used for -modules and the work directory
	Path    string // module path
	Version string // pinned version
	Sum     string // h1: hash of the module zip (as in go.sum)
	Default bool   // part of the default (README) set
	Why     string // what makes it a good concurrency corpus
	// Setup commands run once in the module's copy after its dependencies
	// are downloaded, e.g. to generate files the release build generates
	// (without them some packages do not type-check).
	Setup [][]string
}

// corpus is the list of pinned modules. The default set is what a plain run
// measures and what RESULTS.md reports; the others can be named with -modules.
// Versions were taken from the list of versions known to be served and to load
// with Go 1.26 (see docs/corpus.md for how they were chosen).
var corpus = []module{
	{
		Name: "client_golang", Path: "github.com/prometheus/client_golang", Version: "v1.25.0",
		Sum: "h1:cDtW1TcFsMi1RJc8khwCKB4VhzwV04aKqbYtNOXuiK0=", Default: true,
		Why: "metric registries and collectors guarded by mutexes, atomics, push/scrape goroutines",
	},
	{
		Name: "consul-api", Path: "github.com/hashicorp/consul/api", Version: "v1.34.5",
		Sum: "h1:QpMhHZyfYsOsIu5n5QA7TQTLabM4OQJEbKi3pXXnw7U=", Default: true,
		Why: "watch plans, locks and semaphores built on blocking queries, lots of goroutines and channels",
	},
	{
		Name: "client-go", Path: "k8s.io/client-go", Version: "v0.37.2",
		Sum: "h1:sgFtyRZukGkOrsu+QgS7LYnbFFJ5ut3MchdBNduD//E=", Default: true,
		Why: "informers, work queues, rate limiters, leader election: the reference Go controller machinery",
	},
	{
		Name: "moby-client", Path: "github.com/moby/moby/client", Version: "v0.6.2",
		Sum: "h1:ekSPlMccrZGcw6Scb8T9D39qE0mB+XupU/yS0zNw9N4=", Default: true,
		Why: "Docker API client: streaming attach/exec/events with goroutines, contexts and hijacked connections",
	},
	{
		Name: "go-redis", Path: "github.com/redis/go-redis/v9", Version: "v9.23.0",
		Sum: "h1:/TTVdJa8BRNsybwwGGnmiYktHNlUXtbOQxlWpHBPL3s=", Default: true,
		Why: "connection pools, pub/sub, cluster state reloads, pipelines: mutexes, atomics, channels everywhere",
	},
	{
		Name: "syncthing", Path: "github.com/syncthing/syncthing", Version: "v1.30.0",
		Sum: "h1:gFeuxkbM/iNR8hHpB7WB/vs3DTyxeaTXeZPn2lK2olk=", Default: true,
		Why: "a whole P2P sync daemon: suture services, folder runners, connection and model locks",
		// lib/api/auto and cmd/infra/strelaypoolsrv/auto hold only a
		// go:generate directive for the embedded GUI assets (auto.Assets).
		Setup: [][]string{{"go", "generate", "./lib/api/auto", "./cmd/infra/strelaypoolsrv/auto"}},
	},
	{
		Name: "minio-go", Path: "github.com/minio/minio-go/v7", Version: "v7.4.1",
		Sum: "h1:PtU/zIOfQRWZ+QydXAZysc+xZYHdG+BBR4Z6TUvy73w=", Default: true,
		Why: "S3 client: parallel multipart uploads, listing goroutines feeding channels, credential caches",
	},
	{
		Name: "raft", Path: "github.com/hashicorp/raft", Version: "v1.8.0",
		Sum: "h1:YbfecBcuTar/LNFEDfVTpqu9Aw+MczTk7MYczvy+62k=", Default: true,
		Why: "consensus library: replication goroutines, futures, shutdown channels, lots of locking",
	},
	// Not in the default set (too large for a ~20-30 min run on 2 cores);
	// run them with -modules.
	{
		Name: "nats-server", Path: "github.com/nats-io/nats-server/v2", Version: "v2.15.2",
		Sum: "h1:yLsgt2kslgymvxvjFq1WGWck5hkat2YYfbXvQ145tzU=",
		Why: "message broker: per-client locks, JetStream, hundreds of goroutines; very large tests",
	},
	{
		Name: "grpc", Path: "google.golang.org/grpc", Version: "v1.85.0",
		Sum: "h1:BPBCfuVRQ1qvBhKDOq9uvQllMvO59rKsYhXpp7Dd8vw=",
		Why: "transports, balancers, resolvers: callback serializers, mutexes and channels",
	},
	{
		Name: "prometheus", Path: "github.com/prometheus/prometheus", Version: "v0.316.0",
		Sum: "h1:f1GRFerhTMKQma+awCoC9T820ecWeGSdF+xAlMHzZzM=",
		Why: "TSDB, scrape and rule managers; a very large dependency graph",
	},
}
