package story

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

// MaxDays is how many days apart two articles of one story may be dated,
// at most: a reprint follows its original within days, while a yearly
// announcement follows last year's in the same words but for its numbers.
// An undated article may join a story of any date.
const MaxDays = 30

// Thresholds of Same, tuned on the evaluation's tuning half (see the
// package comment).
const (
	// minSmall is how much of the shorter article must be in the longer.
	minSmall = 0.80
	// minSmallShort is minSmall when the shorter article has no more than
	// shortSize shingles (a paragraph or two, numbers counted five times):
	// there a reprint holds all of its original's sentences, while the
	// commentary of a series (人民日报评论员文章：…, 【央视快评】…), an
	// announcement made every year or the notices of one congress's
	// sittings differ from each other in a title, a name or a date, some
	// tenth of the text. shortSize was 256; 384 keeps apart more of the
	// announcements made from one template (the evaluation's "one
	// template, another name or number"), the most recall at a precision
	// of 0.99 on the tuning half (SHORTGRID=1).
	minSmallShort = 0.95
	shortSize     = 384
	// minLarge is how much of the longer article must be in the shorter:
	// a digest that holds a story among others is not that story, nor is
	// the report of a funeral that repeats the notice of the death.
	minLarge = 0.55
	// minSize is the fewest shingles a print needs to be compared at all:
	// a line or two says too little to tell a story from its template.
	minSize = 20
)

// Article is what the index needs of an article: its id, its date and its
// print.
type Article struct {
	ID string
	// Date is the article's publication day, YYYY-MM-DD, or "" when it
	// is not known to the day.
	Date  string
	Print Print
}

// Same reports whether two articles are one story: dated at most MaxDays
// apart (or either undated), each long enough to tell, nearly all of the
// shorter in the longer and more than half of the longer in the shorter.
// A date that cannot be read counts as missing.
func Same(a, b Article) bool {
	da, _ := day(a.Date)
	db, _ := day(b.Date)
	return same(&a.Print, &b.Print, da, db)
}

func same(a, b *Print, da, db int32) bool {
	if da != noDay && db != noDay && max(da-db, db-da) > MaxDays {
		return false
	}
	if a.size < minSize || b.size < minSize {
		return false
	}
	small, large := Containment(*a, *b)
	if min(a.size, b.size) <= shortSize {
		return small >= minSmallShort && large >= minLarge
	}
	return small >= minSmall && large >= minLarge
}

// noDay is the day of an undated article.
const noDay = int32(-1 << 31)

// day returns the days since 1970-01-01 of a date YYYY-MM-DD, or noDay for
// "".
func day(date string) (int32, error) {
	if date == "" {
		return noDay, nil
	}
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return noDay, fmt.Errorf("story: date %q: want YYYY-MM-DD", date)
	}
	return int32(t.Unix() / 86400), nil
}

// bands is how many of a print's values the index files it under: a
// pair of articles that Same accepts shares one of them but for a chance
// of about 1 in 30,000 (its resemblance is at least 0.48, where both
// containments are at their least, and (1-0.48)^16 ≈ 0.00003).
const bands = 16

// maxBucket bounds the articles an index looks at under one value: a value
// that more articles share is a shingle of boilerplate (a broadcaster's
// dateline), not of a story, and is passed over. Values are 16 bits, so
// that unrelated articles share one by chance about n/65,536 times in n:
// the bound holds for indexes of up to a few million articles.
const maxBucket = 64

// Index holds the prints of articles and the stories they make. It finds
// the story of a new article among them by the values of its print: each
// article is filed under 16 of its values, and a new one is compared with
// Same to the articles that share one of its own (a handful, against the
// whole index) and joins the story of the most alike.
//
// A story's id is the id of its earliest article (by date, undated last,
// then by id), whatever the order the articles arrive in. An article that
// arrives after its reprint takes the story over: Add then lists the
// articles that change story, for a store that keeps each article's story
// to rewrite. Which story an article joins can depend on the order they
// arrive in when it is like two stories; stories are never merged.
//
// An Index is safe for concurrent use.
type Index struct {
	mu   sync.RWMutex
	docs []entry
	byID map[string]int32
	// head[b][v] is the last article filed under value v in band b (+1;
	// 0 for none), next[b][i] the article filed before i under the same
	// value; count[b][v] how many are.
	head  [bands]*[1 << 16]int32
	count [bands]*[1 << 16]uint16
	next  [bands][]int32
	// members holds the articles of each story of more than one, by the
	// story's earliest article, earliest first.
	members map[int32][]int32
	// seen marks the articles a lookup has compared: seen[i] == stamp.
	seen  []uint32
	stamp uint32
	live  int
	// waiting holds, by story id, the articles Restore filed before the
	// story's own article.
	waiting map[string][]int32
}

