package story

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xinwen/xinwen/index/internal/corpustest"
	"github.com/xinwen/xinwen/seeds"
)

// This file builds the evaluation's set of pairs from the shared corpus:
// reprints of real articles (same story) and pairs of real articles that
// look alike but are not (not the same story).

// readCorpus returns the articles of a file of the shared corpus, or skips
// the test without it.
func readCorpus(tb testing.TB, name string) []article {
	tb.Helper()
	var out []article
	corpustest.Each(tb, corpustest.File(tb, name), nil, func(line int, raw []byte) bool {
		var rec struct{ ID, Title, Body, Date, Lang string }
		if err := json.Unmarshal(raw, &rec); err != nil {
			tb.Fatalf("%s:%d: %v", name, line, err)
		}
		out = append(out, article{id: rec.ID, title: rec.Title, body: rec.Body, date: rec.Date, lang: rec.Lang})
		return true
	})
	return out
}

// englishHeadlines returns the team's English headlines for CCTV stories
// (labels/xlang_dev.tsv, beside shared/), by article id, or skips the test
// without them.
func englishHeadlines(tb testing.TB) map[string]string {
	tb.Helper()
	corpus, err := seeds.Corpus("zh-news.jsonl.gz")
	if err != nil {
		tb.Skip(err)
	}
	path := filepath.Join(filepath.Dir(filepath.Dir(filepath.Dir(corpus))), "labels", "xlang_dev.tsv")
	if p := os.Getenv("XINWEN_LABELS"); p != "" {
		path = filepath.Join(p, "xlang_dev.tsv")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Skipf("no English headlines (set XINWEN_LABELS to the folder of xlang_dev.tsv): %v", err)
	}
	out := map[string]string{}
	for n, l := range strings.Split(string(raw), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) < 2 {
			tb.Fatalf("%s:%d: %d columns, want 4", path, n+1, len(f))
		}
		out[f[0]] = f[1]
	}
	return out
}

// pair is one case of the evaluation.
type pair struct {
	a, b article
	same bool
	kind string // how b was made from a, or why they look alike
	half int    // 0: tuning, 1: report
}

// halfOf puts a case in the tuning half or the report half by a hash of
// its key and the seed.
func halfOf(key string, seed int64) int {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%s", seed, key)
	return int(mix(h.Sum64()) % 2)
}

// bundles are CCTV's daily round-ups of short items under one title.
var bundles = map[string]bool{"国内联播快讯": true, "国际联播快讯": true, "联播快讯": true}

// buildSet makes the evaluation's pairs from the CCTV articles zh, the
// English articles en and the English headlines of some CCTV stories.
func buildSet(zh, en []article, headlines map[string]string, seed int64) []pair {
	r := rand.New(rand.NewSource(seed))
	var out []pair
	seen := map[string]bool{}
	add := func(a, b article, same bool, kind string) {
		x, y := a.id, b.id
		if x > y {
			x, y = y, x
		}
		key := x + "|" + y
		if seen[key] {
			return
		}
		seen[key] = true
		out = append(out, pair{a: a, b: b, same: same, kind: kind, half: halfOf(key, seed)})
	}
	reprints(zh, en, headlines, r, add)
	meetings(zh, add)
	templates(zh, en, r, add)
	samePortal(zh, en, r, add)
	digests(zh, en, r, add)
	series(zh, add)
	deathAndFuneral(zh, add)
	lookAlikes(zh, add)
	return out
}

