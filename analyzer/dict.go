package analyzer

import (
	"fmt"
	"sync"

	"github.com/go-ego/gse"
)

var (
	segOnce sync.Once
	seg     gse.Segmenter
	segErr  error
)

// Segmenter returns the process-wide gse segmenter, loading gse's embedded
// simplified-Chinese dictionary on first use. Loading takes a second or two,
// so it happens once per process; the segmenter is safe for concurrent use
// because segmentation only reads the dictionary.
func Segmenter() (*gse.Segmenter, error) {
	segOnce.Do(func() {
		seg.SkipLog = true
		if err := seg.LoadDictEmbed("zh_s"); err != nil {
			segErr = fmt.Errorf("analyzer: load gse dictionary: %w", err)
		}
	})
	return &seg, segErr
}
