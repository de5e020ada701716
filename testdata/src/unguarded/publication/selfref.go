package publication

import (
	"sort"
	"sync"
)

// A client whose constructor stores a closure over the client in the
// client's own field (its refresh hook): the client is still private
// until the constructor hands it out, so the seed list set up there needs
// no lock, while Refresh sets it up again under the lock.
type Seeds struct {
	mu      sync.Mutex
	seeds   []string
	dead    []string
	refresh func() error
}

func NewSeeds(addrs []string) *Seeds {
	s := &Seeds{}
	s.refresh = func() error { return s.reload() }
	s.shuffle(addrs)
	return s
}

func (s *Seeds) reload() error { return nil }

// shuffle is called on the fresh client and under s.mu.
func (s *Seeds) shuffle(addrs []string) {
	s.seeds = append([]string(nil), addrs...) // no diagnostic
	sort.Strings(s.seeds)
}

func (s *Seeds) Refresh(addrs []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dead = append(s.dead, s.seeds...)
	s.seeds = nil
	s.shuffle(addrs)
}

func (s *Seeds) Next() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.seeds) == 0 {
		return ""
	}
	return s.seeds[0]
}

func (s *Seeds) Kill() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dead = append(s.dead, s.seeds[0])
	s.seeds = s.seeds[1:]
}

// A session whose share part points back at the session: the back pointer
// set in the constructor does not publish the session, so the part's
// pending set made after it needs no lock.
type shareState struct {
	mu      sync.Mutex
	owner   *Session
	pending map[int]bool
}

type Session struct {
	id    int
	share shareState
}

var sessions = struct {
	mu  sync.Mutex
	all []*Session
}{}

func NewSession(id int) *Session {
	s := &Session{id: id}
	s.share.owner = s
	s.share.pending = make(map[int]bool) // no diagnostic
	return s
}

// NewListedSession lists the session for every other goroutine to find
// before it sets up the pending set.
func NewListedSession(id int) *Session {
	s := &Session{id: id}
	s.share.owner = s
	sessions.mu.Lock()
	sessions.all = append(sessions.all, s)
	sessions.mu.Unlock()
	s.share.pending = make(map[int]bool) // want `s.share.pending is written here without s.share.mu, which guards it in \d+ other accesses`
	return s
}

func (s *Session) Ack(n int) {
	s.share.mu.Lock()
	defer s.share.mu.Unlock()
	delete(s.share.pending, n)
}

func (s *Session) Want(n int) {
	s.share.mu.Lock()
	s.share.pending[n] = true
	s.share.mu.Unlock()
}

func (s *Session) Pending() int {
	s.share.mu.Lock()
	defer s.share.mu.Unlock()
	return len(s.share.pending)
}

// A tree whose constructor adds a first child that points back at it: the
// child is stored into the tree's own field, so the tree reaches nobody
// new through it, and the size set after it needs no lock.
type node struct {
	tree *Tree
	key  string
}

type Tree struct {
	mu    sync.Mutex
	nodes []*node
	size  int
}

func NewTree(root string) *Tree {
	t := &Tree{}
	n := &node{tree: t, key: root}
	t.nodes = append(t.nodes, n)
	t.size = 1 // no diagnostic
	return t
}

// NewSharedTree hands the first node to a goroutine before it sets the
// size: the tree is reachable through the node from then on.
func NewSharedTree(root string, seen chan<- *node) *Tree {
	t := &Tree{}
	n := &node{tree: t, key: root}
	seen <- n
	t.nodes = append(t.nodes, n)
	t.size = 1 // want `t.size is written here without t.mu, which guards it in \d+ other accesses`
	return t
}

func (t *Tree) Add(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.nodes = append(t.nodes, &node{tree: t, key: key})
	t.size++
}

func (t *Tree) Size() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.size
}

func (t *Tree) Reset() {
	t.mu.Lock()
	t.nodes, t.size = nil, 0
	t.mu.Unlock()
}

// addNode files n under the tree; the caller holds t.mu or owns t.
func (t *Tree) addNode(n *node) {
	t.nodes = append(t.nodes, n)
}

// NewTreeVia adds its first node through a helper: still a store into the
// tree's own field, reaching nobody new.
func NewTreeVia(root string) *Tree {
	t := &Tree{}
	n := &node{tree: t, key: root}
	t.addNode(n)
	t.size = 1 // no diagnostic
	return t
}

var watched struct {
	mu    sync.Mutex
	nodes []*node
}

// watch lists n where every goroutine can find it.
func watch(n *node) {
	watched.mu.Lock()
	watched.nodes = append(watched.nodes, n)
	watched.mu.Unlock()
}

// NewWatchedTree lists its first node (and so the tree) before setting the
// size.
func NewWatchedTree(root string) *Tree {
	t := &Tree{}
	n := &node{tree: t, key: root}
	watch(n)
	t.size = 1 // want `t.size is written here without t.mu, which guards it in \d+ other accesses`
	return t
}

func (t *Tree) Empty() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.size == 0
}

func (t *Tree) Grow(n int) {
	t.mu.Lock()
	t.size += n
	t.mu.Unlock()
}

func (t *Tree) Shrink() {
	t.mu.Lock()
	t.size--
	t.mu.Unlock()
}