// reprints adds pairs of an article and a reprint of it, or two reprints
// of it by two portals.
func reprints(zh, en []article, headlines map[string]string, r *rand.Rand, add func(a, b article, same bool, kind string)) {
	eligible := func(as []article) []article {
		var out []article
		for _, a := range as {
			if !bundles[a.title] && len(units(nil, a.body)) >= 20 {
				out = append(out, a)
			}
		}
		return out
	}
	zhs, ens := eligible(zh), eligible(en)
	kinds := []string{
		"header and footer", "paragraph dropped", "paragraphs reordered", "new headline", "traditional script",
		"header, footer, new headline, paragraph dropped or moved", "traditional, header, footer, new headline",
		"two portals",
	}
	make1 := func(a article, kind string, others []article) (article, bool) {
		p := newPortal(a.lang, r)
		b := a
		b.id = a.id + "/reprint"
		ok := true
		switch kind {
		case "header and footer":
			b = p.wrap(b, r, others)
		case "paragraph dropped":
			b, ok = dropParagraph(b, r)
		case "paragraphs reordered":
			b, ok = reorder(b, r)
		case "new headline":
			b = newHeadline(b, r)
		case "traditional script":
			b.title, b.body = traditional(b.title), traditional(b.body)
		case "header, footer, new headline, paragraph dropped or moved":
			if r.Intn(2) == 0 {
				b, ok = dropParagraph(b, r)
			} else {
				b, ok = reorder(b, r)
			}
			b = p.wrap(newHeadline(b, r), r, others)
		case "traditional, header, footer, new headline":
			b = p.wrap(newHeadline(b, r), r, others)
			b.title, b.body = traditional(b.title), traditional(b.body)
		}
		return b, ok
	}
	for _, set := range []struct {
		as []article
		n  int
	}{{zhs, 1400}, {ens, 600}} {
		perm := r.Perm(len(set.as))
		made := 0
		for _, i := range perm {
			if made == set.n {
				break
			}
			a := set.as[i]
			kind := kinds[r.Intn(len(kinds))]
			if set.as[0].lang == "en" && strings.Contains(kind, "traditional") {
				kind = "header, footer, new headline, paragraph dropped or moved"
			}
			if kind == "two portals" {
				b1, _ := make1(a, "header and footer", set.as)
				b2, _ := make1(a, "header, footer, new headline, paragraph dropped or moved", set.as)
				b2.id += "2"
				b1.date, b2.date = later(a.date, r), later(a.date, r)
				add(b1, b2, true, kind)
				made++
				continue
			}
			b, ok := make1(a, kind, set.as)
			if !ok {
				continue
			}
			b.date = later(a.date, r)
			add(a, b, true, kind)
			made++
		}
	}
	// The translated headlines: the same Chinese body under an English
	// headline, alone and with a portal's header and footer.
	byID := map[string]article{}
	for _, a := range zh {
		byID[a.id] = a
	}
	ids := make([]string, 0, len(headlines))
	for id := range headlines {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		a, ok := byID[id]
		if !ok {
			continue
		}
		b := a
		b.id += "/en"
		b.title = headlines[id]
		b.date = later(a.date, r)
		if r.Intn(2) == 0 {
			add(a, b, true, "translated headline")
		} else {
			add(a, newPortal("zh", r).wrap(b, r, zhs), true, "translated headline, header, footer")
		}
	}
}

// leaders are the people whose meetings CCTV reports under one template:
// "X会见Y" (X meets Y).
var meetTitle = regexp.MustCompile(`^(习近平|李克强|胡锦涛|温家宝|李强|张德江|栗战书|赵乐际|汪洋|俞正声|王沪宁|韩正|丁薛祥|王岐山|刘云山|贾庆林|吴邦国)(分别)?会见(.+)$`)

