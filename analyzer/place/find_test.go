package place

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// found is a mention as a test reads it: the text and the codes.
type found struct {
	text  string
	codes []Code
}

func (f found) String() string { return fmt.Sprintf("%s%v", f.text, f.codes) }

func findAll(text string) []found {
	var out []found
	for _, m := range Find(text) {
		out = append(out, found{text[m.Start:m.End], codes(m.Places)})
	}
	return out
}

func TestFind(t *testing.T) {
	f := func(text string, c ...Code) found { return found{text, c} }
	tests := []struct {
		name string
		text string
		want []found
	}{
		// Chinese.
		{"a full name is one mention", "山西省吕梁市焦化行业协会",
			[]found{f("山西省", "140000"), f("吕梁市", "141100")}},
		{"short names are found", "山西和陕西", []found{f("山西", "140000"), f("陕西", "610000")}},
		{"陕西 is never 山西", "陕西西安", []found{f("陕西", "610000"), f("西安", "610100")}},
		{"the leftmost name wins: 上海东部 is not 海东", "上海东部", []found{f("上海", "310000")}},
		{"浙江门户 is not 江门", "浙江门户", []found{f("浙江", "330000")}},
		{"黄河北岸 is not 河北", "黄河北岸", nil},
		{"长江西岸 is not 江西", "长江西岸", nil},
		{"泰山东麓 is not 山东", "泰山东麓", nil},
		{"a weak name is not read inside another word", "维护稳定西藏", []found{f("西藏", "540000")}},
		{"autonomous regions in full", "广西壮族自治区和内蒙古自治区", []found{f("广西壮族自治区", "450000"), f("内蒙古自治区", "150000")}},
		{"an autonomous prefecture in full", "恩施土家族苗族自治州", []found{f("恩施土家族苗族自治州", "422800")}},
		{"an autonomous prefecture as X州", "恩施州和延边州", []found{f("恩施州", "422800"), f("延边州", "222400")}},
		{"a prefecture and a league", "大兴安岭地区和阿拉善盟", []found{f("大兴安岭地区", "232700"), f("阿拉善盟", "152900")}},
		{"a special administrative region", "香港特别行政区", []found{f("香港特别行政区", "810000")}},
		{"吉林 is ambiguous", "吉林", []found{f("吉林", "220000", "220200")}},
		{"吉林市 is the city", "吉林市", []found{f("吉林市", "220200")}},
		{"吉林市场 is a market, not the city", "吉林市场监管", []found{f("吉林", "220000", "220200")}},
		{"海南州 is the prefecture in Qinghai", "青海海南州", []found{f("青海", "630000"), f("海南州", "632500")}},
		{"one-character abbreviations are never matched", "甘肃简称甘或陇，山西简称晋", []found{f("甘肃", "620000"), f("山西", "140000")}},
		{"a road named after a place is not the place", "南京路步行街和中山西路", nil},
		{"a roadshow is not a road", "在北京路演", []found{f("北京", "110000")}},
		{"a full name before 路 is still the place", "吕梁市路网", []found{f("吕梁市", "141100")}},
		{"中山大学 is not the city", "中山大学", nil},
		{"the Suzhou Creek is in Shanghai", "上海苏州河", []found{f("上海", "310000")}},
		{"new rural sages are not 新乡", "培育新乡贤", nil},
		{"中山 after its province is the city", "广东中山", []found{f("广东", "440000"), f("中山", "442000")}},
		{"阿里巴巴 is not Ngari", "阿里巴巴", nil},
		{"阿里 after 西藏 is Ngari", "西藏阿里", []found{f("西藏", "540000"), f("阿里", "542500")}},
		{"白银 is silver", "白银价格上涨", nil},
		{"白银 after 甘肃 is the city", "甘肃白银", []found{f("甘肃", "620000"), f("白银", "620400")}},
		{"白银 before its province in brackets", "白银（甘肃）", []found{f("白银", "620400"), f("甘肃", "620000")}},
		{"白银市 is the city anywhere", "白银市", []found{f("白银市", "620400")}},
		{"来宾 are guests", "各位来宾", nil},
		{"朝阳产业 is a sunrise industry", "在辽宁，朝阳产业", []found{f("辽宁", "210000")}},
		{"辽宁朝阳 is the city", "辽宁朝阳", []found{f("辽宁", "210000"), f("朝阳", "211300")}},
		{"东方明珠 is not 东方市", "东方明珠", nil},
		{"海南东方 is 东方市", "海南东方", []found{f("海南", "460000", "632500"), f("东方", "469007")}},
		{"an idiom is not a city", "长治久安、大同小异、四平八稳", nil},
		{"marble is not 大理", "大理石", nil},
		{"sunshine hours are not 日照", "日照时数", nil},
		{"山东日照 is the city", "山东日照", []found{f("山东", "370000"), f("日照", "371100")}},

		// Romanized.
		{"Shanghai in a company's name", "Shanghai Silicon Semiconductor", []found{f("Shanghai", "310000")}},
		{"Shanxi is not Shaanxi", "Shanxi and Shaanxi", []found{f("Shanxi", "140000"), f("Shaanxi", "610000")}},
		{"a whole word only", "Shanxiang and Shanxi2", nil},
		{"a possessive", "Shanxi's coal", []found{f("Shanxi", "140000")}},
		{"upper case", "SHANXI", []found{f("SHANXI", "140000")}},
		{"the forms of 吕梁", "Lvliang, Luliang, Lüliang and LÜLIANG",
			[]found{f("Lvliang", "141100"), f("Luliang", "141100"), f("Lüliang", "141100"), f("LÜLIANG", "141100")}},
		{"apostrophes", "Xi'an, Xian, Xi’an, Lu'an", []found{f("Xi'an", "610100"), f("Xian", "610100"), f("Xi’an", "610100"), f("Lu'an", "341500")}},
		{"two-word names", "Inner Mongolia, Inner-Mongolia, Hong Kong-based", []found{f("Inner Mongolia", "150000"), f("Inner-Mongolia", "150000"), f("Hong Kong", "810000")}},
		{"a two-word name across a line break", "Inner\nMongolia", []found{f("Inner\nMongolia", "150000")}},
		{"half a two-word name is nothing", "Inner city", nil},
		{"Xizang and Tibet", "Xizang (Tibet)", []found{f("Xizang", "540000"), f("Tibet", "540000")}},
		{"Macao and Macau", "Macao or Macau", []found{f("Macao", "820000"), f("Macau", "820000")}},
		{"Taiyuan", "went to Taiyuan to investigate", []found{f("Taiyuan", "140100")}},
		{"tone marks decide", "Shǎnxī, Shānxī", []found{f("Shǎnxī", "610000"), f("Shānxī", "140000")}},
		{"an ambiguous romanized name", "Taizhou", []found{f("Taizhou", "321200", "331000")}},
		{"Province picks the province", "Jilin Province", []found{f("Jilin", "220000")}},
		{"City picks the city", "Jilin City", []found{f("Jilin", "220200")}},
		{"a road", "Nanjing Road and Zhongshan West Road", nil},
		{"Peking University is in Beijing", "Peking University", []found{f("Peking", "110000")}},
		{"the Canton Fair is in Guangzhou", "the Canton Fair", []found{f("Canton", "440100")}},
		{"Yili is the dairy company", "Yili Group", nil},
		{"Ili is the prefecture", "Ili Kazakh Autonomous Prefecture", []found{f("Ili", "654000")}},
		{"Yili before a designation is the prefecture", "Yili Kazakh Autonomous Prefecture", []found{f("Yili", "654000")}},
		{"Chaoyang District is Beijing's", "Chaoyang District", nil},
		{"Chaoyang before its province", "Chaoyang, Liaoning", []found{f("Chaoyang", "211300"), f("Liaoning", "210000")}},
		{"acronyms are not names", "ILI and ALI", nil},
		{"Ali is a name", "Ali said", nil},
		{"Ali before a designation is Ngari", "Ali Prefecture", []found{f("Ali", "542500")}},
		{"a university in Singapore", "Nanyang Technological University", nil},
		{"Sun Yat-sen", "Sun Zhongshan", nil},
		{"Nanyang in Henan", "Nanyang, Henan", []found{f("Nanyang", "411300"), f("Henan", "410000")}},
		{"Kashgar and Kashi", "Kashgar (Kashi)", []found{f("Kashgar", "653100"), f("Kashi", "653100")}},
		{"Urumqi", "Ürümqi or Urumqi", []found{f("Ürümqi", "650100"), f("Urumqi", "650100")}},
		{"full-width letters", "Ｓｈａｎｘｉ", []found{f("Ｓｈａｎｘｉ", "140000")}},

		// Both.
		{"mixed text", "要深入贯彻Shanxi省委的部署，在吕梁Lvliang",
			[]found{f("Shanxi", "140000"), f("吕梁", "141100"), f("Lvliang", "141100")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := findAll(tt.text)
			if !slices.EqualFunc(got, tt.want, func(a, b found) bool {
				return a.text == b.text && slices.Equal(a.codes, b.codes)
			}) {
				t.Errorf("Find(%q)\n got %v\nwant %v", tt.text, got, tt.want)
			}
		})
	}
}

