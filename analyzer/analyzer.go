// Package analyzer turns mixed Chinese and English text into search terms.
//
// It is a bleve analyzer built on gse, the Go port of jieba's dictionary
// segmenter. Chinese runs are cut into dictionary words; everything else is cut
// into words of letters and digits, lower-cased, stripped of English stop words
// and stemmed. Full-width forms fold to half-width (NFKC), so ＧＤＰ and GDP are
// one term.
//
// Two analyzers are registered with bleve by name:
//
//   - Name ("xinwen") is for index time. Besides gse's words it emits the
//     dictionary sub-words of long words (gse's search mode), so that 农业 finds
//     中国农业发展银行.
//   - QueryName ("xinwen_query") is for query time: only the precise
//     segmentation, so a query is not a soup of fragments.
//
// Positions count characters for Chinese and words for everything else: a
// Chinese word at position p that is n characters long is followed by the next
// token at p+n, and each sub-word sits at p plus its character offset inside the
// word. Index and query agree on this, so a phrase query built from the query
// analyzer's tokens (bleve fills the gaps of a multi-character word with
// wildcards) matches exactly where its words are contiguous in the text, however
// the index-time lattice cut them.
//
// Every token's Start and End are byte offsets of its own text in the input,
// so highlights wrap exactly the matched characters.
package analyzer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/go-ego/gse"
	"golang.org/x/text/unicode/norm"
)

const (
	// Name is the index-time analyzer: words plus the sub-words of long words.
	Name = "xinwen"
	// QueryName is the query-time analyzer: the precise segmentation only.
	QueryName = "xinwen_query"
)

// Analyzer is a bleve analysis.Analyzer for mixed Chinese and English text.
type Analyzer struct {
	seg      *gse.Segmenter
	stop     analysis.TokenMap
	subwords bool
}

// New returns an analyzer over the shared dictionary. With subwords set it
// emits the sub-words of long Chinese words as well (index time).
func New(subwords bool) (*Analyzer, error) {
	seg, err := Segmenter()
	if err != nil {
		return nil, err
	}
	return &Analyzer{seg: seg, stop: englishStopWords(), subwords: subwords}, nil
}

// Analyze cuts input into tokens. It never modifies input.
func (a *Analyzer) Analyze(input []byte) analysis.TokenStream {
	var (
		out analysis.TokenStream
		pos = 1
	)
	for i := 0; i < len(input); {
		r, size := utf8.DecodeRune(input[i:])
		switch class(fold(r)) {
		case han:
			j := i + size
			for j < len(input) {
				r, n := utf8.DecodeRune(input[j:])
				if class(fold(r)) != han {
					break
				}
				j += n
			}
			out = a.chinese(out, input, i, j, pos)
			pos += utf8.RuneCount(input[i:j])
			i = j
		case word:
			j := scanWord(input, i)
			if tok := a.latin(input, i, j, pos); tok != nil {
				out = append(out, tok)
			}
			// A stop word keeps its position, so phrases keep their gaps.
			pos++
			i = j
		default:
			i += size
		}
	}
	return out
}

// chinese appends the tokens of the Chinese run input[start:end], whose
// first character is at position pos.
func (a *Analyzer) chinese(out analysis.TokenStream, input []byte, start, end, pos int) analysis.TokenStream {
	run := input[start:end]
	p := pos
	for _, s := range a.seg.Segment(run) {
		out = append(out, hanToken(input, start+s.Start(), start+s.End(), p))
		if a.subwords {
			out = appendSubwords(out, input, start+s.Start(), p, s.Token())
		}
		p += utf8.RuneCount(run[s.Start():s.End()])
	}
	return out
}

// appendSubwords appends, depth first, the sub-words of at least two
// characters inside a dictionary word that starts at byte start and
// position pos. gse gives sub-word offsets relative to their parent.
func appendSubwords(out analysis.TokenStream, input []byte, start, pos int, tok *gse.Token) analysis.TokenStream {
	for _, sub := range tok.Segments() {
		s, e := start+sub.Start(), start+sub.End()
		p := pos + utf8.RuneCount(input[start:s])
		if utf8.RuneCount(input[s:e]) < 2 {
			continue
		}
		out = append(out, hanToken(input, s, e, p))
		out = appendSubwords(out, input, s, p, sub.Token())
	}
	return out
}

func hanToken(input []byte, start, end, pos int) *analysis.Token {
	return &analysis.Token{
		Term:     []byte(norm.NFKC.String(string(input[start:end]))),
		Start:    start,
		End:      end,
		Position: pos,
		Type:     analysis.Ideographic,
	}
}

// latin returns the token for the word input[start:end], or nil for an
// English stop word.
func (a *Analyzer) latin(input []byte, start, end, pos int) *analysis.Token {
	term := strings.ToLower(norm.NFKC.String(string(input[start:end])))
	if strings.IndexFunc(term, unicode.IsSpace) >= 0 {
		// A few compatibility letters decompose to a space and a mark (ͺ).
		term = strings.Join(strings.Fields(term), "")
	}
	term = strings.ReplaceAll(term, "’", "'")
	term = strings.TrimSuffix(term, "'s")
	if _, stop := a.stop[term]; stop || term == "" {
		return nil
	}
	if isLetters(term) {
		env := snowballstem.NewEnv(term)
		english.Stem(env)
		term = env.Current()
	}
	return &analysis.Token{
		Term:     []byte(term),
		Start:    start,
		End:      end,
		Position: pos,
		Type:     analysis.AlphaNumeric,
	}
}

// scanWord returns the end of the word that starts at i: letters, digits and
// combining marks, with an apostrophe between letters (Jinping's) and a point
// or comma between digits (76.7, 1,750) kept inside.
func scanWord(input []byte, i int) int {
	var prev rune
	for i < len(input) {
		r, size := utf8.DecodeRune(input[i:])
		f := fold(r)
		if class(f) == word {
			prev = f
			i += size
			continue
		}
		if i+size < len(input) {
			next, _ := utf8.DecodeRune(input[i+size:])
			next = fold(next)
			switch {
			case (f == '\'' || f == '’') && unicode.IsLetter(prev) && unicode.IsLetter(next) && class(next) == word:
				i += size
				continue
			case (f == '.' || f == ',') && unicode.IsDigit(prev) && unicode.IsDigit(next):
				i += size
				continue
			}
		}
		break
	}
	return i
}

type charClass int

const (
	other charClass = iota
	han
	word
)

func class(r rune) charClass {
	switch {
	case unicode.Is(unicode.Han, r):
		return han
	case unicode.IsLetter(r), unicode.IsDigit(r), unicode.Is(unicode.Mn, r):
		return word
	}
	return other
}

// fold maps full-width ASCII forms and the ideographic space to their
// half-width equivalents, so that classification sees ＧＤＰ as letters.
func fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000:
		return ' '
	}
	return r
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

func englishStopWords() analysis.TokenMap {
	m := analysis.NewTokenMap()
	// The list ships with bleve; LoadBytes only fails on a reader error.
	_ = m.LoadBytes(en.EnglishStopWords)
	return m
}

func init() {
	for name, subwords := range map[string]bool{Name: true, QueryName: false} {
		subwords := subwords
		err := registry.RegisterAnalyzer(name, func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return New(subwords)
		})
		if err != nil {
			panic(err)
		}
	}
}