// meetings adds pairs of meetings of one leader: with different guests,
// the other meeting most alike in the words of its body, and with the
// same guest (the same title) at least 30 days apart, the nearest in time.
func meetings(zh []article, add func(a, b article, same bool, kind string)) {
	byLeader := map[string][]article{}
	for _, a := range zh {
		if m := meetTitle.FindStringSubmatch(a.title); m != nil {
			byLeader[m[1]] = append(byLeader[m[1]], a)
		}
	}
	leaders := make([]string, 0, len(byLeader))
	for l := range byLeader {
		leaders = append(leaders, l)
	}
	sort.Strings(leaders)
	for _, l := range leaders {
		ms := byLeader[l] // in date order, as the corpus is
		sets := make([]map[uint64]bool, len(ms))
		for i, a := range ms {
			sets[i] = shingleSet(a.body, 4)
		}
		for i, a := range ms {
			best, bestJ := -1, 0.0
			for j := max(0, i-150); j < min(len(ms), i+150); j++ {
				if ms[j].title == a.title || j == i {
					continue
				}
				if jac := exactJaccard(sets[i], sets[j]); jac > bestJ {
					best, bestJ = j, jac
				}
			}
			if best >= 0 {
				add(a, ms[best], false, "one leader, another guest")
			}
			for j := i + 1; j < len(ms); j++ {
				if ms[j].title == a.title && daysApart(a.date, ms[j].date) >= 30 {
					add(a, ms[j], false, "one leader, the same guest another time")
					break
				}
			}
		}
	}
}

// templates adds pairs of articles whose titles are the same but for
// their numbers (a daily or weekly report), on different days: each with
// the next one of its kind.
func templates(zh, en []article, r *rand.Rand, add func(a, b article, same bool, kind string)) {
	digits := regexp.MustCompile(`[0-9０-９一二三四五六七八九十〇零百千万亿.]+`)
	ticker := regexp.MustCompile(`<[^>]*>`)
	for _, set := range []struct {
		as   []article
		kind string
	}{{zh, "a report of the same kind another day"}, {en, "a report of the same kind, another company or day"}} {
		groups := map[string][]article{}
		for _, a := range set.as {
			if bundles[a.title] || meetTitle.MatchString(a.title) {
				continue
			}
			k := digits.ReplaceAllString(ticker.ReplaceAllString(a.title, "<>"), "#")
			if a.lang == "en" {
				// The company is not the template: "XYZ CORP <XYZ> 4TH QTR NET".
				if i := strings.Index(k, "<>"); i >= 0 {
					k = k[i:]
				}
			}
			groups[k] = append(groups[k], a)
		}
		keys := make([]string, 0, len(groups))
		for k, g := range groups {
			if len(g) >= 3 {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			g := groups[k]
			for i := 0; i+1 < len(g); i++ {
				a, b := g[i], g[i+1]
				if a.date == b.date && a.lang == "zh" || a.title == b.title && a.date == b.date {
					continue
				}
				add(a, b, false, set.kind)
			}
		}
	}
	// Each day's round-ups, against the next day's.
	var last map[string]article = map[string]article{}
	for _, a := range zh {
		if !bundles[a.title] {
			continue
		}
		if p, ok := last[a.title]; ok && p.date != a.date && r.Intn(10) == 0 {
			add(p, a, false, "the round-up of another day")
		}
		last[a.title] = a
	}
}

// samePortal adds pairs of two different articles of one day reprinted by
// one portal: the same header and footer around different stories.
func samePortal(zh, en []article, r *rand.Rand, add func(a, b article, same bool, kind string)) {
	for _, set := range []struct {
		as []article
		n  int
	}{{zh, 400}, {en, 200}} {
		for made := 0; made < set.n; {
			i := r.Intn(len(set.as) - 1)
			a, b := set.as[i], set.as[i+1]
			if bundles[a.title] || bundles[b.title] || a.title == b.title {
				continue
			}
			p := newPortal(a.lang, r)
			// One template: the same random choices for both.
			seed := r.Int63()
			wa := p.wrap(a, rand.New(rand.NewSource(seed)), set.as)
			wb := p.wrap(b, rand.New(rand.NewSource(seed)), set.as)
			add(wa, wb, false, "two stories of one portal")
			made++
		}
	}
}

// shingleSet returns the set of shingles of n units of s.
func shingleSet(s string, n int) map[uint64]bool {
	us := units(nil, s)
	out := map[uint64]bool{}
	for i := 0; i+n <= len(us); i++ {
		h := uint64(0)
		for _, u := range us[i : i+n] {
			h = mix(h ^ u.h)
		}
		out[h] = true
	}
	return out
}

func exactJaccard(a, b map[uint64]bool) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	inter := 0
	for h := range a {
		if b[h] {
			inter++
		}
	}
	if u := len(a) + len(b) - inter; u > 0 {
		return float64(inter) / float64(u)
	}
	return 0
}

