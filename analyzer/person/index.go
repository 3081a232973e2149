package person

import (
	"slices"
	"sync"
)

// Index holds known Chinese names by key, so that an English spelling
// finds every name it may be, and a name's homophones can be told: Li
// Qiang is 李强 and 李蔷. It is safe for concurrent use.
type Index struct {
	mu    sync.RWMutex
	byKey map[string][]string
}

// NewIndex returns an index of names (see Add).
func NewIndex(names ...string) *Index {
	x := &Index{byKey: map[string][]string{}}
	for _, n := range names {
		x.Add(n)
	}
	return x
}

// Add adds a Chinese name and reports whether it romanizes (see Romanize);
// a name that does not is not added.
func (x *Index) Add(chinese string) bool {
	n, ok := Romanize(chinese)
	if !ok {
		return false
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if !slices.Contains(x.byKey[n.Key], n.Chinese) {
		x.byKey[n.Key] = append(x.byKey[n.Key], n.Chinese)
	}
	return true
}

// Lookup returns the known Chinese names that an English spelling may be,
// in the order they were added: Lookup("Qiang Li") is 李强 and 李蔷 if both
// were added. It returns nil if english is not a name (see Key).
func (x *Index) Lookup(english string) []string {
	k, ok := Key(english)
	if !ok {
		return nil
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	return slices.Clone(x.byKey[k])
}

// Homophones returns the other known names that are written alike in
// English: Homophones("李强") is 李蔷 if it was added. Results that show
// 李强 for "Li Qiang" can say that the search found 李蔷 too.
func (x *Index) Homophones(chinese string) []string {
	n, ok := Romanize(chinese)
	if !ok {
		return nil
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	var out []string
	for _, c := range x.byKey[n.Key] {
		if c != n.Chinese {
			out = append(out, c)
		}
	}
	return out
}
