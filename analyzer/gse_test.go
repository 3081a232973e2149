package analyzer

import (
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// gseSamples are sentences written for this test, in the registers of
// provincial news, so that every run of the tests checks the segmentation
// against gse itself.
var gseSamples = []string{
	"要深入贯彻习近平总书记关于国有企业改革发展和党的建设的重要论述",
	"中国农业发展银行山西省分行召开会议部署春耕备耕金融服务工作",
	"吕梁市焦化行业协会推进产业高质量发展座谈会在鹏飞集团召开",
	"省委副书记省长金湘军赴晋城长治调研安全生产和能源革命工作",
	"加快发展新质生产力扎实推进高质量发展",
	"这是中国有名的风景区每年吸引大批游客前来观光",
	"兰州市召开全市经济运行分析会议研究部署第四季度重点工作",
	"国务院常务会议审议通过关于进一步优化营商环境的若干措施",
	"甘肃省委书记胡昌升主持召开省委常委会会议传达学习中央精神",
	"全国人民代表大会常务委员会第十次会议在北京人民大会堂闭幕",
	"煤层气勘探开发和矿井瓦斯治理情况介绍",
	"持续推进黄河流域生态保护和高质量发展",
}

// TestSameWordsAsGse checks that the segmentation is gse's, word for word:
// on the samples above always, and with XINWEN_GSE=1 on the Chinese of
// 2,000 articles of the CCTV corpus as well (loading gse's dictionary takes
// a second or two).
func TestSameWordsAsGse(t *testing.T) {
	texts := gseSamples
	if os.Getenv("XINWEN_GSE") != "" {
		texts = append(texts, corpusBodies(t, "zh-news.jsonl.gz", 2000)...)
	}
	var g gse.Segmenter
	g.SkipLog = true
	if err := g.LoadDictEmbed("zh_s"); err != nil {
		t.Fatal(err)
	}
	d, err := loadBase()
	if err != nil {
		t.Fatal(err)
	}
	v := view{base: d, plain: true}
	var s scratch
	runs, diff := 0, 0
	for _, b := range texts {
		for _, run := range strings.FieldsFunc(b, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
			runs++
			// gse sees the text as folded (濛 is 蒙 in traditional runs).
			got, folded := v.words(&s, run)
			want := []string{}
			for _, sg := range g.Segment([]byte(folded)) {
				want = append(want, folded[sg.Start():sg.End()])
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				diff++
				if diff <= 10 {
					t.Errorf("%s\n got %s\nwant %s", run, strings.Join(got, "|"), strings.Join(want, "|"))
				}
			}
		}
	}
	t.Logf("%d of %d runs differ", diff, runs)
}

// words cuts a run of ideographs into words, and returns them and the
// folded run.
func (v view) words(s *scratch, run string) ([]string, string) {
	s.units = s.units[:0]
	for i := 0; i < len(run); {
		_, n := utf8.DecodeRuneInString(run[i:])
		r, _ := utf8.DecodeRuneInString(run[i:])
		s.units = append(s.units, unit{start: i, end: i + n, r: foldIdeo(r), ideo: true, width: 1})
		i += n
	}
	s.fold([]byte(run))
	n := len(s.units)
	s.best, s.from, s.kind = grow(s.best, n+1), grow(s.from, n+1), grow(s.kind, n+1)
	v.dp(s, 0, n, false, s.best, s.from, s.kind)
	var out []string
	for m := n; m > 0; {
		k := int(s.from[m])
		out = append([]string{string(s.fb[s.units[k].fs:s.units[m-1].fe])}, out...)
		m = k
	}
	return out, string(s.fb)
}
