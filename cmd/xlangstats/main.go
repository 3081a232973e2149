// Command xlangstats measures the CCTV corpus for the data of searching
// across languages (issue 14). It reads ../shared/corpus/zh-news.jsonl.gz
// (research only: it prints terms, names and counts, never text) and writes
// its reports under /tmp.
//
//	go run ./cmd/xlangstats -glossary    # the curated glossary's Chinese forms in the corpus
//	go run ./cmd/xlangstats -names       # the most frequent person names, with their signals
//
// -glossary counts the articles that contain each Chinese form of
// analyzer/glossary/curated/*.txt (as a substring, in the title or body)
// and lists those in none: the curated files promise that every form
// occurs.
//
// -names finds the person names of the news by the signals that tell them
// (issue 14): a title or role right before the name (国家主席习近平,
// 省委书记胡昌升) or right after it (李克强总理, 习近平同志), the name in a
// list of officials separated by 、, and gse's dictionary tagging it as a
// person's name (nr, nrfg, nrt). A candidate is two or three characters
// that package person splits into a surname and a given name; it is kept
// when gse's dictionary has no other word of that form and it has -min
// titles around it (or as many lists and a title); gse's tag alone is no
// evidence: it tags 文明 and 张家口 as names. It writes the -top most
// frequent, by the articles that contain them, with their English, as TSV
// to -out.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/xinwen/xinwen/analyzer/glossary"
	"github.com/xinwen/xinwen/analyzer/person"
	"github.com/xinwen/xinwen/seeds"
)

func main() {
	doGlossary := flag.Bool("glossary", false, "count the curated glossary's Chinese forms in the corpus")
	doNames := flag.Bool("names", false, "list the most frequent person names and their signals")
	corpus := flag.String("corpus", "", "the corpus (default: zh-news.jsonl.gz of the shared corpus)")
	out := flag.String("out", "/tmp/xinwen-names.tsv", "where -names writes its list")
	top := flag.Int("top", 300, "how many names -names lists")
	minSignals := flag.Int("min", 3, "the least title and list signals of a name")
	flag.Parse()
	if !*doGlossary && !*doNames {
		log.Fatal("xlangstats: say -glossary, -names or both")
	}
	if *corpus == "" {
		p, err := seeds.Corpus("zh-news.jsonl.gz")
		if err != nil {
			log.Fatal(err)
		}
		*corpus = p
	}
	docs, err := readCorpus(*corpus)
	if err != nil {
		log.Fatal(err)
	}
	if *doGlossary {
		if err := glossaryReport(docs, os.Stdout); err != nil {
			log.Fatal(err)
		}
	}
	if *doNames {
		if err := namesReport(docs, *out, *top, *minSignals, os.Stdout); err != nil {
			log.Fatal(err)
		}
	}
}

// readCorpus returns the title and body of every article, joined by a
// newline.
func readCorpus(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var docs []string
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		var d struct{ Title, Body string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		docs = append(docs, d.Title+"\n"+d.Body)
	}
	return docs, sc.Err()
}

// repoDir is the module's root, where analyzer/glossary/curated is.
func repoDir() (string, error) {
	b, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		return "", fmt.Errorf("go list -m: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

func glossaryReport(docs []string, w io.Writer) error {
	dir, err := repoDir()
	if err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(dir, "analyzer", "glossary", "curated", "*.txt"))
	if err != nil {
		return err
	}
	var forms []string
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		entries, err := glossary.ParseEntries(f, filepath.Base(name))
		f.Close()
		if err != nil {
			return err
		}
		for _, e := range entries {
			forms = append(forms, e.Chinese...)
		}
	}
	df := make([]int, len(forms))
	for _, d := range docs {
		for i, f := range forms {
			if strings.Contains(d, f) {
				df[i]++
			}
		}
	}
	var none []string
	covered := map[int]bool{}
	for i, f := range forms {
		if df[i] == 0 {
			none = append(none, f)
		}
	}
	for j, d := range docs {
		for i, f := range forms {
			if df[i] > 0 && strings.Contains(d, f) {
				covered[j] = true
				break
			}
		}
	}
	fmt.Fprintf(w, "curated Chinese forms: %d, in no article: %d %v\n", len(forms), len(none), none)
	fmt.Fprintf(w, "articles with at least one curated form: %d of %d\n", len(covered), len(docs))
	return nil
}

// titles are the titles and roles that stand right before or after a
// name in the news.
var titles = strings.Fields(`总书记 国家主席 主席 副主席 总理 副总理 委员长 副委员长 书记 副书记
	省长 副省长 代省长 市长 副市长 县长 部长 副部长 同志 主任 副主任 秘书长 国务委员 常委
	院长 局长 厅长 董事长 总经理 大使 发言人 司令员 政委 检察长 代表 委员 先生 女士 教授 院士`)

// boundary are the characters and words that may follow a name: 习近平指出,
// 习近平在…, 习近平、李强.
var boundary = []string{
	"，", "。", "、", "；", "：", "！", "？", "“", "”", "（", "）", "\n", " ",
	"在", "指出", "强调", "表示", "出席", "会见", "会谈", "主持", "同志", "的", "和", "与", "说",
	"等", "参加", "讲话", "致", "向", "对", "到", "率", "一行", "及", "以", "分别", "也", "还",
	"就", "为", "是", "作", "发表", "签署", "宣布", "考察", "调研", "来到", "视察",
}

type nameStats struct {
	before, after, list int
	titles              map[string]int
	docs                int
}

