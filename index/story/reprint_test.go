package story

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// This file makes reprints of an article the way portals make them: a
// header and a footer of their own, a paragraph dropped or moved, a new
// headline, traditional script. All the words added are written here for
// the purpose; none is taken from the corpus.

// article is one article of a test.
type article struct {
	id, title, body, date, lang string
}

var (
	zhSources = []string{"新华网", "人民网", "中国新闻网", "山西新闻网", "甘肃日报网", "大众网", "南方网", "荆楚网", "东方网", "北青网", "中国经济网", "光明网"}
	enSources = []string{"Xinhua", "China Daily", "Global Times", "Shanghai Daily", "CGTN", "Asia Wire", "Metro Herald", "Business Line"}
	surnames  = []rune("王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗")
	given     = []rune("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰建国文斌")
	enNames   = []string{"Li Wei", "Zhang Min", "Wang Fang", "Chen Jie", "Liu Yang", "Maria Lopez", "John Carter", "Anna Schmidt"}
	zhTags    = []string{"要闻", "关注", "时政", "聚焦", "权威发布", "热点", "头条"}
)

func zhName(r *rand.Rand) string {
	n := string(surnames[r.Intn(len(surnames))]) + string(given[r.Intn(len(given))])
	if r.Intn(2) == 0 {
		n += string(given[r.Intn(len(given))])
	}
	return n
}

// portal is a site that reprints: its header and footer are the same on
// every article it reprints, as a template's are.
type portal struct {
	lang           string
	header, footer func(a article, r *rand.Rand, others []article) string
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.Intn(len(xs))] }

// newPortal makes up a portal of the language lang.
func newPortal(lang string, r *rand.Rand) portal {
	if lang == "en" {
		src, editor := pick(r, enSources), pick(r, enNames)
		h, f := r.Intn(4), r.Intn(5)
		return portal{lang: lang,
			header: func(a article, r *rand.Rand, _ []article) string {
				switch h {
				case 0:
					return fmt.Sprintf("Source: %s | Updated: %s %02d:%02d", src, a.date, r.Intn(24), r.Intn(60))
				case 1:
					return fmt.Sprintf("By %s, staff reporter\nPublished %s", editor, a.date)
				case 2:
					return "Original headline: " + a.title + "\nSource: " + src
				}
				return "Text size: A A A | Print this page | Close window"
			},
			footer: func(a article, r *rand.Rand, others []article) string {
				switch f {
				case 0:
					return "Editor: " + editor
				case 1:
					return "This article was republished from " + src + ". The views expressed are not necessarily those of this site."
				case 2:
					return "Share this story: Facebook Twitter Email\nEditor: " + editor
				case 3:
					var b strings.Builder
					b.WriteString("Related stories:")
					for range 3 {
						b.WriteString("\n" + pick(r, others).title)
					}
					return b.String()
				}
				return fmt.Sprintf("Copyright %d %s. All rights reserved. Follow us for more news from the region.", 2000+r.Intn(26), src)
			},
		}
	}
	src, editor, checker := pick(r, zhSources), zhName(r), zhName(r)
	h, f := r.Intn(5), r.Intn(6)
	return portal{lang: lang,
		header: func(a article, r *rand.Rand, _ []article) string {
			switch h {
			case 0:
				return fmt.Sprintf("来源：%s　%s %02d:%02d", src, a.date, r.Intn(24), r.Intn(60))
			case 1:
				return fmt.Sprintf("%s讯　发布时间：%s", src, a.date)
			case 2:
				return "原标题：" + a.title + "\n来源：" + src
			case 3:
				return "【字体：大 中 小】　打印本页　关闭窗口"
			}
			return fmt.Sprintf("作者：%s　来源：%s　浏览次数：%d", zhName(r), src, r.Intn(5000))
		},
		footer: func(a article, r *rand.Rand, others []article) string {
			switch f {
			case 0:
				return "责任编辑：" + editor
			case 1:
				return "（编辑：" + editor + "　校对：" + checker + "）"
			case 2:
				return "本页内容转自其他媒体，仅供读者参考，观点不代表本站立场。如涉及版权问题，请联系本站编辑部处理。"
			case 3:
				return "更多精彩内容，请下载本站客户端或关注官方公众号。\n分享到：微信 微博 QQ空间"
			case 4:
				var b strings.Builder
				b.WriteString("相关阅读：")
				for range 3 {
					b.WriteString("\n" + pick(r, others).title)
				}
				return b.String()
			}
			return "扫一扫，关注" + src + "官方账号，获取更多本地资讯。责任编辑：" + editor
		},
	}
}

// wrap puts the portal's header and footer around a's body.
func (p portal) wrap(a article, r *rand.Rand, others []article) article {
	a.body = p.header(a, r, others) + "\n" + a.body + "\n" + p.footer(a, r, others)
	return a
}

func paragraphs(body string) []string {
	var ps []string
	for _, p := range strings.Split(body, "\n") {
		if strings.TrimSpace(p) != "" {
			ps = append(ps, p)
		}
	}
	return ps
}