// later returns a date 0 to 3 days after date, when a reprint appears.
func later(date string, r *rand.Rand) string {
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return date
	}
	return t.AddDate(0, 0, r.Intn(4)).Format("2006-01-02")
}

// daysApart is the number of days between two dates YYYY-MM-DD, or a
// large number when one is missing.
func daysApart(a, b string) int {
	ta, err1 := time.Parse("2006-01-02", a)
	tb, err2 := time.Parse("2006-01-02", b)
	if err1 != nil || err2 != nil {
		return 1 << 20
	}
	d := int(tb.Sub(ta).Hours() / 24)
	if d < 0 {
		d = -d
	}
	return d
}

// digests adds pairs of a story and a digest that holds it with three
// other stories of the day, as portals make them: not the same story.
func digests(zh, en []article, r *rand.Rand, add func(a, b article, same bool, kind string)) {
	for _, set := range []struct {
		as []article
		n  int
	}{{zh, 300}, {en, 150}} {
		for made := 0; made < set.n; {
			i := r.Intn(len(set.as) - 4)
			parts := set.as[i : i+4]
			a := parts[r.Intn(4)]
			ok := true
			for _, p := range parts {
				ok = ok && !bundles[p.title] && len(units(nil, p.body)) >= 20
			}
			if !ok {
				continue
			}
			d := article{id: a.id + "/digest", date: a.date, lang: a.lang, title: "Digest " + a.date}
			if a.lang == "zh" {
				d.title = a.date + " 要闻汇总"
			}
			var b strings.Builder
			for _, p := range parts {
				b.WriteString(p.title + "\n" + p.body + "\n")
			}
			d.body = b.String()
			add(a, d, false, "a digest that holds the story and three others")
			made++
		}
	}
}

// series adds pairs of articles of one series whose titles differ in what
// they announce: "人民日报评论员文章：X", "国务院印发《X》", "【央视快评】X",
// each with the next of its series whose body is alike (a resemblance of
// shingles from 0.3 to 0.98: the same template; above that it could be
// the same item aired again).
func series(zh []article, add func(a, b article, same bool, kind string)) {
	quoted := regexp.MustCompile(`《[^》]*》`)
	key := func(title string) string {
		k := quoted.ReplaceAllString(title, "《*》")
		if i := strings.IndexAny(k, "：】"); i >= 0 {
			_, n := utf8.DecodeRuneInString(k[i:])
			k = k[:i+n] + "*"
		}
		return k
	}
	groups := map[string][]article{}
	for _, a := range zh {
		if k := key(a.title); strings.Contains(k, "*") && !bundles[a.title] {
			groups[k] = append(groups[k], a)
		}
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		g := groups[k]
		for i := 0; i+1 < len(g); i++ {
			a, b := g[i], g[i+1]
			if a.title == b.title {
				continue
			}
			if j := exactJaccard(shingleSet(a.body, 4), shingleSet(b.body, 4)); j >= 0.3 && j <= 0.98 {
				add(a, b, false, "a series: the same template, another title")
			}
		}
	}
}

// deathAndFuneral adds pairs of the notice of a death (X同志逝世) and the
// report of the funeral days later (X同志遗体在京火化), which repeats the
// notice and is not the same story.
func deathAndFuneral(zh []article, add func(a, b article, same bool, kind string)) {
	death := regexp.MustCompile(`^(.+)同志逝世$`)
	notices := map[string]article{}
	for _, a := range zh {
		if m := death.FindStringSubmatch(a.title); m != nil {
			notices[m[1]] = a
			continue
		}
		for name, n := range notices {
			if strings.HasPrefix(a.title, name+"同志遗体") && daysApart(n.date, a.date) <= 30 {
				add(n, a, false, "a death, and the funeral days later")
			}
		}
	}
}

