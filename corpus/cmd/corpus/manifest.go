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
	// Set is "tuning" (findings are read and their idiom classes fixed
	// with rules and tests) or "validation" (run only to measure; its
	// findings are judged but never turned into tests). A module's set is
	// chosen before its first run and never changes; a module of the
	// validation set that has been measured is retired to "seen" when the
	// next validation set is chosen.
	Set string
	Why string // what makes it a good concurrency corpus
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
		Sum: "h1:cDtW1TcFsMi1RJc8khwCKB4VhzwV04aKqbYtNOXuiK0=", Default: true, Set: "tuning",
		Why: "metric registries and collectors guarded by mutexes, atomics, push/scrape goroutines",
	},
	{
		Name: "consul-api", Path: "github.com/hashicorp/consul/api", Version: "v1.34.5",
		Sum: "h1:QpMhHZyfYsOsIu5n5QA7TQTLabM4OQJEbKi3pXXnw7U=", Default: true, Set: "tuning",
		Why: "watch plans, locks and semaphores built on blocking queries, lots of goroutines and channels",
	},
	{
		Name: "client-go", Path: "k8s.io/client-go", Version: "v0.37.2",
		Sum: "h1:sgFtyRZukGkOrsu+QgS7LYnbFFJ5ut3MchdBNduD//E=", Default: true, Set: "tuning",
		Why: "informers, work queues, rate limiters, leader election: the reference Go controller machinery",
	},
	{
		Name: "moby-client", Path: "github.com/moby/moby/client", Version: "v0.6.2",
		Sum: "h1:ekSPlMccrZGcw6Scb8T9D39qE0mB+XupU/yS0zNw9N4=", Default: true, Set: "tuning",
		Why: "Docker API client: streaming attach/exec/events with goroutines, contexts and hijacked connections",
	},
	{
		Name: "go-redis", Path: "github.com/redis/go-redis/v9", Version: "v9.23.0",
		Sum: "h1:/TTVdJa8BRNsybwwGGnmiYktHNlUXtbOQxlWpHBPL3s=", Default: true, Set: "tuning",
		Why: "connection pools, pub/sub, cluster state reloads, pipelines: mutexes, atomics, channels everywhere",
	},
	{
		Name: "syncthing", Path: "github.com/syncthing/syncthing", Version: "v1.30.0",
		Sum: "h1:gFeuxkbM/iNR8hHpB7WB/vs3DTyxeaTXeZPn2lK2olk=", Default: true, Set: "tuning",
		Why: "a whole P2P sync daemon: suture services, folder runners, connection and model locks",
		// lib/api/auto and cmd/infra/strelaypoolsrv/auto hold only a
		// go:generate directive for the embedded GUI assets (auto.Assets).
		Setup: [][]string{{"go", "generate", "./lib/api/auto", "./cmd/infra/strelaypoolsrv/auto"}},
	},
	{
		Name: "minio-go", Path: "github.com/minio/minio-go/v7", Version: "v7.4.1",
		Sum: "h1:PtU/zIOfQRWZ+QydXAZysc+xZYHdG+BBR4Z6TUvy73w=", Default: true, Set: "tuning",
		Why: "S3 client: parallel multipart uploads, listing goroutines feeding channels, credential caches",
	},
	{
		Name: "raft", Path: "github.com/hashicorp/raft", Version: "v1.8.0",
		Sum: "h1:YbfecBcuTar/LNFEDfVTpqu9Aw+MczTk7MYczvy+62k=", Default: true, Set: "tuning",
		Why: "consensus library: replication goroutines, futures, shutdown channels, lots of locking",
	},
	// Not in the default set (too large for a ~20-30 min run on 2 cores);
	// run them with -modules.
	{
		Name: "nats-server", Path: "github.com/nats-io/nats-server/v2", Version: "v2.15.2",
		Sum: "h1:yLsgt2kslgymvxvjFq1WGWck5hkat2YYfbXvQ145tzU=", Set: "tuning",
		Why: "message broker: per-client locks, JetStream, hundreds of goroutines; very large tests",
	},
	{
		Name: "grpc", Path: "google.golang.org/grpc", Version: "v1.85.0",
		Sum: "h1:BPBCfuVRQ1qvBhKDOq9uvQllMvO59rKsYhXpp7Dd8vw=", Set: "tuning",
		Why: "transports, balancers, resolvers: callback serializers, mutexes and channels",
	},
	{
		Name: "prometheus", Path: "github.com/prometheus/prometheus", Version: "v0.316.0",
		Sum: "h1:f1GRFerhTMKQma+awCoC9T820ecWeGSdF+xAlMHzZzM=", Set: "tuning",
		Why: "TSDB, scrape and rule managers; a very large dependency graph",
	},

	// Added 2026-11-28 (issue 9). Tuning: read and fixed against.
	{
		Name: "memberlist", Path: "github.com/hashicorp/memberlist", Version: "v0.7.0",
		Sum: "h1:JfqTDFUIAzDEYKMhSc3Gpwe05zvSU3/cYtiZ3yW59TM=", Set: "tuning",
		Why: "gossip membership: suspicion timers, probe loops, node maps under locks, packet handlers",
	},
	{
		Name: "badger", Path: "github.com/dgraph-io/badger/v4", Version: "v4.9.6",
		Sum: "h1:IQqMPVGLNCQr1b4Mu8lHkYm/xyqFRsyKaFEtyLi9CCQ=", Set: "tuning",
		Why: "LSM key-value store: compactors, value-log GC, watermarks, closers and throttles",
	},
	{
		Name: "golang-lru", Path: "github.com/hashicorp/golang-lru/v2", Version: "v2.0.7",
		Sum: "h1:a+bsQ5rvGLjzHuww6tVxozPZFVghXaHOwFs4luLUK2k=", Set: "tuning",
		Why: "thread-safe LRU/ARC/2Q caches and an expirable LRU with a cleanup goroutine",
	},
	// Validation: chosen on 2026-11-28 before any of their findings were
	// seen; run only to measure precision, never read to write tests.
	// etcd's client/v3 was chosen first but its published go.mod replaces
	// its sibling modules by relative paths, so it cannot be loaded alone;
	// quic-go and pgx took its place, before any of its findings existed.
	{
		Name: "quic-go", Path: "github.com/quic-go/quic-go", Version: "v0.65.0",
		Sum: "h1:BJQSjdTvLPLmWtaCupUphRbgxgpZhdO/GMpr9Eoe3B4=", Set: "validation",
		Why: "QUIC: connection run loops, stream flow control under mutexes, send queues, timers",
	},
	{
		Name: "pgx", Path: "github.com/jackc/pgx/v5", Version: "v5.12.0",
		Sum: "h1:hWwax8YiGT0YiN50U1oIDn5kgR7KC2tG3rmavwpPkxY=", Set: "validation",
		Why: "PostgreSQL driver: connection pool with background health checks, batch pipelines",
	},
	{
		Name: "kafka-go", Path: "github.com/segmentio/kafka-go", Version: "v0.4.51",
		Sum: "h1:JgDPPG75tC1rWIS2Me6MwcvXJ6f49UQ4HjAOef71Hno=", Set: "validation",
		Why: "Kafka client: reader/writer goroutines, batches, connection pools and consumer groups",
	},
	{
		Name: "sarama", Path: "github.com/IBM/sarama", Version: "v1.61.1",
		Sum: "h1:I59MWPHQUWqJNdRpsDUcbeCriog8SxjQaPfHNWxidEg=", Set: "validation",
		Why: "Kafka client: async producer pipelines, broker locks, mock brokers in tests",
	},
	{
		Name: "yamux", Path: "github.com/hashicorp/yamux", Version: "v0.1.2",
		Sum: "h1:XtB8kyFOyHXYVFnwT5C3+Bdo8gArse7j2AQ0DA0Uey8=", Set: "validation",
		Why: "stream multiplexer: per-stream locks and windows, send/recv loops, keepalives",
	},
	{
		Name: "ants", Path: "github.com/panjf2000/ants/v2", Version: "v2.12.1",
		Sum: "h1:BWvU2wHpyXWxhhNXsGB6JXLCNbshyLd1QxvoAmZnu10=", Set: "validation",
		Why: "goroutine pool: worker queues, sync.Cond, atomics and spin locks",
	},
	{
		Name: "ristretto", Path: "github.com/dgraph-io/ristretto/v2", Version: "v2.4.2",
		Sum: "h1:x0cvjmUKxt764Yxdk2nr94we1AvPPAMh1rh5TQ+Jo80=", Set: "validation",
		Why: "concurrent cache: sharded maps, ring buffers, admission policy goroutine",
	},
	{
		Name: "go-plugin", Path: "github.com/hashicorp/go-plugin", Version: "v1.8.0",
		Sum: "h1:ie8S6RRY8RvB2usYZv+AAZ/wBvx2AU5p5QeP5j/FORs=", Set: "validation",
		Why: "plugin processes over RPC/gRPC: stdio copy goroutines, brokers, client lifecycle",
	},
	{
		Name: "asynq", Path: "github.com/hibiken/asynq", Version: "v0.26.0",
		Sum: "h1:1Zxr92MlDnb1Zt/QR5g2vSCqUS03i95lUfqx5X7/wrw=", Set: "validation",
		Why: "task queue: processor, scheduler, heartbeater and syncer goroutines with shutdown",
	},
	{
		Name: "watermill", Path: "github.com/ThreeDotsLabs/watermill", Version: "v1.5.1",
		Sum: "h1:t5xMivyf9tpmU3iozPqyrCZXHvoV1XQDfihas4sV0fY=", Set: "validation",
		Why: "message router: pub/sub with goroutines per subscriber, closing channels, middleware",
	},
	{
		Name: "bbolt", Path: "go.etcd.io/bbolt", Version: "v1.5.0",
		Sum: "h1:S7GAl7Fxv12yohbwFfIbQCGDWbQbtDGPET4P/bD4lxU=", Set: "validation",
		Why: "B+tree store: one writer lock, mmap lock, read transactions across goroutines",
	},
	{
		Name: "nats-go", Path: "github.com/nats-io/nats.go", Version: "v1.55.0",
		Sum: "h1:Ng8QKHdvdHIWoaiq0+d/aH1BWkxvcJxWJ0Y/9BPKx3M=", Set: "validation",
		Why: "NATS client: connection lock, flusher and reader goroutines, subscriptions, JetStream",
	},
	// Second validation set, chosen 2026-11-29 after the first validation
	// run was read (that set is now seen: its idiom classes were fixed in
	// general) and before any run of these modules.
	{
		Name: "paho-mqtt", Path: "github.com/eclipse/paho.mqtt.golang", Version: "v1.5.1",
		Sum: "h1:/VSOv3oDLlpqR2Epjn1Q7b2bSTplJIeV2ISgCl2W7nE=", Set: "validation2",
		Why: "MQTT client: router, message stores with locks, keepalive and reconnect goroutines",
	},
	{
		Name: "gocron", Path: "github.com/go-co-op/gocron/v2", Version: "v2.21.2",
		Sum: "h1:bD8/YwkojYHgXFr3iEulL148KBdTbKVxUZzFKpXcdbY=", Set: "validation2",
		Why: "job scheduler: executor and scheduler goroutines, channels, locking per job",
	},
	{
		Name: "amqp091", Path: "github.com/rabbitmq/amqp091-go", Version: "v1.16.0",
		Sum: "h1:1O8oQqnj9hLACoo6CVMgn57z2pLWXvgemhh4GsquV+Y=", Set: "validation2",
		Why: "AMQP client: connection and channel state machines, notify channels, reader goroutine",
	},
	{
		Name: "bigcache", Path: "github.com/allegro/bigcache/v3", Version: "v3.1.0",
		Sum: "h1:H2Vp8VOvxcrB91o86fUSVJFqeuz8kpyyB02eH3bSzwk=", Set: "validation2",
		Why: "sharded cache: per-shard RWMutex, cleanup goroutine, atomics for stats",
	},
	{
		Name: "cron", Path: "github.com/robfig/cron/v3", Version: "v3.0.1",
		Sum: "h1:WdRxkvbJztn8LMz/QEvLN5sBU+xKpSqwwUO1Pjr4qDs=", Set: "validation2",
		Why: "cron runner: run loop with channels, running-mutex, job wrappers",
	},
	{
		Name: "conc", Path: "github.com/sourcegraph/conc", Version: "v0.3.0",
		Sum: "h1:OQTbbt6P72L20UqAkXXuLOj79LfEanQ+YQFNpLA9ySo=", Set: "validation2",
		Why: "structured concurrency: pools, streams, panic catching over WaitGroups",
	},
	{
		Name: "go-memdb", Path: "github.com/hashicorp/go-memdb", Version: "v1.3.5",
		Sum: "h1:b3taDMxCBCBVgyRrS1AZVHO14ubMYZB++QpNhBg+Nyo=", Set: "validation2",
		Why: "in-memory MVCC database: writer lock, watch sets, radix trees shared by readers",
	},
	// Third validation set, chosen 2026-11-29 after validation set 2 was
	// read and before any run of these modules.
	{
		Name: "fsnotify", Path: "github.com/fsnotify/fsnotify", Version: "v1.10.1",
		Sum: "h1:b0/UzAf9yR5rhf3RPm9gf3ehBPpf0oZKIjtpKrx59Ho=", Set: "validation3",
		Why: "file watcher: reader goroutines per backend, done channels, watch maps under a mutex",
	},
	{
		Name: "go-cache", Path: "github.com/patrickmn/go-cache", Version: "v2.1.0+incompatible",
		Sum: "h1:HRMgzkcYKYpi3C8ajMPV8OFXaaRUnok+kx1WdO15EQc=", Set: "validation3",
		Why: "in-memory cache: RWMutex-guarded items, janitor goroutine stopped by a finalizer",
	},
	{
		Name: "paho-golang", Path: "github.com/eclipse/paho.golang", Version: "v0.23.0",
		Sum: "h1:KHgl2wz6EJo7cMBmkuhpt7C576vP+kpPv7jjvSyR6Mk=", Set: "validation3",
		Why: "MQTT v5 client: connection manager, session state, routers, many goroutines and channels",
	},
	{
		Name: "grpc-middleware", Path: "github.com/grpc-ecosystem/go-grpc-middleware/v2", Version: "v2.3.4",
		Sum: "h1:9ZJYjPEJpcleIKcqysXOo14NLQYwu23fzmKRFpIjPjc=", Set: "validation3",
		Why: "interceptors: retries, rate limiters, recovery, logging with shared state",
	},
	// Fourth validation set, chosen 2026-11-29 after set 3 was read and
	// before any run of these modules.
	{
		Name: "groupcache", Path: "github.com/golang/groupcache", Version: "v0.0.0-20241129210726-2c02b8208cf8",
		Sum: "h1:f+oWsMOmNPc8JmEHVZIycC7hBoQxHH9pNKQORJNozsQ=", Set: "validation4",
		Why: "distributed cache: singleflight groups, peer pickers, LRU under mutexes",
	},
	{
		Name: "redigo", Path: "github.com/gomodule/redigo", Version: "v1.9.3",
		Sum: "h1:dNPSXeXv6HCq2jdyWfjgmhBdqnR6PRO3m/G05nvpPC8=", Set: "validation4",
		Why: "Redis client: connection pool with a mutex and condition, pub/sub connections",
	},
	{
		Name: "gobreaker", Path: "github.com/sony/gobreaker/v2", Version: "v2.4.0",
		Sum: "h1:g2KJRW1Ubty3+ZOcSEUN7K+REQJdN6yo6XvaML+jptg=", Set: "validation4",
		Why: "circuit breaker: state machine under a mutex, distributed variant",
	},
	{
		Name: "ratelimit", Path: "go.uber.org/ratelimit", Version: "v0.3.1",
		Sum: "h1:K4qVE+byfv/B3tC+4nYWP7v/6SimcO7HzHekoMNBma0=", Set: "validation4",
		Why: "leaky-bucket limiters: atomic and mutex implementations, concurrent tests",
	},
	{
		Name: "backoff", Path: "github.com/cenkalti/backoff/v5", Version: "v5.0.3",
		Sum: "h1:ZN+IMa753KfX5hd8vVaMixjnqRZ3y8CuJKRKj1xcsSM=", Set: "validation4",
		Why: "retry with backoff: ticker goroutine, timers, context cancellation",
	},
	{
		Name: "raft-boltdb", Path: "github.com/hashicorp/raft-boltdb/v2", Version: "v2.3.1",
		Sum: "h1:ackhdCNPKblmOhjEU9+4lHSJYFkJd6Jqyvj6eW9pwkc=", Set: "validation4",
		Why: "raft log store on bolt: metrics goroutine, store shutdown",
	},
	// Validation set 5: chosen 2026-11-29 01:05 UTC from the served-module list before
	// (raft and go-redis, first picked, are tuning modules: replaced by go-nsq and serf)
	// any run of concurlint on these modules; measured once, at the end of the session.
	{
		Name: "go-nsq", Path: "github.com/nsqio/go-nsq", Version: "v1.1.0",
		Sum: "h1:PQg+xxiUjA7V+TLdXw7nVrJ5Jbl3sN86EhGCQj4+FYE=", Set: "validation5",
		Why: "NSQ client: consumer and producer goroutines, connection read/write loops, in-flight counters",
	},
	{
		Name: "puddle", Path: "github.com/jackc/puddle/v2", Version: "v2.2.3",
		Sum: "h1:f8HoREISb3l5eO9coPgK7U3hKLhWGokOFVcThl5jrao=", Set: "validation5",
		Why: "generic resource pool: semaphore, mutex-guarded idle list, background constructors",
	},
	{
		Name: "serf", Path: "github.com/hashicorp/serf", Version: "v0.11.0",
		Sum: "h1:8PbIr0pQOHs5hpBAkbX0teVLckuLvG3qIZm7hZJO0gc=", Set: "validation5",
		Why: "gossip membership: event loops, query responses, coalescers, snapshotter goroutine",
	},
	{
		Name: "websocket", Path: "github.com/gorilla/websocket", Version: "v1.5.3",
		Sum: "h1:saDtZ6Pbx/0u+bgYQ3q96pZgCzfhKXGPqt7kZ72aNNg=", Set: "validation5",
		Why: "WebSocket: one concurrent writer contract, write mutex channel, ping handlers",
	},
	{
		Name: "gnet", Path: "github.com/panjf2000/gnet/v2", Version: "v2.9.7",
		Sum: "h1:6zW7Jl3oAfXwSuh1PxHLndoL2MQRWx0AJR6aaQjxUgA=", Set: "validation5",
		Why: "event-loop networking: loop goroutines, async write queues, worker pool",
	},
	{
		Name: "fasthttp", Path: "github.com/valyala/fasthttp", Version: "v1.78.0",
		Sum: "h1:tKfLdx7cD8HZOTP1wc2OpbQMbgO1HP12J0y/XMdyW6Q=", Set: "validation5",
		Why: "HTTP server and client: worker pool, host client connection lists, sync.Pool reuse",
	},
	{
		Name: "franz-go", Path: "github.com/twmb/franz-go", Version: "v1.22.3",
		Sum: "h1:RHe35s34pKefMLyL+ZYJ6mQVtfFZz4zHDHVkTyACur0=", Set: "validation5",
		Why: "Kafka client: producer/consumer goroutines, sinks and sources, many mutexes and conds",
	},
	{
		Name: "xsync", Path: "github.com/puzpuzpuz/xsync/v4", Version: "v4.5.0",
		Sum: "h1:vOSWu6b57/emh+L/Cw0BeQfvxa/cogFywXHeGUxQxAg=", Set: "validation5",
		Why: "concurrent data structures: maps, queues, RBMutex, heavy concurrent tests",
	},
	{
		Name: "buntdb", Path: "github.com/tidwall/buntdb", Version: "v1.3.0",
		Sum: "h1:gdhWO+/YwoB2qZMeAU9JcWWsHSYU3OvcieYgFRS0zwA=", Set: "validation5",
		Why: "embedded key/value store: transactions under an RWMutex, background shrink and sync goroutine",
	},
	{
		Name: "retryablehttp", Path: "github.com/hashicorp/go-retryablehttp", Version: "v0.7.8",
		Sum: "h1:ylXZWnqa7Lhqpk0L1P1LzDtGcCR0rPVUrx/c8Unxc48=", Set: "validation5",
		Why: "HTTP client with retries: shared client, logger hooks, concurrent tests",
	},
	// Validation set 6: chosen 2026-11-29 02:51 UTC, after set 5 was measured and before
	// any fix made from it; never run before.
	{
		Name: "freecache", Path: "github.com/coocood/freecache", Version: "v1.2.7",
		Sum: "h1:IDP0x1Yg8sgRmsSWzFyhaB+amYJpKS7v5QIXNHxXvM8=", Set: "validation6",
		Why: "zero-GC cache: segments under striped mutexes, atomic counters, concurrent tests",
	},
	{
		Name: "pond", Path: "github.com/alitto/pond/v2", Version: "v2.7.1",
		Sum: "h1:QxMbcfjcVTa0pyxX5Ib1226mM8u8D7gKUVkCUU4DYIw=", Set: "validation6",
		Why: "worker pool: task queues, group futures, result channels, context cancellation",
	},
	{
		Name: "workerpool", Path: "github.com/gammazero/workerpool", Version: "v1.3.0",
		Sum: "h1:TD/xAtP7MXbBoFyBGV4lj3LlWBi6P0wOcyRFvWqIx0g=", Set: "validation6",
		Why: "worker pool: dispatcher goroutine, waiting queue, idle worker timeout",
	},
	{
		Name: "go-metrics", Path: "github.com/rcrowley/go-metrics", Version: "v0.0.0-20250401214520-65e299d6c5c9",
		Sum: "h1:bsUq1dX0N8AOIL7EB/X911+m4EHsnWEHeJ0c+3TTBrg=", Set: "validation6",
		Why: "metrics registry: meters with arbiter goroutine, samples under mutexes, atomics",
	},
	{
		Name: "melody", Path: "github.com/olahol/melody", Version: "v1.1.4",
		Sum: "h1:RQHfKZkQmDxI0+SLZRNBCn4LiXdqxLKRGSkT8Dyoe/E=", Set: "validation6",
		Why: "WebSocket hub: session write pumps, hub goroutine, broadcast channels",
	},
	// Validation set 7: chosen 2026-11-29 02:55 UTC, after set 6 was measured and before any
	// further change; never run before.
	{
		Name: "go-events", Path: "github.com/docker/go-events", Version: "v0.1.0",
		Sum: "h1:J8VX4H7Ta8mmBhv/K/24x1kosKOrEEnYmGjcdFHTOW0=", Set: "validation7",
		Why: "event sinks: broadcaster and queue goroutines, retrying sinks under mutexes and conds",
	},
	{
		Name: "redcon", Path: "github.com/tidwall/redcon", Version: "v1.6.4",
		Sum: "h1:e1xUcbfVZukGrWJo7jAXN+saw6UnPYrCZYVGXaoafXw=", Set: "validation7",
		Why: "Redis protocol server: connection goroutines, pub/sub hub, detach",
	},
	{
		Name: "go-resiliency", Path: "github.com/eapache/go-resiliency", Version: "v1.7.0",
		Sum: "h1:n3NRTnBn5N0Cbi/IeOHuQn9s2UwVUH7Ga0ZWcP+9JTA=", Set: "validation7",
		Why: "breaker, deadline, semaphore, batcher: timers, goroutines, channels",
	},
	{
		Name: "go-deadlock", Path: "github.com/sasha-s/go-deadlock", Version: "v0.3.9",
		Sum: "h1:fiaT9rB7g5sr5ddNZvlwheclN9IP86eFW9WgqlEQV+w=", Set: "validation7",
		Why: "lock-order detector wrapping sync mutexes: its own lock bookkeeping under locks",
	},
	{
		Name: "toxiproxy", Path: "github.com/Shopify/toxiproxy/v2", Version: "v2.5.0",
		Sum: "h1:i4LPT+qrSlKNtQf5QliVjdP08GyAH8+BUIc9gT0eahc=", Set: "validation7",
		Why: "TCP proxy with toxics: link goroutines, toxic stubs over channels, API under mutexes",
	},
	{
		Name: "eventbus", Path: "github.com/asaskevich/EventBus", Version: "v0.0.0-20200907212545-49d423059eef",
		Sum: "h1:2JGTg6JapxP9/R33ZaagQtAM4EkkSYnIAlOG5EI8gkM=", Set: "validation7",
		Why: "event bus: async handlers, transactional subscribers, WaitGroup",
	},
	// Validation set 8: chosen 2026-11-29 03:40 UTC at the start of a session, before that session's
	// changes; never run before.
	{
		Name: "kcp-go", Path: "github.com/xtaci/kcp-go/v5", Version: "v5.7.5",
		Sum: "h1:gv5433uHfxIByySau1GaLvGMLsAc5j+IHErQVyFhp5Q=", Set: "validation8",
		Why: "reliable UDP sessions: update and read goroutines, listener queues, mutex-guarded buffers",
	},
	{
		Name: "nbio", Path: "github.com/lesismal/nbio", Version: "v1.6.8",
		Sum: "h1:GlEUFvpX+lmWCtjmZmMWzTXqIzyDDFDVtjpXXbpAm5o=", Set: "validation8",
		Why: "non-blocking IO engine: pollers, per-connection locks, timers, WebSocket upgrader",
	},
	{
		Name: "mdns", Path: "github.com/hashicorp/mdns", Version: "v1.0.7",
		Sum: "h1:yWoQVMW5JOiDxQnIUcm3IDt0kCjf3TuXHDbdEKPsbAY=", Set: "validation8",
		Why: "multicast DNS: receive goroutines, query channels, shutdown under a mutex",
	},
	{
		Name: "clockwork", Path: "github.com/jonboulle/clockwork", Version: "v0.5.0",
		Sum: "h1:Hyh9A8u51kptdkR+cqRpT1EebBwTn1oK9YfGYbdFz6I=", Set: "validation8",
		Why: "fake clock: waiters under a mutex, timers and tickers firing on channels",
	},
	{
		Name: "oklog-run", Path: "github.com/oklog/run", Version: "v1.2.0",
		Sum: "h1:O8x3yXwah4A73hJdlrwo/2X6J62gE5qTMusH0dvz60E=", Set: "validation8",
		Why: "actor groups: one goroutine per actor, interrupt on first return",
	},
	{
		Name: "centrifuge", Path: "github.com/centrifugal/centrifuge", Version: "v0.40.1",
		Sum: "h1:F+IRUBPsx4MDR2sU+lMRefV0siaZBinlecXMRByeIQw=", Set: "validation8",
		Why: "real-time messaging server: hubs, client write queues, brokers, presence",
	},
	{
		Name: "etcd-raft", Path: "go.etcd.io/raft/v3", Version: "v3.7.0",
		Sum: "h1:BGzlwx07bLv8PW6OU5HObuz1y4hlPZUXA07pM1mPUh4=", Set: "validation8",
		Why: "raft library: node run loop over channels, ready/advance handshake",
	},
	{
		Name: "pion-ice", Path: "github.com/pion/ice/v4", Version: "v4.4.9",
		Sum: "h1:lZH1vq+mdXfxuZhcbarK6kcLkBbijgILFN+/CdDi3Ws=", Set: "validation8",
		Why: "ICE agent: task loop, candidate gathering goroutines, connectivity checks",
	},
	{
		Name: "evio", Path: "github.com/tidwall/evio", Version: "v1.0.8",
		Sum: "h1:+M7lh83rL4KwEObDGtXP3J1wE5utH80LeaAhrKCGVfE=", Set: "validation8",
		Why: "event loop server: loops per CPU, wake-ups, atomic counters",
	},
	// Validation set 9: chosen 2026-11-29 04:56 UTC, after validation 8 was measured and the
	// fixes that followed; never run before.
	{
		Name: "certmagic", Path: "github.com/caddyserver/certmagic", Version: "v0.25.6",
		Sum: "h1:vHMtFSLKTa6kuZz6w0SnRMpQ388tSkww8ye355BgAM4=", Set: "validation9",
		Why: "ACME certificate manager: maintenance goroutines, cache under locks, obtain/renew coordination",
	},
	{
		Name: "centrifuge-go", Path: "github.com/centrifugal/centrifuge-go", Version: "v0.12.1",
		Sum: "h1:nvk5y6/TYGqa2ysQ0+qkcS5DTVC0jTITkDVk2wKXTqc=", Set: "validation9",
		Why: "real-time client: reconnect loop, subscription state under mutexes, callbacks",
	},
	{
		Name: "libp2p-pubsub", Path: "github.com/libp2p/go-libp2p-pubsub", Version: "v0.19.0",
		Sum: "h1:9eyitBeXjW09XyDQF+EYL6RGRJ50Df1G9aTjB3XOMQQ=", Set: "validation9",
		Why: "gossip pub/sub: event loop goroutine, channels to it, per-peer queues",
	},
	{
		Name: "pion-transport", Path: "github.com/pion/transport/v5", Version: "v5.1.5",
		Sum: "h1:73fa352Y9dq85kCd9rzyBV7wd/qhAiBIuTtwzWO3WS0=", Set: "validation9",
		Why: "network transport utilities: virtual network, buffers with conds, deadlines",
	},
	{
		Name: "gorqlite", Path: "github.com/rqlite/gorqlite", Version: "v0.0.0-20261020015727-7224ce2bd419",
		Sum: "h1:4af/u/QA17H/QRu43lUyiJS2x8ARqvdvadkNaOWqEuQ=", Set: "validation9",
		Why: "rqlite client: connection state, leader discovery under locks",
	},
	{
		Name: "watermill-amqp", Path: "github.com/ThreeDotsLabs/watermill-amqp/v3", Version: "v3.0.2",
		Sum: "h1:aeyFSR4SUsbszmocuFiYY13nsHorc6CXIS2Hy7+xgFU=", Set: "validation9",
		Why: "AMQP pub/sub: connection wrapper, subscriber goroutines, close channels",
	},
	{
		Name: "go-hclog", Path: "github.com/hashicorp/go-hclog", Version: "v1.6.3",
		Sum: "h1:Qr2kF+eVWjTiYmU7Y31tYlP1h0q/X3Nl3tPGdaB11/k=", Set: "validation9",
		Why: "structured logger: writers under mutexes, interceptors, atomic levels",
	},
	{
		Name: "lossyconn", Path: "github.com/xtaci/lossyconn", Version: "v1.1.0",
		Sum: "h1:rXMYEzd9rA9GxaVKO7XMoOZfzZUPYQyt4HwBHiAhMME=", Set: "validation9",
		Why: "lossy packet connection simulator: delivery goroutines, timers",
	},
	{
		Name: "llib", Path: "github.com/lesismal/llib", Version: "v1.2.5",
		Sum: "h1:hFfiJWRjQZNeprV5eF/T7gDV7v/6XtuBRyI2+TjbzO0=", Set: "validation9",
		Why: "utility library: pools, timers, concurrent maps, TLS over non-blocking IO",
	},
	// Validation set 10: chosen 2026-11-29 after validation 9 was measured and fixed; never run
	// before.
	{
		Name: "river", Path: "github.com/riverqueue/river", Version: "v0.51.2",
		Sum: "h1:lCFmF8zlKftfjDEW6zCtcRamXmCgOFk6XjeJ82gAEh8=", Set: "validation10",
		Why: "job queue: producers, executors, leader election, notifier goroutines",
	},
	{
		Name: "bb-clock", Path: "github.com/benbjohnson/clock", Version: "v1.3.5",
		Sum: "h1:VvXlSJBzZpA/zum6Sj74hxwYI2DIxRWuNIoXAzHZz5o=", Set: "validation10",
		Why: "mock clock: timers and tickers under a mutex, gosched waits",
	},
	{
		Name: "seaweed-raft", Path: "github.com/seaweedfs/raft", Version: "v1.2.4",
		Sum: "h1:lEBQ9seDSGrJNs2WitMgfYpaDxLgh9qukm1IJTEV1hk=", Set: "validation10",
		Why: "raft (goraft lineage): server loop over channels, peers' heartbeat goroutines",
	},
	{
		Name: "flock", Path: "github.com/gofrs/flock", Version: "v0.13.2",
		Sum: "h1:9o62TArG4T0f8L46kSf8sLtNUGvJEfiCK9md7/ilko0=", Set: "validation10",
		Why: "file lock: state under a RWMutex, retrying lock with context",
	},
	{
		Name: "go-mssqldb", Path: "github.com/microsoft/go-mssqldb", Version: "v1.11.2",
		Sum: "h1:FCgeBIK8um2+X4tbun6Q71N1KsfyCDPKY41e1yGVjSE=", Set: "validation10",
		Why: "SQL Server driver: connection goroutines, cancellation, bulk copy",
	},
	{
		Name: "nomad-api", Path: "github.com/hashicorp/nomad/api", Version: "v0.0.0-20261016150620-df630b26e78a",
		Sum: "h1:0xNjvsiVDfVPCkQx/Ws1VSOVL+tWPzqEViIhDjBfkuM=", Set: "validation10",
		Why: "Nomad API client: event streams, blocking queries, exec sessions",
	},
	{
		Name: "pion-webrtc", Path: "github.com/pion/webrtc/v4", Version: "v4.2.26",
		Sum: "h1:RX3FUQVHhr488sgPFJWthbbtxpuYNm3XAgYDEj4RDyQ=", Set: "validation10",
		Why: "WebRTC: peer connection ops queue, transports under mutexes, track readers",
	},
	{
		Name: "mochi-mqtt", Path: "github.com/mochi-mqtt/server/v2", Version: "v2.7.9",
		Sum: "h1:y0g4vrSLAag7T07l2oCzOa/+nKVLoazKEWAArwqBNYI=", Set: "validation11",
		Why: "MQTT broker: client read/write loops, inflight maps, topic index under locks, hooks",
	},
	{
		Name: "gocql", Path: "github.com/gocql/gocql", Version: "v1.7.0",
		Sum: "h1:O+7U7/1gSN7QTEAaMEsJc1Oq2QHXvCWoF3DFK9HDHus=", Set: "validation11",
		Why: "Cassandra driver: connection pools, stream ids, event debouncer, ring refresh goroutines",
	},
	{
		Name: "sftp", Path: "github.com/pkg/sftp", Version: "v1.13.12",
		Sum: "h1:Myhzy/ZzLPnCtE2F2WtDHsgs8RfgMnH2gfbHuCJhkMU=", Set: "validation11",
		Why: "SFTP client/server: concurrent reads/writes with worker goroutines and result channels",
	},
	{
		Name: "mpb", Path: "github.com/vbauerster/mpb/v8", Version: "v8.16.2",
		Sum: "h1:+UH2Nhn6asKkdX58hSgN+5Jqg/JcFSqCcU+8z0IiYYo=", Set: "validation11",
		Why: "progress bars: a render loop driven entirely by channels and operation closures",
	},
	{
		Name: "go-mysql", Path: "github.com/go-sql-driver/mysql", Version: "v1.10.1",
		Sum: "h1:arlSnNLq6a5yxGxV7qg9lF4j0C+KwD6NbQyKr9QL6ME=", Set: "validation11",
		Why: "MySQL driver: connection watcher goroutine, atomic closed flags, cancellation",
	},
	{
		Name: "coder-websocket", Path: "github.com/coder/websocket", Version: "v1.8.15",
		Sum: "h1:6B2JPeOGlpff2Uz6vOEH1Vzpi0iUz20A+lPVhPHtNUA=", Set: "validation11",
		Why: "WebSocket: reader/writer mutexes as channels, close handshake, timeout goroutines",
	},
	{
		Name: "gliderlabs-ssh", Path: "github.com/gliderlabs/ssh", Version: "v0.3.8",
		Sum: "h1:a4YXD1V7xMF9g5nTkdfnja3Sxy1PVDCj1Zg4Wb8vY6c=", Set: "validation11",
		Why: "SSH server: per-connection and per-channel goroutines, listener tracking, context",
	},
	{
		Name: "goleveldb", Path: "github.com/syndtr/goleveldb", Version: "v1.0.0",
		Sum: "h1:fBdIW9lB4Iz0n9khmH8w27SJ3QEJ7+IgjPEwGSZiFdE=", Set: "validation11",
		Why: "LevelDB: compaction goroutines over command channels, write merge, snapshots, caches",
	},
	{
		Name: "vegeta", Path: "github.com/tsenart/vegeta/v12", Version: "v12.13.0",
		Sum: "h1:J/UiNS3f69MkL0tsRLVUUV8uXXQZxdRUchtS+GYiSFc=", Set: "validation11",
		Why: "load tester: attacker worker fan-out, pacers, result channels",
	},
	{
		Name: "dataloadgen", Path: "github.com/vikstrous/dataloadgen", Version: "v0.0.10",
		Sum: "h1:x07XAeEjIWXohvcjRvE72KY8pV5A3sTbKEFmxcj9RNM=", Set: "validation11",
		Why: "data loader: batches closed by timers, waiters on a done channel",
	},
	{
		Name: "discordgo", Path: "github.com/bwmarrin/discordgo", Version: "v0.29.0",
		Sum: "h1:FmWeXFaKUwrcL3Cx65c20bTRW+vOb6k8AnaP+EgjDno=", Set: "validation12",
		Why: "Discord client: websocket heartbeats, reconnect loop, state cache under RWMutexes, voice goroutines",
	},
	{
		Name: "go-tarantool", Path: "github.com/tarantool/go-tarantool/v3", Version: "v3.0.2",
		Sum: "h1:9ZtHllun80QX7KS9tqd3dXa+QAu2BfqFtX1ZWcNnaW8=", Set: "validation12",
		Why: "Tarantool connector: futures, shard-locked request maps, reader/writer goroutines, pools",
	},
	{
		Name: "opcua", Path: "github.com/gopcua/opcua", Version: "v0.8.0",
		Sum: "h1:nB9vDewEmuXmSQf1C9inCHPblFwsH21FeB2Kk6o6Y7U=", Set: "validation12",
		Why: "OPC-UA client: secure channel dispatcher, subscriptions, monitor goroutines",
	},
	{
		Name: "miniredis", Path: "github.com/alicebob/miniredis/v2", Version: "v2.40.0",
		Sum: "h1:6IgTQbvm2JiMYZ8yur/acNJzVjtSOWCelxXbk/LUBXc=", Set: "validation12",
		Why: "in-memory Redis server: per-connection goroutines, pub/sub, blocking commands with signals",
	},
	{
		Name: "neo4j-driver", Path: "github.com/neo4j/neo4j-go-driver/v5", Version: "v5.28.4",
		Sum: "h1:7toxehVcYkZbyxV4W3Ib9VcnyRBQPucF+VwNNmtSXi4=", Set: "validation12",
		Why: "Neo4j driver: connection pool with waiters, routing table refresh, sessions",
	},
	{
		Name: "colly", Path: "github.com/gocolly/colly/v2", Version: "v2.3.0",
		Sum: "h1:HSFh0ckbgVd2CSGRE+Y/iA4goUhGROJwyQDCMXGFBWM=", Set: "validation12",
		Why: "crawler: async requests with limits, queue with worker goroutines",
	},
	{
		Name: "gue", Path: "github.com/vgarvardt/gue/v5", Version: "v5.8.0",
		Sum: "h1:q75cvNBBe4CbHiLLszntIBXVa6T1+HreFWZvyNduCx8=", Set: "validation12",
		Why: "Postgres job queue: worker pools, polling loops, graceful shutdown",
	},
	{
		Name: "go-imap", Path: "github.com/emersion/go-imap/v2", Version: "v2.0.0-beta.8",
		Sum: "h1:5IXZK1E33DyeP526320J3RS7eFlCYGFgtbrfapqDPug=", Set: "validation12",
		Why: "IMAP client/server: command pipelining, reader goroutine, IDLE, unilateral data",
	},
	{
		Name: "bombardier", Path: "github.com/codesenberg/bombardier", Version: "v1.2.6",
		Sum: "h1:NYLeXFTuICfisqkjtyZqBDEzgTSIx3ox1UgJHdkAIjQ=", Set: "validation12",
		Why: "HTTP benchmark: client goroutine fan-out, rate limiter, progress bar",
	},
	{
		Name: "sipgo", Path: "github.com/emiago/sipgo", Version: "v1.7.3",
		Sum: "h1:bPPqs8zJKh10Vx0hChxLTE8nUbCYCHaEVPOsoql0gKc=", Set: "validation12",
		Why: "SIP stack: transactions with timers, transport layer connection pools, dialogs",
	},
	{
		Name: "rueidis", Path: "github.com/redis/rueidis", Version: "v1.0.79",
		Sum: "h1:2faCYvkq0G8ozDIAn7+3d5k5bBYCc0DBG2THK5WYXF0=", Set: "validation13",
		Why: "Redis client: pipelined connections, ring queues with conditions, client-side cache",
	},
	{
		Name: "go-fuse", Path: "github.com/hanwen/go-fuse/v2", Version: "v2.12.1",
		Sum: "h1:b6NXOPCraS9NvN4vtHZXDN1nsNKdoDlyafWxWnuO30Q=", Set: "validation13",
		Why: "FUSE server: request readers, a pool of serving goroutines, inode tables under locks",
	},
	{
		Name: "go-coap", Path: "github.com/plgd-dev/go-coap/v3", Version: "v3.8.0",
		Sum: "h1:m5QxNWHjH51iwfzX2/Mx6+DAnKcHp7Wa9a2XoCoGqyM=", Set: "validation13",
		Why: "CoAP: connection loops, observation, block-wise transfers, goroutine pools",
	},
	{
		Name: "go-workflows", Path: "github.com/cschleiden/go-workflows", Version: "v1.2.0",
		Sum: "h1:iBcmOMzWYiY/x1ZA3gAfFuzmfXBi+lPZE/fQBou2goM=", Set: "validation13",
		Why: "workflow engine: worker pollers, work queues, in-memory backend under locks",
	},
	{
		Name: "kadm", Path: "github.com/twmb/franz-go/pkg/kadm", Version: "v1.20.0",
		Sum: "h1:Gx9q6UwA1QP0SXHutlT3iNpGC3dfm5DY5XDdUYrC9M8=", Set: "validation13",
		Why: "Kafka admin client: requests fanned out to brokers, results merged",
	},
	{
		Name: "lumberjack", Path: "gopkg.in/natefinch/lumberjack.v2", Version: "v2.2.1",
		Sum: "h1:bBRl1b0OH9s/DuPhuXpNl+VtCaJXFZ5/uEFST95x9zc=", Set: "validation13",
		Why: "rolling log writer: a mill goroutine fed over a channel, writes under a mutex",
	},
	{
		Name: "zerolog", Path: "github.com/rs/zerolog", Version: "v1.35.1",
		Sum: "h1:m7xQeoiLIiV0BCEY4Hs+j2NG4Gp2o2KPKmhnnLiazKI=", Set: "validation13",
		Why: "logger: diode ring buffer with a poller, sampling counters, hooks",
	},
	{
		Name: "clickhouse-go", Path: "github.com/ClickHouse/clickhouse-go/v2", Version: "v2.51.0",
		Sum: "h1:aoTTC+qxKf1O2XojwC5scRtPjJ9JdRJdkLH9aEWWwWc=", Set: "validation13",
		Why: "ClickHouse driver: connection pool, async inserts, batch goroutines, query cancellation",
	},
	{
		Name: "otter", Path: "github.com/maypok86/otter/v2", Version: "v2.4.0",
		Sum: "h1:1XpRRWaq9DRIqZV7UtglS4VLzYKSsnFOQmzV+KZxLb0=", Set: "validation13",
		Why: "concurrent cache: striped buffers, maintenance under a lock, refresh goroutines",
	},
	{
		Name: "psrpc", Path: "github.com/livekit/psrpc", Version: "v0.8.2",
		Sum: "h1:7tbkhBJoYlK5Csfkdv1XYbZjyAQeaEZgupvIXNCv7Dc=", Set: "validation13",
		Why: "pub/sub RPC: streams, subscriptions with channels, affinity fan-out to servers",
	},
	{
		Name: "miekg-dns", Path: "github.com/miekg/dns", Version: "v1.1.73",
		Sum: "h1:uhT8nJxmTrPJYClxVxTCX+CVn6qnzSiybRk72Z6DgrE=", Set: "validation14",
		Why: "DNS library: UDP/TCP servers with per-request goroutines, shutdown, client exchange",
	},
	{
		Name: "go-oidc", Path: "github.com/coreos/go-oidc/v3", Version: "v3.21.0",
		Sum: "h1:wZo4Q9Pum8dYEj0eMUPrqR+kvuGkeUplbLpNCkBqoWM=", Set: "validation14",
		Why: "OIDC: remote key set refreshed once for concurrent callers (inflight request)",
	},
	{
		Name: "go-smtp", Path: "github.com/emersion/go-smtp", Version: "v0.25.1",
		Sum: "h1:y6nzefT6PtFeMItFw97GX/ZCkVbh0rqSXG8b3ang8/w=", Set: "validation14",
		Why: "SMTP client/server: per-connection goroutines, listener tracking, shutdown",
	},
	{
		Name: "zap", Path: "go.uber.org/zap", Version: "v1.28.0",
		Sum: "h1:IZzaP1Fv73/T/pBMLk4VutPl36uNC+OSUh3JLG3FIjo=", Set: "validation14",
		Why: "logger: buffered write syncer with a flush goroutine, sampler counters, observer",
	},
	{
		Name: "httprate", Path: "github.com/go-chi/httprate", Version: "v0.16.1",
		Sum: "h1:q2M8FmDsI4oEr1oRX43N+VeA0Ujd1tb/EasrSzXy87o=", Set: "validation14",
		Why: "rate limiter middleware: sliding-window counters under locks",
	},
	{
		Name: "goproxy", Path: "github.com/elazarl/goproxy", Version: "v1.9.3",
		Sum: "h1:2sDZhwdSuRWxrJybXY8vUPhLtLBR1rPht4cfnh72qRk=", Set: "validation14",
		Why: "HTTP proxy: CONNECT tunnels copied by goroutine pairs, websocket relays",
	},
	{
		Name: "vm-metrics", Path: "github.com/VictoriaMetrics/metrics", Version: "v1.45.0",
		Sum: "h1:Tv8dZRAjkO90rBTxYrWOHUWFBHsAKdKcZYmS/Wbo2EU=", Set: "validation14",
		Why: "metrics: atomic counters, histograms under locks, periodic push goroutines",
	},
	{
		Name: "slack", Path: "github.com/slack-go/slack", Version: "v0.35.0",
		Sum: "h1:lxUmPzkYYlSHLMNdmgvtdzGFnKAJiApA5gZiMcGEYiw=", Set: "validation14",
		Why: "Slack client: RTM and socket mode loops, pings, reconnects over channels",
	},
	{
		Name: "tableflip", Path: "github.com/cloudflare/tableflip", Version: "v1.2.3",
		Sum: "h1:8I+B99QnnEWPHOY3fWipwVKxS70LGgUsslG7CSfmHMw=", Set: "validation14",
		Why: "graceful upgrades: child process handshake over pipes and channels",
	},
	{
		Name: "sqlmock", Path: "github.com/DATA-DOG/go-sqlmock", Version: "v1.5.2",
		Sum: "h1:OcvFkGmslmlZibjAjaHm3L//6LiuBgolP7OputlJIzU=", Set: "validation14",
		Why: "SQL mock: expectations under a mutex, delays with context cancellation",
	},
	{
		Name: "openfeature", Path: "github.com/open-feature/go-sdk", Version: "v1.20.0",
		Sum: "h1:cQV15LaPAQi1bLEoR2KHlzVxm6UuEqrohJ7qXVq+ZAk=", Set: "validation15",
		Why: "feature flags: event executor goroutines, provider state under locks, hooks",
	},
	{
		Name: "pyroscope-go", Path: "github.com/grafana/pyroscope-go", Version: "v1.5.0",
		Sum: "h1:DpMHya+/UNCacRAjNtTIR2g7HQltVMwaLujVkey452E=", Set: "validation15",
		Why: "profiler agent: upload queue workers, session start/stop, flush on shutdown",
	},
	{
		Name: "samber-do", Path: "github.com/samber/do/v2", Version: "v2.0.0",
		Sum: "h1:tnunwWaoqSfJ9hxVIaJawIo7JXHQlqT9d9YBXlE9Keg=", Set: "validation15",
		Why: "dependency injection: scopes under RWMutexes, parallel shutdown and health checks",
	},
	{
		Name: "koanf", Path: "github.com/knadh/koanf/v2", Version: "v2.4.1",
		Sum: "h1:MK2JDkLy4UGzEUkW1CCCKQftd9+M+NX8hAZ2axbf/jo=", Set: "validation15",
		Why: "configuration: maps under a mutex, watchers that reload",
	},
	{
		Name: "viper", Path: "github.com/spf13/viper", Version: "v1.21.0",
		Sum: "h1:x5S+0EU27Lbphp4UKm1C+1oQO+rKx36vfCoaVebLFSU=", Set: "validation15",
		Why: "configuration: WatchConfig goroutine with fsnotify, remote config polling",
	},
	{
		Name: "modbus", Path: "github.com/simonvetter/modbus", Version: "v1.6.4",
		Sum: "h1:E03lBz/JftDza/+Ue+vxwkNZ/WW1xiqyFCUQ4NhqHn0=", Set: "validation15",
		Why: "Modbus client/server: per-client goroutines, transport locks, timeouts",
	},
	{
		Name: "neoq", Path: "github.com/acaloiaro/neoq", Version: "v0.72.2",
		Sum: "h1:kPixO5BHTpMotCKhpnQ1jTX4i42P6OXDniTgS3MxfrE=", Set: "validation15",
		Why: "job queue: worker pools per queue, listeners, in-memory and Postgres backends",
	},
	{
		Name: "goqite", Path: "maragu.dev/goqite", Version: "v0.4.0",
		Sum: "h1:x4UT5qxfI/Gz2NWpMEunN0HZ/gyMJdY551rc4BGuR9I=", Set: "validation15",
		Why: "SQL queue: job runner with a limit, polling loop, extend/delete",
	},
	{
		Name: "pgxlisten", Path: "github.com/jackc/pgxlisten", Version: "v0.0.0-20250802141604-12b92425684c",
		Sum: "h1:on93qgQJqBwjHYjUv51BuS6Q8UlALFAHhsvuR5WVaos=", Set: "validation15",
		Why: "Postgres LISTEN: reconnecting listener loop with handlers",
	},
	{
		Name: "dbos", Path: "github.com/dbos-inc/dbos-transact-golang", Version: "v1.8.0",
		Sum: "h1:WZs22TGtsebJajxEIc2fXSC5dffE1Sv6U9ylochYg8E=", Set: "validation15",
		Why: "durable workflows: queue runners, recovery goroutines, concurrency limits",
	},
	{
		Name: "fx", Path: "go.uber.org/fx", Version: "v1.24.0",
		Sum: "h1:wE8mruvpg2kiiL1Vqd0CC+tr0/24XIB10Iwp2lLWzkg=", Set: "validation16",
		Why: "application framework: lifecycle hooks with timeouts, signal relays, shutdowner",
	},
	{
		Name: "echo", Path: "github.com/labstack/echo/v4", Version: "v4.16.0",
		Sum: "h1:cFqqpqVNmSVyn4nvsXHp5rU4aVLYG3hx4fGWc3FngBk=", Set: "validation16",
		Why: "web framework: server start/shutdown, context pool, middleware with timeouts",
	},
	{
		Name: "resty", Path: "github.com/go-resty/resty/v2", Version: "v2.17.2",
		Sum: "h1:FQW5oHYcIlkCNrMD2lloGScxcHJ0gkjshV3qcQAyHQk=", Set: "validation16",
		Why: "HTTP client: retries, client settings under locks, SSE/streams",
	},
	{
		Name: "vault-api", Path: "github.com/hashicorp/vault/api", Version: "v1.23.0",
		Sum: "h1:gXgluBsSECfRWTSW9niY2jwg2e9mMJc4WoHNv4g3h6A=", Set: "validation16",
		Why: "Vault client: lifetime watcher goroutines, token renewal, client clones under RWMutex",
	},
	{
		Name: "watermill-sql", Path: "github.com/ThreeDotsLabs/watermill-sql/v4", Version: "v4.1.2",
		Sum: "h1:2+yY39J9PJoKIAeSGwxJJLxSSu6ZANy1jzOiiLiW26Y=", Set: "validation16",
		Why: "SQL pub/sub: subscriber polling loops, ack channels, offsets",
	},
	{
		Name: "mcp-go", Path: "github.com/mark3labs/mcp-go", Version: "v1.2.1",
		Sum: "h1:gd8VD3feMAVycwAM0x1nhv42Q1oLLjfOyowoUzHULB8=", Set: "validation16",
		Why: "MCP: sessions over stdio/SSE/HTTP, notification channels, request maps",
	},
	{
		Name: "mcp-sdk", Path: "github.com/modelcontextprotocol/go-sdk", Version: "v1.8.0",
		Sum: "h1:KIvahhYqwtbeniWVPs3TcXEA7b8jEtwfBpOTAI+Urx4=", Set: "validation16",
		Why: "MCP SDK: jsonrpc2 connections, in-flight request tables, streamable transports",
	},
	{
		Name: "gortmplib", Path: "github.com/bluenviron/gortmplib", Version: "v1.0.1",
		Sum: "h1:+8DIpYvY6Ewyd159VNPauXV1uk/OU56knCDYDkisIrI=", Set: "validation16",
		Why: "RTMP: connection read/write loops, chunk streams, writer queues",
	},
	{
		Name: "croc", Path: "github.com/schollz/croc/v10", Version: "v10.7.0",
		Sum: "h1:5OuoXcbpxm07cUk4EKOm8uAYPcONEIT/FSEhncmxjYQ=", Set: "validation16",
		Why: "file transfer: relay rooms, parallel transfer connections, progress",
	},
	{
		Name: "ndp", Path: "github.com/mdlayher/ndp", Version: "v1.1.0",
		Sum: "h1:QylGKGVtH60sKZUE88+IW5ila1Z/M9/OXhWdsVKuscs=", Set: "validation16",
		Why: "NDP: ICMPv6 conn, read loops with deadlines",
	},
	{
		Name: "handlers", Path: "github.com/gorilla/handlers", Version: "v1.5.2",
		Sum: "h1:cLTUSsNkgcwhgRqvCNmdbRWG0A3N4F+M2nWKdScwyEE=", Set: "validation17",
		Why: "HTTP middleware: logging and compression writers, recovery",
	},
	{
		Name: "chi", Path: "github.com/go-chi/chi/v5", Version: "v5.5.0",
		Sum: "h1:xdKQ1dJmVJsmgahrXSKhUx8NyVPzpwdlyrrQFpMPJgg=", Set: "validation17",
		Why: "router and middleware: throttle semaphore, timeouts, heartbeat",
	},
	{
		Name: "diago", Path: "github.com/emiago/diago", Version: "v0.42.1",
		Sum: "h1:3J5u+hzYFAOGG7mKRqZDlxvQ054aCdpok2kHoQZE8Hs=", Set: "validation17",
		Why: "VoIP on SIP: dialog sessions, media readers/writers, RTP goroutines",
	},
	{
		Name: "fsm", Path: "github.com/looplab/fsm", Version: "v1.0.3",
		Sum: "h1:qtxBsa2onOs0qFOtkqwf5zE0uP0+Te+wlIvXctPKpcw=", Set: "validation17",
		Why: "state machine: event and state mutexes, async transitions",
	},
	{
		Name: "stateless", Path: "github.com/qmuntal/stateless", Version: "v1.7.2",
		Sum: "h1:FqCErOP+Hf+/FByJt/S4UOLHFJeTf8CbMrEE0AkYT8k=", Set: "validation17",
		Why: "state machine: firing queue under a mutex, external state storage",
	},
	{
		Name: "pty", Path: "github.com/creack/pty", Version: "v1.1.24",
		Sum: "h1:bJrF4RRfyJnbTJqzRLHzcGaZK1NeM5kTC9jGgovnR1s=", Set: "validation17",
		Why: "pseudo-terminals: copy goroutines in tests, window-size signals",
	},
	{
		Name: "hedgedhttp", Path: "github.com/cristalhq/hedgedhttp", Version: "v0.9.2",
		Sum: "h1:gFW7BcD4Kx2qso4c7m5LfMjHsE7qDsM5pQlSjyva7V4=", Set: "validation17",
		Why: "hedged requests: racing goroutines, result channels, cancellation",
	},
	{
		Name: "retry-go", Path: "github.com/avast/retry-go/v4", Version: "v4.7.0",
		Sum: "h1:yjDs35SlGvKwRNSykujfjdMxMhMQQM0TnIjJaHB+Zio=", Set: "validation17",
		Why: "retries: timers and context cancellation",
	},
	{
		Name: "porcupine", Path: "github.com/anishathalye/porcupine", Version: "v1.3.1",
		Sum: "h1:fBZ4/NGNPnIDdd6xNtrNk9/GiEQ0L4FO5+scINN+t0E=", Set: "validation17",
		Why: "linearizability checker: parallel partition checks, kill channels",
	},
}
