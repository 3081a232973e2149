package index

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/util"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapv11 "github.com/blevesearch/zapx/v11"
	zapv12 "github.com/blevesearch/zapx/v12"
	zapv13 "github.com/blevesearch/zapx/v13"
	zapv14 "github.com/blevesearch/zapx/v14"
	zapv15 "github.com/blevesearch/zapx/v15"
	zapv16 "github.com/blevesearch/zapx/v16"
	bolt "go.etcd.io/bbolt"
)

// ErrDamaged is wrapped by the error Open returns for an index whose files
// are damaged (cut short, emptied, overwritten). Such an index is never
// opened, repaired or removed: see DamageError.
var ErrDamaged = errors.New("index is damaged")

// A DamageError names the damaged file of an index and says how to recover.
type DamageError struct {
	Dir  string // the index directory
	File string // the damaged file or folder, relative to Dir
	Err  error  // what is wrong with it
}

func (e *DamageError) Error() string {
	return fmt.Sprintf("index %s is damaged: %s: %v. Nothing was changed. Restore the index from a backup, or build it again from your source files in a new directory (xinwen index -index NEWDIR FILE...); xinwen reindex cannot rebuild it, since it reads the index itself",
		e.Dir, filepath.Join(e.Dir, e.File), e.Err)
}

// Is makes errors.Is(err, ErrDamaged) true.
func (e *DamageError) Is(target error) bool { return target == ErrDamaged }

func (e *DamageError) Unwrap() error { return e.Err }

// segmentPlugins are the segment formats scorch reads, by version, as
// bleve's scorch registers them.
var segmentPlugins = map[uint32]interface {
	Open(path string) (segment.Segment, error)
}{
	11: &zapv11.ZapPlugin{}, 12: &zapv12.ZapPlugin{}, 13: &zapv13.ZapPlugin{},
	14: &zapv14.ZapPlugin{}, 15: &zapv15.ZapPlugin{}, 16: &zapv16.ZapPlugin{},
}

// verify checks the files of the index in dir before bleve opens it, and
// returns a *DamageError naming the first that is damaged. Bleve does not
// say which file it could not read, panics on a segment whose footer is
// garbage, and, given an emptied store, makes a new empty one and fails
// on its missing mapping; worse, when the newest snapshot's segment cannot
// be read it falls back to an older snapshot and would delete the newer
// one's files. So the check reads what bleve would: index_meta.json, the
// newest snapshot in store/root.bolt (read-only), its mapping, and every
// segment file it lists, each opened as bleve opens it. It changes
// nothing. An index that another process has open is reported as such.
func verify(dir string) (err error) {
	damaged := func(file string, err error) error {
		return &DamageError{Dir: dir, File: file, Err: err}
	}
	raw, err := os.ReadFile(filepath.Join(dir, metaFile))
	if err != nil {
		return damaged(metaFile, unwrapPath(err))
	}
	var meta struct {
		IndexType string `json:"index_type"`
	}
	if err := json.Unmarshal(raw, &meta); err != nil || meta.IndexType == "" {
		return damaged(metaFile, fmt.Errorf("not bleve's description of an index (%d bytes); it should read %s", len(raw), metaJSON))
	}
	store := filepath.Join(dir, storeDir)
	if info, err := os.Stat(store); err != nil || !info.IsDir() {
		return damaged(storeDir+"/", errors.New("missing: it holds the index's words and articles"))
	}
	root := path.Join(storeDir, rootFile)
	if info, err := os.Stat(filepath.Join(dir, root)); err != nil {
		return damaged(root, fmt.Errorf("%w: it lists the index's segments", unwrapPath(err)))
	} else if info.Size() == 0 {
		return damaged(root, errors.New("empty (0 bytes): it lists the index's segments"))
	}

	// bbolt and the segment readers panic on some garbage, and bbolt
	// reads its mapped file past the end of one cut short, which is a
	// fault: made a panic here, it is recovered as the rest.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	file := root
	defer func() {
		if r := recover(); r != nil {
			err = damaged(file, fmt.Errorf("unreadable (%v)", r))
		}
	}()
	db, err := bolt.Open(filepath.Join(dir, root), 0o600, &bolt.Options{ReadOnly: true, Timeout: inUseWait})
	if errors.Is(err, bolt.ErrTimeout) {
		return errInUse(dir)
	}
	if err != nil {
		return damaged(root, err)
	}
	defer db.Close()
	var segments []string
	var version uint32
	err = db.View(func(tx *bolt.Tx) error {
		snapshots := tx.Bucket(util.BoltSnapshotsBucket)
		if snapshots == nil {
			return errors.New("it lists no snapshot of the index")
		}
		c := snapshots.Cursor()
		k, v := c.Last()
		for k != nil && v != nil { // a nested bucket has no value
			k, v = c.Prev()
		}
		if k == nil {
			return errors.New("it lists no snapshot of the index")
		}
		snap := snapshots.Bucket(k)
		m := snap.Bucket(util.BoltMetaDataKey)
		if m == nil || len(m.Get(util.BoltMetaDataSegmentVersionKey)) < 4 {
			return errors.New("its newest snapshot has no segment format")
		}
		version = binary.BigEndian.Uint32(m.Get(util.BoltMetaDataSegmentVersionKey))
		internal := snap.Bucket(util.BoltInternalKey)
		if internal == nil || len(internal.Get(util.MappingInternalKey)) == 0 {
			return errors.New("its newest snapshot has no mapping")
		}
		return snap.ForEachBucket(func(k []byte) error {
			if k[0] == util.BoltInternalKey[0] || k[0] == util.BoltMetaDataKey[0] {
				return nil
			}
			p := snap.Bucket(k).Get(util.BoltPathKey)
			if len(p) == 0 {
				return errors.New("a segment of its newest snapshot has no file")
			}
			segments = append(segments, string(p))
			return nil
		})
	})
	if err != nil {
		return damaged(root, err)
	}
	plugin, ok := segmentPlugins[version]
	if !ok {
		return damaged(root, fmt.Errorf("segment format %d, which this xinwen cannot read", version))
	}
	for _, name := range segments {
		file = path.Join(storeDir, name)
		p := filepath.Join(store, filepath.FromSlash(name))
		info, err := os.Stat(p)
		switch {
		case err != nil:
			return damaged(file, fmt.Errorf("%w: it holds part of the index", unwrapPath(err)))
		case info.Size() == 0:
			return damaged(file, errors.New("empty (0 bytes): it holds part of the index"))
		}
		seg, err := plugin.Open(p)
		if err != nil {
			return damaged(file, fmt.Errorf("unreadable (%w)", unwrapPath(err)))
		}
		seg.Close()
		// zap reads its footer without checking it: a segment cut short
		// or with flipped bytes opens, and panics later in a goroutine
		// of bleve's. The footer ends with the CRC-32 of everything
		// before it.
		if err := checkCRC(p); err != nil {
			return damaged(file, fmt.Errorf("unreadable (%w)", err))
		}
	}
	return nil
}

