package index

import (
	"context"
	"fmt"
)

// buildSuffix names the directory beside an index's where Build and
// Rebuild make the new index before it takes the old one's place.
const buildSuffix = ".building"

// Build makes a new index for dir from the articles of src, through a
// Pipeline (its first unreadable or unfit record fails the build), and
// puts it in dir's place once it is complete (see Install: dir must be
// missing, empty, or an index alone in its directory, which is then
// removed). It builds in dir + ".building", so that an interrupted build
// leaves no half index at dir; what an earlier build left there is
// removed first, only if it is all bleve's (Discard). A failed build
// removes its own and leaves dir as it was. opts are Create's. It returns
// what the pipeline did.
func Build(ctx context.Context, dir, origin string, src Source, opts ...Option) (Counts, error) {
	var st Counts
	err := build(ctx, dir, origin, opts, func(ix *Index) error {
		w := ix.NewWriter(DefaultBatchSize)
		p := Pipeline{Sink: w}
		var err error
		if st, err = p.Run(ctx, src); err != nil {
			return err
		}
		_, err = w.Finish(ctx)
		return err
	})
	return st, err
}

// build creates an index beside dir, has fill fill it, and installs it in
// dir's place; on any error, or when ctx is done, it removes the new index
// and leaves dir as it was.
func build(ctx context.Context, dir, origin string, opts []Option, fill func(*Index) error) error {
	tmp := dir + buildSuffix
	if err := Discard(tmp); err != nil {
		return fmt.Errorf("index: build %s: %w", dir, err)
	}
	ix, err := Create(tmp, origin, opts...)
	if err != nil {
		return err
	}
	err = fill(ix)
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = Install(tmp, dir)
	}
	if err != nil {
		Discard(tmp)
		return err
	}
	return nil
}
