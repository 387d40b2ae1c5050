package graph

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"testing"
)

func keyOf(i int) *treeLookup {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(i))
	return &treeLookup{key: sha256.Sum256(b[:]), versions: []int64{1}}
}

// TestTheTreeCacheKeepsItsBounds fills the cache past its entries and its
// bytes: the least recently used entries go first, and an answer too large
// to keep is not kept.
func TestTheTreeCacheKeepsItsBounds(t *testing.T) {
	c := newTreeCache(nil)
	for i := range treeCacheEntries + 10 {
		c.store(keyOf(i), []byte("{}"))
	}
	if len(c.entries) != treeCacheEntries || c.order.Len() != treeCacheEntries {
		t.Errorf("%d entries (%d in order), the bound is %d", len(c.entries), c.order.Len(), treeCacheEntries)
	}
	if _, ok := c.entries[keyOf(0).key]; ok {
		t.Error("the oldest entry is still there")
	}
	if _, ok := c.entries[keyOf(treeCacheEntries+9).key]; !ok {
		t.Error("the newest entry is missing")
	}

	big := bytes.Repeat([]byte("x"), treeCacheBytes/8)
	for i := range 10 {
		c.store(keyOf(-1-i), big)
	}
	if c.size > treeCacheBytes {
		t.Errorf("%d bytes kept, the bound is %d", c.size, treeCacheBytes)
	}
	if _, ok := c.entries[keyOf(-10).key]; !ok {
		t.Error("the newest large entry is missing")
	}
	before := c.size
	c.store(keyOf(-100), append(big, 'x'))
	if _, ok := c.entries[keyOf(-100).key]; ok || c.size != before {
		t.Error("an answer over an eighth of the bytes was kept")
	}
}

// TestAnOlderAnswerNeverReplacesANewerOne stores two answers of one
// request, computed under different versions, in either order: the newer
// stays.
func TestAnOlderAnswerNeverReplacesANewerOne(t *testing.T) {
	c := newTreeCache(nil)
	older, newer := keyOf(1), keyOf(1)
	older.versions, newer.versions = []int64{4, 9}, []int64{5, 9}
	c.store(newer, []byte("new"))
	c.store(older, []byte("old"))
	if got := c.entries[older.key].Value.(*treeEntry).body; string(got) != "new" {
		t.Errorf("after the older answer the cache holds %q", got)
	}
	c = newTreeCache(nil)
	c.store(older, []byte("old"))
	c.store(newer, []byte("new"))
	if got := c.entries[older.key].Value.(*treeEntry).body; string(got) != "new" || c.size != 3 {
		t.Errorf("after the newer answer the cache holds %q (%d bytes)", got, c.size)
	}
}

// TestMittAnsvarsCacheKeepsItsBounds: the same for Mitt ansvar's cache,
// under its own bounds.
func TestMittAnsvarsCacheKeepsItsBounds(t *testing.T) {
	c := newMineCache(nil, nil)
	for i := range mineCacheEntries + 10 {
		c.store(keyOf(i), []byte("{}"))
	}
	if len(c.entries) != mineCacheEntries || c.order.Len() != mineCacheEntries {
		t.Errorf("%d entries (%d in order), the bound is %d", len(c.entries), c.order.Len(), mineCacheEntries)
	}
	big := bytes.Repeat([]byte("x"), mineCacheBytes/8)
	for i := range 20 {
		c.store(keyOf(-1-i), big)
	}
	if c.size > mineCacheBytes {
		t.Errorf("%d bytes kept, the bound is %d", c.size, mineCacheBytes)
	}
	c.store(keyOf(-100), append(big, 'x'))
	if _, ok := c.entries[keyOf(-100).key]; ok {
		t.Error("an answer over an eighth of the bytes was kept")
	}
}
