package index

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Backups.
//
// A backup is a tar stream (gzipped or not): first manifest.json, which
// says what made it, when, how many articles it holds and the size and
// SHA-256 of each file, then the index's files under index/, exactly those
// bleve writes (index_meta.json, store/root.bolt, store/*.zap). Unpacked
// by hand (tar xf), index/ is an index directory.
//
// It is a copy of one snapshot of the index, taken while searches and
// writes go on: bleve's scorch pins the snapshot's segments so that its
// merger does not delete them during the copy (CopyReader), and writes the
// snapshot's list of segments, and any segment still only in memory, to a
// new root.bolt. Bleve can copy only into a directory (it opens root.bolt
// by name), so the copy is staged in a directory beside the index, then
// streamed, then removed: a backup needs room for one more copy of the
// index while it runs.

// backupFormat is the version of the layout above; Restore refuses others.
const backupFormat = 1

// manifestName and backupRoot are the manifest's name in a backup and the
// folder its index files are in.
const (
	manifestName = "manifest.json"
	backupRoot   = "index"
)

// Schema is the version of the index format this xinwen builds and
// searches (an index of another must be rebuilt: xinwen reindex).
const Schema = schemaVersion

// Manifest describes a backup.
type Manifest struct {
	// Format is the backup's layout (backupFormat).
	Format int `json:"format"`
	// Xinwen is the version of xinwen that made it.
	Xinwen string `json:"xinwen"`
	// Schema, Origin and Dict are the index's (see Meta).
	Schema int    `json:"schema"`
	Origin string `json:"origin,omitempty"`
	Dict   string `json:"dict,omitempty"`
	// Documents is how many articles the backup holds.
	Documents uint64 `json:"documents"`
	// Created is when the snapshot was taken.
	Created time.Time `json:"created"`
	// Files are the index's files, relative to its directory.
	Files []BackupFile `json:"files"`
}

// BackupFile is one file of a backup.
type BackupFile struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Backup writes a backup of the index (a tar stream, see above) to w while
// it goes on serving, staged in a new directory under stage ("" for beside
// the index), which is removed afterwards.
func (ix *Index) Backup(ctx context.Context, w io.Writer, stage string) (Manifest, error) {
	return backup(ctx, ix.b, ix.dir, ix.Meta(), w, stage)
}

// BackupDir writes a backup of the index in dir to w as Backup does,
// opening the index read-only: nothing in dir is changed. A process that
// has it open (xinwen serve) makes it fail as Open does; ask that process
// for the backup instead.
func BackupDir(ctx context.Context, dir string, w io.Writer, stage string) (Manifest, error) {
	if err := classify(dir); err != nil {
		return Manifest{}, fmt.Errorf("index: %w", err)
	}
	if err := verify(dir); err != nil {
		return Manifest{}, err
	}
	b, err := openBleve(dir, readOnly())
	if err != nil {
		return Manifest{}, err
	}
	defer b.Close()
	var meta Meta
	raw, err := b.GetInternal([]byte(metaKey))
	if err == nil && raw != nil {
		err = json.Unmarshal(raw, &meta)
	}
	if err != nil {
		return Manifest{}, fmt.Errorf("index: back up %s: read meta: %w", dir, err)
	}
	return backup(ctx, b, dir, meta, w, stage)
}

func backup(ctx context.Context, b bleve.Index, dir string, meta Meta, w io.Writer, stage string) (m Manifest, err error) {
	fail := func(err error) (Manifest, error) { return Manifest{}, fmt.Errorf("index: back up %s: %w", dir, err) }
	adv, err := b.Advanced()
	if err != nil {
		return fail(err)
	}
	ci, ok := adv.(bindex.CopyIndex)
	if !ok {
		return fail(fmt.Errorf("a %T index cannot be copied", adv))
	}
	if stage == "" {
		stage = filepath.Dir(dir)
	}
	tmp, err := os.MkdirTemp(stage, filepath.Base(dir)+".backup-*")
	if err != nil {
		return fail(err)
	}
	defer removeStaged(tmp)

	created := time.Now().UTC().Truncate(time.Second)
	cr := ci.CopyReader()
	if cr == nil {
		return fail(errors.New("bleve gave no copy of the index (is it closed?)"))
	}
	n, err := cr.DocCount()
	if err == nil {
		err = cr.CopyTo(bleve.FileSystemDirectory(tmp))
	}
	if cerr := cr.CloseCopyReader(); err == nil {
		err = cerr
	}
	if err == nil {
		// Bleve's own description of the index, which it writes once,
		// when the index is made, and never changes.
		err = copyFile(filepath.Join(dir, metaFile), filepath.Join(tmp, metaFile))
	}
	if err != nil {
		return fail(err)
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	files, err := stagedFiles(tmp)
	if err != nil {
		return fail(err)
	}
	m = Manifest{Format: backupFormat, Xinwen: Version(), Schema: meta.Schema, Origin: meta.Origin, Dict: meta.Dict,
		Documents: n, Created: created, Files: files}
	if err := writeBackup(ctx, w, tmp, m); err != nil {
		return fail(err)
	}
	return m, nil
}

// stagedFiles lists the files of the index copied into dir, with their
// sizes and hashes, in the order a backup holds them: index_meta.json,
// store/root.bolt, then the segments by name.
func stagedFiles(dir string) ([]BackupFile, error) {
	names := []string{metaFile, path.Join(storeDir, rootFile)}
	entries, err := os.ReadDir(filepath.Join(dir, storeDir))
	if err != nil {
		return nil, err
	}
	var segs []string
	for _, e := range entries {
		if e.Name() != rootFile {
			if !e.Type().IsRegular() || !segmentFile.MatchString(e.Name()) {
				return nil, fmt.Errorf("bleve's copy holds %s, which is not a file of an index", e.Name())
			}
			segs = append(segs, path.Join(storeDir, e.Name()))
		}
	}
	sort.Strings(segs)
	var files []BackupFile
	for _, name := range append(names, segs...) {
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return nil, err
		}
		h := sha256.New()
		size, err := io.Copy(h, f)
		f.Close()
		if err != nil {
			return nil, err
		}
		files = append(files, BackupFile{Name: name, Size: size, SHA256: hex.EncodeToString(h.Sum(nil))})
	}
	return files, nil
}