// entry is one article of an Index.
type entry struct {
	id    string
	day   int32
	root  int32 // the story's earliest article
	gone  bool  // removed, or replaced by a newer version
	print Print
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	ix := &Index{byID: map[string]int32{}, members: map[int32][]int32{}}
	for b := range bands {
		ix.head[b] = new([1 << 16]int32)
		ix.count[b] = new([1 << 16]uint16)
	}
	return ix
}

// Change is what adding or removing an article did to the stories.
type Change struct {
	// Story is the story of the article added ("" after a removal).
	Story string
	// Moved are the other articles whose story changed, with their new
	// story. A store that keeps each article's story rewrites these.
	Moved []Move
}

// Move is an article that changed story.
type Move struct {
	ID, Story string
}

// Add files an article and returns its story and the articles that
// changed story. An article with the id of one already held replaces it
// (its story may change with its text). Add fails only on a date that is
// not YYYY-MM-DD, and then changes nothing.
func (ix *Index) Add(a Article) (Change, error) {
	d, err := day(a.Date)
	if err != nil {
		return Change{}, err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	before := map[int32]string{} // the stories of the articles that may move
	if old, ok := ix.byID[a.ID]; ok {
		ix.note(before, ix.docs[old].root)
		ix.remove(old)
	}
	match := ix.find(&a.Print, d)
	ord := ix.file(a, d)
	if match >= 0 {
		root := ix.docs[match].root
		ix.note(before, root)
		ix.join(root, ord)
	}
	return Change{Story: ix.docs[ix.docs[ord].root].id, Moved: ix.moves(before)}, nil
}

// file adds article a, dated d, as a story of its own, and returns its
// number.
func (ix *Index) file(a Article, d int32) int32 {
	ord := int32(len(ix.docs))
	ix.docs = append(ix.docs, entry{id: a.ID, day: d, print: a.Print, root: ord})
	ix.seen = append(ix.seen, 0)
	ix.byID[a.ID] = ord
	ix.live++
	for b, v := range a.Print.bandKeys() {
		ix.next[b] = append(ix.next[b], ix.head[b][v]-1)
		ix.head[b][v] = ord + 1
		if ix.count[b][v] < ^uint16(0) {
			ix.count[b][v]++
		}
	}
	return ord
}

// join puts article ord, alone in its story, into the story root.
func (ix *Index) join(root, ord int32) {
	ms := ix.members[root]
	if ms == nil {
		ms = []int32{root}
	}
	delete(ix.members, root)
	ix.setStory(ix.insert(ms, ord))
}

// Restore files an article in the story a store kept for it, by the
// story's id, without looking for one: it builds an Index again from a
// store that keeps each article's print and story, so that the stories
// come out as they were whatever order the articles are read in (Add
// could join them otherwise, see Index). An article whose story's id is
// never restored stays a story of its own. Restore fails only on a date
// that is not YYYY-MM-DD, and then changes nothing.
func (ix *Index) Restore(a Article, story string) error {
	d, err := day(a.Date)
	if err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if old, ok := ix.byID[a.ID]; ok {
		ix.remove(old)
	}
	ord := ix.file(a, d)
	if story == a.ID {
		for _, w := range ix.waiting[a.ID] {
			if e := &ix.docs[w]; !e.gone && e.root == w {
				ix.join(ix.docs[ord].root, w)
			}
		}
		delete(ix.waiting, a.ID)
		return nil
	}
	if root, ok := ix.byID[story]; ok {
		ix.join(ix.docs[root].root, ord)
		return nil
	}
	if ix.waiting == nil {
		ix.waiting = map[string][]int32{}
	}
	ix.waiting[story] = append(ix.waiting[story], ord)
	return nil
}

// note records in before the story of each article of the story root,
// unless it has one there already.
func (ix *Index) note(before map[int32]string, root int32) {
	ms := ix.members[root]
	if ms == nil {
		ms = []int32{root}
	}
	for _, m := range ms {
		if _, ok := before[m]; !ok {
			before[m] = ix.docs[root].id
		}
	}
}

// moves lists the articles of before that are held and in another story
// now, in the order of their ids.
func (ix *Index) moves(before map[int32]string) []Move {
	var out []Move
	for m, was := range before {
		e := &ix.docs[m]
		if now := ix.docs[e.root].id; !e.gone && now != was {
			out = append(out, Move{ID: e.id, Story: now})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// setStory makes ms, earliest first, one story, under ms[0].
func (ix *Index) setStory(ms []int32) {
	for _, m := range ms {
		ix.docs[m].root = ms[0]
	}
	if len(ms) > 1 {
		ix.members[ms[0]] = ms
	}
}

// find returns the article most like p (the highest resemblance) that
// Same accepts, or -1.
func (ix *Index) find(p *Print, d int32) int32 {
	ix.stamp++
	if ix.stamp == 0 { // wrapped: clear the marks
		clear(ix.seen)
		ix.stamp = 1
	}
	best, bestR := int32(-1), -1.0
	for b, v := range p.bandKeys() {
		if ix.count[b][v] > maxBucket {
			continue
		}
		for i := ix.head[b][v] - 1; i >= 0; i = ix.next[b][i] {
			e := &ix.docs[i]
			if e.gone || ix.seen[i] == ix.stamp {
				continue
			}
			ix.seen[i] = ix.stamp
			if !same(p, &e.print, d, e.day) {
				continue
			}
			r := resemblance(p, &e.print)
			if r > bestR || r == bestR && ix.earlier(i, best) {
				best, bestR = i, r
			}
		}
	}
	return best
}

// earlier reports whether article i comes before article j in a story:
// the earlier date first, undated last, then the smaller id.
func (ix *Index) earlier(i, j int32) bool {
	a, b := &ix.docs[i], &ix.docs[j]
	if a.day != b.day {
		switch {
		case a.day == noDay:
			return false
		case b.day == noDay:
			return true
		}
		return a.day < b.day
	}
	return a.id < b.id
}

// insert puts article ord into the list of a story, earliest first.
func (ix *Index) insert(ms []int32, ord int32) []int32 {
	i := sort.Search(len(ms), func(k int) bool { return ix.earlier(ord, ms[k]) })
	ms = append(ms, 0)
	copy(ms[i+1:], ms[i:])
	ms[i] = ord
	return ms
}

// Remove takes an article out of the index and out of its story, and
// returns the articles that changed story: if it was the story's
// earliest, the others, which the next earliest now gives its id. The
// others stay one story even if the article removed was what they had in
// common. Removing an id the index does not hold changes nothing.
func (ix *Index) Remove(id string) Change {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ord, ok := ix.byID[id]
	if !ok {
		return Change{}
	}
	before := map[int32]string{}
	ix.note(before, ix.docs[ord].root)
	ix.remove(ord)
	return Change{Moved: ix.moves(before)}
}

// remove takes article ord out.
func (ix *Index) remove(ord int32) {
	e := &ix.docs[ord]
	delete(ix.byID, e.id)
	e.gone = true
	ix.live--
	for b, v := range e.print.bandKeys() {
		if c := ix.count[b][v]; c > 0 && c < ^uint16(0) {
			ix.count[b][v]--
		}
	}
	root := e.root
	ms := ix.members[root]
	if ms == nil {
		return
	}
	delete(ix.members, root)
	for i, m := range ms {
		if m == ord {
			ms = append(ms[:i:i], ms[i+1:]...)
			break
		}
	}
	ix.setStory(ms)
}

// Story returns the story of an article, and whether the index holds it.
// An article alone in its story is its own story.
func (ix *Index) Story(id string) (string, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ord, ok := ix.byID[id]
	if !ok {
		return "", false
	}
	return ix.docs[ix.docs[ord].root].id, true
}

// Versions returns the articles of a story, earliest first (the story's
// own article first), or nil for an id that is no story of the index.
func (ix *Index) Versions(story string) []string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ord, ok := ix.byID[story]
	if !ok || ix.docs[ord].root != ord {
		return nil
	}
	ms := ix.members[ord]
	if ms == nil {
		return []string{story}
	}
	return ix.ids(ms)
}

func (ix *Index) ids(ms []int32) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = ix.docs[m].id
	}
	return out
}

// Len returns how many articles the index holds.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.live
}

// Stories calls fn with the articles of every story of more than one,
// earliest first, in no particular order of stories.
func (ix *Index) Stories(fn func(versions []string)) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for _, ms := range ix.members {
		fn(ix.ids(ms))
	}
}