// lookAlikes adds pairs of CCTV articles that share a long template but
// are two events, found as an Index finds candidates (a band's value in
// common, dated at most MaxDays apart) and kept when their bodies are
// alike but not the same text (a resemblance of shingles from 0.2 to
// 0.9; above, it could be one item aired again under another headline):
//
//   - one template, another name or number: the titles are the same but
//     for a part in the middle that each fills in its own way (本台明天将
//     直播…开幕会 and …闭幕会, a book's 法文版 and 俄文版, a welcome for
//     one guest and for another);
//   - an announcement and its follow-up days later: on different days,
//     the titles share a run of six characters or more (what is announced,
//     a name) and differ around it (a trip announced and the departure, a
//     death and the cremation, a series announced and its premiere).
func lookAlikes(zh []article, add func(a, b article, same bool, kind string)) {
	prints := make([]Print, len(zh))
	var buckets [bands]map[uint16][]int
	for b := range buckets {
		buckets[b] = map[uint16][]int{}
	}
	for i, a := range zh {
		if bundles[a.title] {
			continue
		}
		prints[i] = Fingerprint(a.title, a.body)
		if prints[i].size < minSize {
			continue
		}
		for b, k := range prints[i].bandKeys() {
			buckets[b][k] = append(buckets[b][k], i)
		}
	}
	seen := map[[2]int]bool{}
	sets := map[int]map[uint64]bool{}
	set := func(i int) map[uint64]bool {
		if sets[i] == nil {
			sets[i] = shingleSet(zh[i].body, 4)
		}
		return sets[i]
	}
	for b := range buckets {
		keys := make([]int, 0, len(buckets[b]))
		for k := range buckets[b] {
			keys = append(keys, int(k))
		}
		sort.Ints(keys)
		for _, k := range keys {
			g := buckets[b][uint16(k)]
			if len(g) > maxBucket {
				continue
			}
			for x := 0; x < len(g); x++ {
				for y := x + 1; y < len(g); y++ {
					i, j := g[x], g[y]
					if seen[[2]int{i, j}] {
						continue
					}
					seen[[2]int{i, j}] = true
					a, c := zh[i], zh[j]
					days := daysApart(a.date, c.date)
					if a.title == c.title || days > MaxDays {
						continue
					}
					if jac := exactJaccard(set(i), set(j)); jac < 0.2 || jac > 0.9 {
						continue
					}
					switch {
					case filledIn(a.title, c.title):
						add(a, c, false, "one template, another name or number")
					case days >= 1 && commonRun(a.title, c.title) >= 6:
						add(a, c, false, "an announcement and its follow-up days later")
					}
				}
			}
		}
	}
}

// filledIn reports whether two titles are one template filled in two
// ways: the same beginning and end (four characters or more together)
// around a middle of each that differs, neither empty.
func filledIn(a, b string) bool {
	x, y := []rune(a), []rune(b)
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	return pre+suf >= 4 && len(x)-pre-suf > 0 && len(y)-pre-suf > 0 &&
		2*(pre+suf) >= max(len(x), len(y))
}

// commonRun returns the length in characters of the longest run that two
// titles share.
func commonRun(a, b string) int {
	x, y := []rune(a), []rune(b)
	best := 0
	prev := make([]int, len(y)+1)
	for i := range x {
		cur := make([]int, len(y)+1)
		for j := range y {
			if x[i] == y[j] {
				cur[j+1] = prev[j] + 1
				best = max(best, cur[j+1])
			}
		}
		prev = cur
	}
	return best
}