// writeBackup writes m and then the files it lists, from dir, as a tar
// stream to w.
func writeBackup(ctx context.Context, w io.Writer, dir string, m Manifest) error {
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	raw = append(raw, '\n')
	tw := tar.NewWriter(w)
	header := func(name string, size int64) *tar.Header {
		return &tar.Header{Name: name, Size: size, Mode: 0o600, ModTime: m.Created, Typeflag: tar.TypeReg}
	}
	if err := tw.WriteHeader(header(manifestName, int64(len(raw)))); err != nil {
		return err
	}
	if _, err := tw.Write(raw); err != nil {
		return err
	}
	for _, f := range m.Files {
		if err := tw.WriteHeader(header(path.Join(backupRoot, f.Name), f.Size)); err != nil {
			return err
		}
		src, err := os.Open(filepath.Join(dir, filepath.FromSlash(f.Name)))
		if err != nil {
			return err
		}
		_, err = io.CopyN(tw, ctxReader{ctx, src}, f.Size)
		src.Close()
		if err != nil {
			return err
		}
	}
	return tw.Close()
}

// ctxReader is a Reader that fails once ctx is done: a backup stops when
// its client goes away or the server shuts down.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// copyFile copies the file src to a new file dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// removeStaged removes a staging directory that backup made, file by file:
// what bleve copied into store/, index_meta.json, then the folders.
func removeStaged(dir string) {
	store := filepath.Join(dir, storeDir)
	entries, _ := os.ReadDir(store)
	for _, e := range entries {
		os.Remove(filepath.Join(store, e.Name()))
	}
	for _, p := range []string{store, filepath.Join(dir, metaFile), dir} {
		os.Remove(p)
	}
}

// Version is the version of xinwen that is running, as the Go toolchain
// recorded it in the binary: the module's version and, when built from a
// git checkout, the commit.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			v += " " + s.Value[:min(12, len(s.Value))]
		}
	}
	return v
}

// CheckBackup reads a backup from r (tar, or gzipped tar) to its end and
// returns its manifest, or an error when it is not a backup of xinwen's,
// is cut short, or a file differs from its size or hash in the manifest.
func CheckBackup(ctx context.Context, r io.Reader) (Manifest, error) {
	return readBackup(ctx, r, func(_ string, body io.Reader) error {
		_, err := io.Copy(io.Discard, body)
		return err
	})
}

// Restore writes the index in the backup read from r into dir, which must
// be missing or an empty directory: it never writes over anything. It
// unpacks the backup into dir + ".restoring", checking every file against
// the manifest, then opens the index read-only and checks that it holds
// the manifest's count of articles, and only then renames it to dir.
// A failure leaves dir as it was. An index of another schema is restored
// as it was backed up; it must then be rebuilt (xinwen reindex) before it
// is searched.
func Restore(ctx context.Context, r io.Reader, dir string) (Manifest, error) {
	fail := func(err error) (Manifest, error) {
		return Manifest{}, fmt.Errorf("index: restore into %s: %w", dir, err)
	}
	switch err := classify(dir); {
	case err == nil:
		return fail(fmt.Errorf("there is an index there already: %w; restore into a new or empty directory", ErrNotIndex))
	case !errors.Is(err, ErrNotExist):
		return fail(err)
	}
	tmp := dir + ".restoring"
	if err := Discard(tmp); err != nil { // what an interrupted restore left, if it is all bleve's
		return fail(err)
	}
	if err := os.MkdirAll(filepath.Join(tmp, storeDir), 0o755); err != nil {
		return fail(err)
	}
	m, err := restoreInto(ctx, r, tmp)
	if err == nil {
		err = install(tmp, dir)
	}
	if err != nil {
		Discard(tmp)
		return fail(err)
	}
	return m, nil
}