// checkCRC checks a zap segment file against the CRC-32 (IEEE) its last
// four bytes hold, big-endian, of everything before them.
func checkCRC(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return unwrapPath(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return unwrapPath(err)
	}
	if info.Size() < 4 {
		return errors.New("shorter than its footer")
	}
	h := crc32.NewIEEE()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, info.Size()-4)); err != nil {
		return unwrapPath(err)
	}
	var want [4]byte
	if _, err := f.ReadAt(want[:], info.Size()-4); err != nil {
		return unwrapPath(err)
	}
	if got := h.Sum32(); got != binary.BigEndian.Uint32(want[:]) {
		return fmt.Errorf("its checksum is %08x, its footer says %08x: it was cut short or changed", got, binary.BigEndian.Uint32(want[:]))
	}
	return nil
}

// openBleve opens the bleve index in dir, which verify has checked, with
// config (openConfig, or readOnly), turning a panic of bleve's into an
// error that names the store.
func openBleve(dir string, config map[string]interface{}) (b bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &DamageError{Dir: dir, File: storeDir + "/", Err: fmt.Errorf("bleve could not read it (%v)", r)}
		}
	}()
	b, err = bleve.OpenUsing(dir, config)
	switch {
	case err == nil:
	case errors.Is(err, bolt.ErrTimeout):
		return nil, errInUse(dir)
	case errors.Is(err, fs.ErrPermission):
		return nil, fmt.Errorf("index: open %s: %w", dir, err)
	default:
		return nil, &DamageError{Dir: dir, File: storeDir + "/", Err: err}
	}
	return b, nil
}

// inUseWait is how long verify waits for another process to let go of an
// index before it says that the index is in use: bleve would wait forever.
// A writer holds an index for as long as it runs; what holds it briefly
// is a reader (a backup, CountOnDisk), which this outlasts.
const inUseWait = time.Second

// readOnly is bleve's configuration to read an index without writing to
// it: no persister, no merger, and root.bolt opened read-only.
func readOnly() map[string]interface{} {
	return map[string]interface{}{"read_only": true, "bolt_timeout": "2s"}
}

// CountOnDisk returns how many documents the index in dir holds on disk,
// as the next process to open it will find them, reading it without
// writing. The index must not be open for writing (Close it first).
func CountOnDisk(dir string) (uint64, error) {
	if err := classify(dir); err != nil {
		return 0, fmt.Errorf("index: %w", err)
	}
	if err := verify(dir); err != nil {
		return 0, err
	}
	b, err := openBleve(dir, readOnly())
	if err != nil {
		return 0, err
	}
	defer b.Close()
	n, err := b.DocCount()
	if err != nil {
		return 0, fmt.Errorf("index: count %s: %w", dir, err)
	}
	return n, nil
}