// dropParagraph drops one paragraph other than the first, as a portal that
// cuts an article short or leaves out a passage does; ok is false when the
// article has no paragraph to spare (one paragraph, or two with the second
// longer than the first).
func dropParagraph(a article, r *rand.Rand) (article, bool) {
	ps := paragraphs(a.body)
	switch {
	case len(ps) < 2:
		return a, false
	case len(ps) == 2 && utf8.RuneCountInString(ps[1]) > utf8.RuneCountInString(ps[0]):
		return a, false
	}
	i := 1 + r.Intn(len(ps)-1)
	a.body = strings.Join(append(ps[:i:i], ps[i+1:]...), "\n")
	return a, true
}

// reorder moves one paragraph to another place; ok is false for an article
// of one paragraph.
func reorder(a article, r *rand.Rand) (article, bool) {
	ps := paragraphs(a.body)
	if len(ps) < 2 {
		return a, false
	}
	i := r.Intn(len(ps))
	j := r.Intn(len(ps) - 1)
	if j >= i {
		j++
	}
	p := ps[i]
	ps = append(ps[:i], ps[i+1:]...)
	ps = append(ps[:j], append([]string{p}, ps[j:]...)...)
	a.body = strings.Join(ps, "\n")
	return a, true
}

// newHeadline gives a a headline of the portal's making: a tag before the
// old one, the source before it, the first clause of the lead, or part of
// the old one.
func newHeadline(a article, r *rand.Rand) article {
	lead := a.body
	if i := strings.IndexAny(lead, "：:"); i >= 0 && i < 60 { // after a dateline
		_, n := utf8.DecodeRuneInString(lead[i:])
		lead = lead[i+n:]
	}
	lead = strings.TrimSpace(lead)
	if i := strings.IndexAny(lead, "，。,.\n"); i > 0 {
		lead = lead[:i]
	}
	if a.lang == "en" {
		switch r.Intn(3) {
		case 0:
			a.title = "UPDATE 1-" + a.title
		case 1:
			if n := utf8.RuneCountInString(lead); n >= 20 && n <= 120 {
				a.title = lead
			} else {
				a.title = strings.ToUpper(a.title[:1]) + strings.ToLower(a.title[1:])
			}
		default:
			a.title = strings.ToUpper(a.title[:1]) + strings.ToLower(a.title[1:])
		}
		return a
	}
	switch r.Intn(4) {
	case 0:
		a.title = "【" + pick(r, zhTags) + "】" + a.title
	case 1:
		a.title = pick(r, zhSources) + "：" + a.title
	case 2:
		if n := utf8.RuneCountInString(lead); n >= 8 && n <= 40 {
			a.title = lead
		} else {
			a.title = "【" + pick(r, zhTags) + "】" + a.title
		}
	default:
		for _, sep := range []string{" ", "：", "——", "　"} {
			if i := strings.Index(a.title, sep); i > 0 {
				a.title = a.title[:i]
				return a
			}
		}
		a.title = "【" + pick(r, zhTags) + "】" + a.title
	}
	return a
}

// simplifiedToTraditional is OpenCC's table of the analyzer reversed: the
// first traditional form of each simplified character, and the phrases
// whose traditional form is not the one of their characters.
var s2t = sync.OnceValues(func() (map[rune]rune, map[rune][]string) {
	chars, phrases := map[rune]rune{}, map[rune][]string{}
	f, err := os.Open(filepath.Join("..", "..", "analyzer", "t2s", "t2s.txt"))
	if err != nil {
		panic(err) // the file is in the repository
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) != 3 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		switch fs[0] {
		case "c":
			from, _ := utf8.DecodeRuneInString(fs[1])
			to, _ := utf8.DecodeRuneInString(fs[2])
			if _, ok := chars[to]; !ok {
				chars[to] = from
			}
		case "p":
			first, _ := utf8.DecodeRuneInString(fs[2])
			phrases[first] = append(phrases[first], fs[2], fs[1])
		}
	}
	return chars, phrases
})

// traditional writes s in traditional script, phrases first.
func traditional(s string) string {
	chars, phrases := s2t()
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		// The longest phrase that starts here, if any (pairs of simplified
		// and traditional forms).
		best := -1
		ps := phrases[r]
		for k := 0; k < len(ps); k += 2 {
			if strings.HasPrefix(s[i:], ps[k]) && (best < 0 || len(ps[k]) > len(ps[best])) {
				best = k
			}
		}
		if best >= 0 {
			b.WriteString(ps[best+1])
			i += len(ps[best])
			continue
		}
		if t, ok := chars[r]; ok {
			r = t
		}
		b.WriteRune(r)
		i += n
	}
	return b.String()
}

func TestTraditionalReadsAsSimplified(t *testing.T) {
	in := "国务院总理主持召开常务会议，部署加快发展现代服务业，听取关于汇报。"
	tr := traditional(in)
	if tr == in {
		t.Fatalf("traditional(%q) changed nothing", in)
	}
	a, b := units(nil, in), units(nil, tr)
	if len(a) != len(b) {
		t.Fatalf("%d units against %d", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("unit %d reads as %q, want %q", i, rune(b[i].h), rune(a[i].h))
		}
	}
}