func namesReport(docs []string, out string, top, minSignals int, w io.Writer) error {
	tags, err := gseTags()
	if err != nil {
		return err
	}
	stats := map[string]*nameStats{}
	get := func(n string) *nameStats {
		s := stats[n]
		if s == nil {
			s = &nameStats{titles: map[string]int{}}
			stats[n] = s
		}
		return s
	}
	for _, d := range docs {
		for _, t := range titles {
			for off := 0; ; {
				i := strings.Index(d[off:], t)
				if i < 0 {
					break
				}
				i += off
				off = i + len(t)
				// The title before the name: the longest candidate that
				// a boundary follows.
				for _, n := range []int{3, 2} {
					if c, ok := runesAt(d, off, n); ok && followedByBoundary(d, off+len(c)) {
						if _, _, ok := person.Split(c); ok {
							s := get(c)
							s.before++
							s.titles[t]++
							break
						}
					}
				}
				// The title after the name.
				for _, n := range []int{3, 2} {
					if c, ok := runesBefore(d, i, n); ok && precededByBoundary(d, i-len(c)) {
						if _, _, ok := person.Split(c); ok {
							s := get(c)
							s.after++
							s.titles[t]++
							break
						}
					}
				}
			}
		}
		// Lists of names: the middle items of a clause cut by 、.
		for _, clause := range strings.FieldsFunc(d, isClauseEnd) {
			items := strings.Split(clause, "、")
			if len(items) < 3 {
				continue
			}
			for _, it := range items[1 : len(items)-1] {
				if n := utf8.RuneCountInString(it); n >= 2 && n <= 3 {
					if _, _, ok := person.Split(it); ok {
						get(it).list++
					}
				}
			}
		}
	}
	var names []string
	for n, s := range stats {
		if isName(n, s, tags, minSignals) {
			names = append(names, n)
		}
	}
	// The articles that name each candidate.
	for _, d := range docs {
		seen := map[string]bool{}
		for i, r := range d {
			if r < 0x3400 {
				continue
			}
			for _, n := range []int{2, 3} {
				if c, ok := runesAt(d, i, n); ok && !seen[c] {
					if s := stats[c]; s != nil {
						seen[c] = true
						s.docs++
					}
				}
			}
		}
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := stats[names[i]], stats[names[j]]
		if a.docs != b.docs {
			return a.docs > b.docs
		}
		return names[i] < names[j]
	})
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	fmt.Fprintln(bw, "rank\tname\tenglish\tarticles\ttitle_before\ttitle_after\tin_lists\tgse_tag\ttop_titles")
	for i, n := range names {
		if i == top {
			break
		}
		s := stats[n]
		en, _ := person.Romanize(n)
		fmt.Fprintf(bw, "%d\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n", i+1, n, en.English, s.docs, s.before, s.after, s.list, tags[n], topTitles(s.titles, 3))
	}
	err = bw.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	tagged := 0
	for _, n := range names[:min(top, len(names))] {
		if strings.HasPrefix(tags[n], "nr") {
			tagged++
		}
	}
	fmt.Fprintf(w, "candidates with a signal: %d; kept: %d; of the top %d, %d are tagged a name by gse, the others are not in its dictionary; written to %s\n",
		len(stats), len(names), min(top, len(names)), tagged, out)
	return nil
}

func isClauseEnd(r rune) bool {
	return strings.ContainsRune("，。；：！？“”（）\n", r)
}

// runesAt returns the n runes of s at byte offset i.
func runesAt(s string, i, n int) (string, bool) {
	j := i
	for k := 0; k < n; k++ {
		if j >= len(s) {
			return "", false
		}
		_, size := utf8.DecodeRuneInString(s[j:])
		j += size
	}
	return s[i:j], true
}

// runesBefore returns the n runes of s that end at byte offset i.
func runesBefore(s string, i, n int) (string, bool) {
	j := i
	for k := 0; k < n; k++ {
		if j <= 0 {
			return "", false
		}
		_, size := utf8.DecodeLastRuneInString(s[:j])
		j -= size
	}
	return s[j:i], true
}

func followedByBoundary(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	for _, b := range boundary {
		if strings.HasPrefix(s[i:], b) {
			return true
		}
	}
	return false
}

func precededByBoundary(s string, i int) bool {
	if i <= 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isClauseEnd(r) || r == '、' || r == ' '
}

func topTitles(m map[string]int, n int) string {
	type kv struct {
		k string
		v int
	}
	var all []kv
	for k, v := range m {
		all = append(all, kv{k, v})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].v != all[j].v {
			return all[i].v > all[j].v
		}
		return all[i].k < all[j].k
	})
	var out []string
	for i, x := range all {
		if i == n {
			break
		}
		out = append(out, fmt.Sprintf("%s:%d", x.k, x.v))
	}
	return strings.Join(out, " ")
}

// isName keeps a candidate that is no other word of gse's dictionary (a
// word there must be tagged a name: nr, nrfg, nrt) and has at least
// minSignals titles around it, or as many list signals and one title. gse's
// tag alone is no evidence: it tags 文明 and 张家口 as names.
func isName(n string, s *nameStats, tags map[string]string, minSignals int) bool {
	if t, ok := tags[n]; ok && !strings.HasPrefix(t, "nr") {
		return false
	}
	title := s.before + s.after
	return title >= minSignals || title >= 1 && s.list >= minSignals
}

// gseTags returns the words of gse's dictionary with their tags.
func gseTags() (map[string]string, error) {
	b, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/go-ego/gse").Output()
	if err != nil {
		return nil, fmt.Errorf("go list gse: %w", err)
	}
	path := filepath.Join(strings.TrimSpace(string(b)), "data", "dict", "zh", "s_1.txt")
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) == 3 {
			if _, dup := m[fs[0]]; !dup {
				m[fs[0]] = fs[2]
			}
		}
	}
	return m, sc.Err()
}
