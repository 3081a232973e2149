package index

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// The files bleve writes in an index directory, and nothing else: its
// description of the index, and under store/ the list of the index's
// snapshots and their segments.
const (
	metaFile  = "index_meta.json"
	storeDir  = "store"
	rootFile  = "root.bolt"
	metaJSON  = `{"storage":"boltdb","index_type":"scorch"}`
	shownMost = 5 // names shown of a directory's contents
)

// segmentFile matches the name of a segment (scorch writes an epoch as
// %012x.zap).
var segmentFile = regexp.MustCompile(`^[0-9a-f]+\.zap$`)

// ErrNotIndex is wrapped by the error Open and Create return for a path
// that holds something other than an index of xinwen's: a file, or a
// directory with other things in it. xinwen neither opens, builds in nor
// replaces such a path: nothing of the user's is ever removed.
var ErrNotIndex = errors.New("not an index")

// notIndex returns an error wrapping ErrNotIndex that says what is at dir
// and what to do.
func notIndex(dir, found string) error {
	return fmt.Errorf("%s %s: %w; xinwen builds an index only in a new or empty directory, and replaces only its own sample index, so it leaves this one alone: give another directory", dir, found, ErrNotIndex)
}

// classify says whether dir may hold an index. It returns nil when dir
// has an index_meta.json, an error wrapping ErrNotExist when there is
// nothing at dir (no such path, or an empty directory: an index may be
// built there), and one wrapping ErrNotIndex for anything else: a file, a
// directory of other things, or an index that lost its index_meta.json.
func classify(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("%s: %w", dir, ErrNotExist)
	case err != nil:
		return err
	case !info.IsDir():
		return notIndex(dir, "is a file")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return fmt.Errorf("%s: %w (the directory is empty)", dir, ErrNotExist)
	}
	names := make([]string, 0, len(entries))
	hasStore := false
	for _, e := range entries {
		switch {
		case e.Name() == metaFile:
			return nil
		case e.Name() == storeDir && e.IsDir():
			hasStore = true
		}
		names = append(names, shownName(e.Name(), e.IsDir()))
	}
	if hasStore {
		return fmt.Errorf("%s has a %s/ folder but no %s: it looks like an index that lost its %s, and xinwen neither opens nor replaces it: %w. If it is a xinwen index, restore %s from a backup, or write it again: echo '%s' > %s",
			dir, storeDir, metaFile, metaFile, ErrNotIndex, metaFile, metaJSON, filepath.Join(dir, metaFile))
	}
	return notIndex(dir, "holds "+listNames(names))
}

// shownName is a directory entry as a listing shows it: folders end in /.
func shownName(name string, dir bool) string {
	if dir {
		return name + "/"
	}
	return name
}

// listNames lists the first few names, sorted, and how many more there are.
func listNames(names []string) string {
	sort.Strings(names)
	if len(names) <= shownMost {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:shownMost], ", "), len(names)-shownMost)
}

// Alone returns nil when the index directory dir holds nothing that bleve
// did not write: index_meta.json, store/, and root.bolt and segment files
// in store/. Otherwise its error wraps ErrNotIndex and names the rest.
// Only such a directory may be removed as a whole (Discard), so that
// nothing of the user's is.
func Alone(dir string) error {
	strangers, err := strangers(dir)
	if err != nil {
		return err
	}
	if len(strangers) > 0 {
		return fmt.Errorf("%s holds %s besides the index, which xinwen did not write: %w", dir, listNames(strangers), ErrNotIndex)
	}
	return nil
}

// strangers returns what is in dir that bleve did not write (see Alone),
// as paths relative to dir, folders ending in /.
func strangers(dir string) ([]string, error) {
	var found []string
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	for _, e := range entries {
		switch {
		case e.Name() == metaFile && e.Type().IsRegular():
		case e.Name() == storeDir && e.IsDir():
			inner, err := os.ReadDir(filepath.Join(dir, storeDir))
			if err != nil {
				return nil, fmt.Errorf("index: %w", err)
			}
			for _, f := range inner {
				if !f.Type().IsRegular() || (f.Name() != rootFile && !segmentFile.MatchString(f.Name())) {
					found = append(found, shownName(path.Join(storeDir, f.Name()), f.IsDir()))
				}
			}
		default:
			found = append(found, shownName(e.Name(), e.IsDir()))
		}
	}
	sort.Strings(found)
	return found, nil
}

// Discard removes the index in dir, which must hold nothing but what bleve
// writes (see Alone): otherwise it removes nothing and says what else
// is there. A missing dir is no error. It first renames dir aside, so that
// dir is gone at once even if the removal is interrupted, and then removes
// the files one by one, never a tree.
func Discard(dir string) error {
	info, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if !info.IsDir() {
		return notIndex(dir, "is a file")
	}
	if err := Alone(dir); err != nil {
		return fmt.Errorf("index: %w; nothing there was removed: move them out first", err)
	}
	// Go's os.Rename never replaces a directory, and rename(2) never a
	// file with a directory: a name that is taken is an error, not a loss.
	gone := fmt.Sprintf("%s.discarded-%d-%d", dir, os.Getpid(), time.Now().UnixNano())
	if err := os.Rename(dir, gone); err != nil {
		return fmt.Errorf("index: discard %s: %w", dir, err)
	}
	store := filepath.Join(gone, storeDir)
	files, _ := os.ReadDir(store)
	for _, f := range files {
		if err := os.Remove(filepath.Join(store, f.Name())); err != nil {
			return fmt.Errorf("index: discard %s (moved to %s): %w", dir, gone, err)
		}
	}
	for _, p := range []string{store, filepath.Join(gone, metaFile), gone} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("index: discard %s (moved to %s): %w", dir, gone, err)
		}
	}
	return nil
}

// Install puts the index built in next at dir: by renaming it when dir is
// missing or an empty directory, else in place of the index in dir, which
// is then discarded (see Discard; the caller has decided that it may go).
// An index in dir with anything else beside it is left as it was, and so
// is next.
func Install(next, dir string) error {
	err := classify(dir)
	switch {
	case errors.Is(err, ErrNotExist):
		// os.Remove removes only an empty directory.
		if err := os.Remove(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("index: install %s: %w", dir, err)
		}
		if err := os.Rename(next, dir); err != nil {
			return fmt.Errorf("index: install %s: %w", dir, err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("index: install %s: %w", dir, err)
	}
	if err := Alone(dir); err != nil {
		return fmt.Errorf("index: %w; it is not replaced", err)
	}
	if err := swap(next, dir); err != nil {
		return fmt.Errorf("index: install %s: %w", dir, err)
	}
	// next now holds the old index.
	if err := Discard(next); err != nil {
		return fmt.Errorf("index: install %s: done, but the index it replaced is still in %s: %w", dir, next, err)
	}
	return nil
}