// restoreInto unpacks the backup r into the empty index directory tmp,
// and checks it.
func restoreInto(ctx context.Context, r io.Reader, tmp string) (Manifest, error) {
	m, err := readBackup(ctx, r, func(name string, body io.Reader) error {
		return writeSynced(filepath.Join(tmp, filepath.FromSlash(name)), body)
	})
	if err != nil {
		return m, err
	}
	for _, d := range []string{filepath.Join(tmp, storeDir), tmp} {
		if err := syncDir(d); err != nil {
			return m, err
		}
	}
	n, err := CountOnDisk(tmp)
	if err != nil {
		return m, fmt.Errorf("the restored index does not open: %w", err)
	}
	if n != m.Documents {
		return m, fmt.Errorf("the restored index holds %d articles, and its manifest says %d", n, m.Documents)
	}
	return m, nil
}

// install renames the restored index tmp to dir, which must still be
// missing or an empty directory: Go's os.Rename never replaces a
// directory, so anything that appeared at dir meanwhile is left alone.
func install(tmp, dir string) error {
	if err := os.Remove(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err // not empty any more
	}
	if err := os.Rename(tmp, dir); err != nil {
		return err
	}
	return syncDir(filepath.Dir(dir))
}

// writeSynced writes body to a new file at p and syncs it to disk.
func writeSynced(p string, body io.Reader) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, body)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir syncs a directory, so that the names in it are on disk.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// maxManifest bounds the manifest read from a backup.
const maxManifest = 1 << 20

// readBackup reads the backup r (tar, or gzipped tar), handing each index
// file to file with its name (relative to the index directory) and
// contents, and checks it against the manifest: only the files of an
// index, each as large as the manifest says and with its hash, and all of
// them.
func readBackup(ctx context.Context, r io.Reader, file func(name string, body io.Reader) error) (Manifest, error) {
	br := bufio.NewReader(r)
	var src io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return Manifest{}, fmt.Errorf("backup: %w", err)
		}
		defer gz.Close()
		src = gz
	}
	tr := tar.NewReader(ctxReader{ctx, src})
	notBackup := errors.New("not a backup of xinwen's: it does not begin with " + manifestName)
	hdr, err := tr.Next()
	if err != nil || hdr.Name != manifestName || hdr.Size > maxManifest {
		return Manifest{}, notBackup
	}
	var m Manifest
	if err := json.NewDecoder(io.LimitReader(tr, maxManifest)).Decode(&m); err != nil {
		return Manifest{}, fmt.Errorf("backup: %s: %w", manifestName, err)
	}
	if m.Format != backupFormat {
		return m, fmt.Errorf("backup: its format is %d, and this xinwen reads format %d: restore it with the xinwen that made it (%s)", m.Format, backupFormat, m.Xinwen)
	}
	want := map[string]BackupFile{}
	for _, f := range m.Files {
		if !indexFile(f.Name) || want[f.Name].Name != "" {
			return m, fmt.Errorf("backup: its manifest lists %q, which is not a file of an index", f.Name)
		}
		want[f.Name] = f
	}
	for _, required := range []string{metaFile, path.Join(storeDir, rootFile)} {
		if want[required].Name == "" {
			return m, fmt.Errorf("backup: its manifest lacks %s", required)
		}
	}
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return m, fmt.Errorf("backup: cut short or damaged after %d of its %d files: %w", len(m.Files)-len(want), len(m.Files), err)
		}
		name, ok := strings.CutPrefix(hdr.Name, backupRoot+"/")
		f, listed := want[name]
		if !ok || !listed {
			return m, fmt.Errorf("backup: it holds %q, which its manifest does not list", hdr.Name)
		}
		if hdr.Typeflag != tar.TypeReg || hdr.Size != f.Size {
			return m, fmt.Errorf("backup: %s is not the file of %d bytes its manifest lists", hdr.Name, f.Size)
		}
		h := sha256.New()
		if err := file(name, io.TeeReader(tr, h)); errors.Is(err, io.ErrUnexpectedEOF) {
			return m, fmt.Errorf("backup: cut short in %s", hdr.Name)
		} else if err != nil {
			return m, fmt.Errorf("backup: %s: %w", hdr.Name, err)
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != f.SHA256 {
			return m, fmt.Errorf("backup: %s is damaged: its SHA-256 is %s, and its manifest says %s", hdr.Name, got, f.SHA256)
		}
		delete(want, name)
	}
	if len(want) > 0 {
		missing := make([]string, 0, len(want))
		for name := range want {
			missing = append(missing, name)
		}
		return m, fmt.Errorf("backup: cut short: it lacks %s", listNames(missing))
	}
	return m, nil
}

// indexFile reports whether name (relative to an index directory, with
// slashes) is one of the files bleve writes there.
func indexFile(name string) bool {
	dir, base := path.Split(name)
	switch dir {
	case "":
		return base == metaFile
	case storeDir + "/":
		return base == rootFile || segmentFile.MatchString(base)
	}
	return false
}
