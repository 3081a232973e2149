package index

import (
	"context"
	"encoding/base64"
	"fmt"
	"maps"

	"github.com/xinwen/xinwen/index/story"
)

// Stories: every article is filed under a story (FieldStory), the id of
// the earliest of the articles that are one story republished, as package
// story finds them. The index keeps the stories right under writes: an
// article that arrives after its reprint takes the story over, and when
// the earliest is deleted the next earliest gives the story its id; the
// articles whose story changes are written again with their new one, in
// the same batch as the change that moved them.
//
// The stories are held in memory (a story.Index, some 300 bytes an
// article) only by a process that writes: it is built from the prints and
// stories the documents keep (FieldPrint, FieldStory) at the first write
// after Open, or in the background as soon as a Committer starts, so that
// searching, which reads only FieldStory, starts without waiting for it.
// Reading them back from the CCTV corpus's index (74,504 articles) takes
// 2.3 s (BenchmarkReadStories); storing the whole story.Index instead
// would cost a write of some 25 MB at every commit, or a log of changes
// to keep in step with bleve's. A write that fails drops it, to be built
// again from what is on disk.

// printOf returns the print of a document's title and body, and the
// value FieldPrint keeps of it.
func printOf(d *Document) (story.Print, string) {
	p := story.Fingerprint(d.Title, d.Body)
	raw, _ := p.MarshalBinary() // cannot fail
	return p, base64.StdEncoding.EncodeToString(raw)
}

// storyIndex returns the index's stories, building them from the stored
// documents on first use.
func (ix *Index) storyIndex() (*story.Index, error) {
	return ix.readStories(context.Background())
}

// readStories is storyIndex, given up with ctx's error when ctx is done.
func (ix *Index) readStories(ctx context.Context) (*story.Index, error) {
	ix.storiesMu.Lock()
	defer ix.storiesMu.Unlock()
	if ix.stories != nil {
		return ix.stories, nil
	}
	si := story.NewIndex()
	err := ix.eachStored(ctx, func(id string, f map[string]interface{}) error {
		var p story.Print
		raw, err := base64.StdEncoding.DecodeString(str(f[FieldPrint]))
		if err == nil {
			err = p.UnmarshalBinary(raw)
		}
		if err != nil { // a print of another version of package story
			p = story.Fingerprint(str(f[FieldTitle]), str(f[FieldBody]))
		}
		s := str(f[FieldStory])
		if s == "" {
			s = id
		}
		return si.Restore(story.Article{ID: id, Date: str(f[FieldDate]), Print: p}, s)
	})
	if err != nil {
		return nil, fmt.Errorf("index: %s: read stories: %w", ix.dir, err)
	}
	ix.stories = si
	return si, nil
}

// dropStories forgets the stories held in memory after a write failed,
// which may have left them ahead of the index on disk.
func (ix *Index) dropStories() {
	ix.storiesMu.Lock()
	defer ix.storiesMu.Unlock()
	ix.stories = nil
}

func str(v interface{}) string {
	s, _ := v.(string)
	return s
}

// restory files e in its story, setting its FieldStory, and calls put
// with the fields of each other article whose story that changed, their
// FieldStory set to the new one. recent gives the entries written but not
// yet searchable (Get would not find them), by id.
func (ix *Index) restory(e Entry, recent func(id string) (Entry, bool), put func(id string, fields map[string]interface{}) error) error {
	si, err := ix.storyIndex()
	if err != nil {
		return err
	}
	ch, err := si.Add(story.Article{ID: e.doc.ID, Date: e.doc.Date, Print: e.print})
	if err != nil {
		return fmt.Errorf("index: document %q: %w", e.doc.ID, err)
	}
	e.fields[FieldStory] = ch.Story
	return ix.moveAll(ch.Moved, recent, put)
}

// unstory takes the article id out of its story, as restory does for a
// deleted article.
func (ix *Index) unstory(id string, recent func(id string) (Entry, bool), put func(id string, fields map[string]interface{}) error) error {
	si, err := ix.storyIndex()
	if err != nil {
		return err
	}
	return ix.moveAll(si.Remove(id).Moved, recent, put)
}

// moveAll writes each moved article again with its new story.
func (ix *Index) moveAll(moved []story.Move, recent func(id string) (Entry, bool), put func(id string, fields map[string]interface{}) error) error {
	for _, m := range moved {
		e, ok := recent(m.ID)
		if !ok {
			d, err := ix.Get(m.ID)
			if err != nil {
				return fmt.Errorf("index: move %q to story %q: %w", m.ID, m.Story, err)
			}
			if e, err = check(d, false); err != nil {
				return fmt.Errorf("index: move %q to story %q: %w", m.ID, m.Story, err)
			}
		}
		// A copy: the entry's own fields may be in a batch being written.
		f := maps.Clone(e.fields)
		f[FieldStory] = m.Story
		if err := put(m.ID, f); err != nil {
			return err
		}
	}
	return nil
}