// TestFindGolden runs Find over the texts in testdata and compares the
// mentions with the .golden files; go test -update rewrites them.
func TestFindGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			text := string(b)
			for _, m := range Find(text) {
				fmt.Fprintf(&got, "%d\t%d\t%q\t%v\n", m.Start, m.End, text[m.Start:m.End], m.Places)
			}
			golden := strings.TrimSuffix(file, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got.String() != string(want) {
				t.Errorf("mentions in %s changed (go test -update rewrites %s):\n%s", file, golden, lineDiff(string(want), got.String()))
			}
		})
	}
}

// lineDiff lists the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for _, l := range w {
		if !slices.Contains(g, l) {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for _, l := range g {
		if !slices.Contains(w, l) {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	return b.String()
}

func TestEveryToneMarkedNameIsFound(t *testing.T) {
	// Find reaches tone-marked forms through the trie of their toneless
	// form, so that form must be there.
	for _, p := range All() {
		for _, a := range p.Aliases {
			if !hasToneMark(a) {
				continue
			}
			ms := Find(a)
			if len(ms) != 1 || ms[0].Start != 0 || ms[0].End != len(a) || !slices.Contains(ms[0].Places, p) {
				t.Errorf("Find(%q) = %v, want %s", a, findAll(a), p)
			}
		}
	}
}

// FuzzFind checks that mentions are well formed whatever the text: in
// range, on UTF-8 boundaries, in order, without overlaps, and naming the
// places that Lookup gives for their text.
func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"山西省吕梁市", "上海东部", "Shanxi's Lüliang", "Inner \n Mongolia", "Xi'an's",
		"辽宁朝阳", "Chaoyang, Liaoning", "Jilin City", "Ｓｈａｎｘｉ", "Shǎnxī",
		"\xff山西\xfe", "O'Shanxi", "Hong-Kong", "甘肃 白银", "白银（甘肃）", "'s",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		// The offsets where a rune starts, as range visits them: a stray
		// byte of invalid UTF-8 is a rune of its own.
		boundary := map[int]bool{len(text): true}
		for i := range text {
			boundary[i] = true
		}
		prev := 0
		for _, m := range Find(text) {
			if m.Start < prev || m.End <= m.Start || m.End > len(text) {
				t.Fatalf("Find(%q): mention [%d,%d) after %d", text, m.Start, m.End, prev)
			}
			if !boundary[m.Start] || !boundary[m.End] || !utf8.ValidString(text[m.Start:m.End]) {
				t.Fatalf("Find(%q): mention [%d,%d) is not on UTF-8 boundaries", text, m.Start, m.End)
			}
			if len(m.Places) == 0 {
				t.Fatalf("Find(%q): mention [%d,%d) names no place", text, m.Start, m.End)
			}
			looked := Lookup(text[m.Start:m.End])
			for _, p := range m.Places {
				if !slices.Contains(looked, p) {
					t.Fatalf("Find(%q): mention %q names %s, Lookup gives %v", text, text[m.Start:m.End], p, looked)
				}
			}
			prev = m.End
		}
	})
}

// BenchmarkFind scans 4 KB of mixed Chinese and English news text.
func BenchmarkFind(b *testing.B) {
	text, err := os.ReadFile("testdata/mixed.txt")
	if err != nil {
		b.Fatal(err)
	}
	s := string(text)
	Find(s) // load the data outside the timing
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Find(s)
	}
}
