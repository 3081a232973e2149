package analyzer

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// tok is a token as a test writes it: term, position, byte start and end.
type tok struct {
	term       string
	pos        int
	start, end int
}

func (t tok) String() string { return fmt.Sprintf("%s@%d[%d:%d]", t.term, t.pos, t.start, t.end) }

func tokens(ts analysis.TokenStream) []tok {
	out := make([]tok, len(ts))
	for i, t := range ts {
		out[i] = tok{string(t.Term), t.Position, t.Start, t.End}
	}
	return out
}

func analyzers(tb testing.TB) (index, query *Analyzer) {
	tb.Helper()
	index, err := New(true, nil)
	if err != nil {
		tb.Fatal(err)
	}
	query, err = New(false, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return index, query
}

// TestAnalyze lists whole token streams, one case per rule of the package
// comment.
func TestAnalyze(t *testing.T) {
	tests := []struct {
		name  string
		input string
		index []tok
		query []tok // nil means: the same as index
	}{
		{
			name:  "a long word brings its dictionary sub-words at index time only",
			input: "中国农业发展银行",
			index: []tok{{"中国", 1, 0, 6}, {"农业发展银行", 3, 6, 24}, {"农业", 3, 6, 12}, {"发展", 5, 12, 18}, {"银行", 7, 18, 24}},
			query: []tok{{"中国", 1, 0, 6}, {"农业发展银行", 3, 6, 24}},
		},
		{
			name:  "two characters that meet across words are not a word",
			input: "这是中国有名的地方",
			index: []tok{{"这", 1, 0, 3}, {"是", 2, 3, 6}, {"中国", 3, 6, 12}, {"有名", 5, 12, 18}, {"的", 7, 18, 21}, {"地方", 8, 21, 27}},
		},
		{
			name:  "English inside Chinese keeps exact byte offsets",
			input: "关于国有Enterprise reform发展",
			index: []tok{{"关于", 1, 0, 6}, {"国有", 3, 6, 12}, {"enterpris", 5, 12, 22}, {"reform", 6, 23, 29}, {"发展", 7, 29, 35}},
		},
		{
			name:  "Chinese inside English keeps exact byte offsets",
			input: "Reform of 国有企业 in Shanxi’s 太原",
			index: []tok{{"reform", 1, 0, 6}, {"国有", 3, 10, 16}, {"企业", 5, 16, 22}, {"#140000", 8, 26, 32}, {"shanxi", 8, 26, 36}, {"#140100", 9, 37, 43}, {"太原", 9, 37, 43}},
			query: []tok{{"reform", 1, 0, 6}, {"国有", 3, 10, 16}, {"企业", 5, 16, 22}, {"#140000", 8, 26, 32}, {"#140100", 9, 37, 43}},
		},
		{
			name:  "full-width letters fold to half-width and the commonest English words leave a gap",
			input: "ＧＤＰ of Ｃｏａｌ",
			index: []tok{{"gdp", 1, 0, 9}, {"coal", 3, 13, 25}},
		},
		{
			name:  "the other English stop words are tokens, unstemmed",
			input: "them having been very",
			index: []tok{{"them", 1, 0, 4}, {"having", 2, 5, 11}, {"been", 3, 12, 16}, {"very", 4, 17, 21}},
		},
		{
			name:  "English is lower-cased, stemmed and loses its possessive",
			input: "Coking coal: Xi Jinping’s statements",
			// Xi Jinping is a person too, without the possessive: a
			// query takes the person for the words.
			index: []tok{{"coke", 1, 0, 6}, {"coal", 2, 7, 11}, {"@xi_jinping", 3, 13, 23}, {"xi", 3, 13, 15}, {"jinp", 4, 16, 27}, {"statement", 5, 28, 38}},
			query: []tok{{"coke", 1, 0, 6}, {"coal", 2, 7, 11}, {"@xi_jinping", 3, 13, 23}, {"statement", 5, 28, 38}},
		},
		{
			name:  "Latin diacritics are folded away",
			input: "Café Zürich Ångström",
			index: []tok{{"cafe", 1, 0, 5}, {"zurich", 2, 6, 13}, {"angstrom", 3, 14, 24}},
		},
		{
			name:  "traditional characters fold to simplified with offsets into the original",
			input: "國有企業",
			index: []tok{{"国有", 1, 0, 6}, {"企业", 3, 6, 12}},
		},
		{
			name:  "OpenCC's phrases decide characters that are simplified in some words",
			input: "乾隆很乾淨",
			index: []tok{{"乾隆", 1, 0, 6}, {"很", 3, 6, 9}, {"干净", 4, 9, 15}},
		},
		{
			name:  "a Chinese function character is a token of its own",
			input: "中国的发展",
			index: []tok{{"中国", 1, 0, 6}, {"的", 3, 6, 9}, {"发展", 4, 9, 15}},
		},
		{
			name:  "letters and digits stay one word next to Chinese",
			input: "5G网络GDP增长",
			index: []tok{{"5g", 1, 0, 2}, {"网络", 2, 2, 8}, {"gdp", 4, 8, 11}, {"增长", 5, 11, 17}},
		},
		{
			name:  "a hyphenated word is one token, with its parts at index time",
			input: "COVID-19疫情 m123-test",
			index: []tok{{"covid-19", 1, 0, 8}, {"covid", 1, 0, 5}, {"19", 2, 6, 8}, {"疫情", 3, 8, 14}, {"m123-test", 5, 15, 24}, {"m123", 5, 15, 19}, {"test", 6, 20, 24}},
			query: []tok{{"covid-19", 1, 0, 8}, {"疫情", 3, 8, 14}, {"m123-test", 5, 15, 24}},
		},
		{
			name:  "percentages, decimals and thousands stay whole and full-width punctuation separates",
			input: "增长76.7%，达1,750吨",
			index: []tok{{"增长", 1, 0, 6}, {"76.7%", 3, 6, 11}, {"76.7", 3, 6, 11}, {"达", 4, 14, 17}, {"1750吨", 5, 17, 25}, {"1750", 5, 17, 22}, {"吨", 6, 22, 25}},
			query: []tok{{"增长", 1, 0, 6}, {"76.7%", 3, 6, 11}, {"达", 4, 14, 17}, {"1750吨", 5, 17, 25}},
		},
		{
			name:  "a number and its unit are one quantity, with the number alone at index time",
			input: "2024年3月",
			index: []tok{{"2024年", 1, 0, 7}, {"2024", 1, 0, 4}, {"年", 2, 4, 7}, {"3月", 3, 7, 11}, {"3", 3, 7, 8}, {"月", 4, 8, 11}},
			query: []tok{{"2024年", 1, 0, 7}, {"3月", 3, 7, 11}},
		},
		{
			name:  "a number with a magnitude and a unit is also found with the magnitude alone",
			input: "1.5亿美元",
			index: []tok{{"1.5亿美元", 1, 0, 12}, {"1.5亿", 1, 0, 12}, {"1.5", 1, 0, 3}, {"亿美元", 2, 3, 12}, {"美元", 3, 6, 12}},
			query: []tok{{"1.5亿美元", 1, 0, 12}},
		},
		{
			name:  "Chinese numerals stay whole and are found in Arabic digits too",
			input: "二〇二四年",
			index: []tok{{"二〇二四年", 1, 0, 15}, {"2024年", 1, 0, 15}, {"二〇二四", 1, 0, 12}, {"2024", 1, 0, 12}, {"年", 5, 12, 15}},
			query: []tok{{"2024年", 1, 0, 15}},
		},
		{
			name:  "numerals with multipliers read as one number",
			input: "一百零五人",
			index: []tok{{"一百零五人", 1, 0, 15}, {"105人", 1, 0, 15}, {"一百零五", 1, 0, 12}, {"105", 1, 0, 12}, {"人", 5, 12, 15}},
			query: []tok{{"105人", 1, 0, 15}},
		},
		{
			name:  "numerals that are not one number stay as written",
			input: "十四五规划",
			index: []tok{{"十四五", 1, 0, 9}, {"规划", 4, 9, 15}},
		},
		{
			name:  "characters the dictionary leaves alone are paired, so unknown words are found",
			input: "发展新质生产力",
			index: []tok{{"发展", 1, 0, 6}, {"新", 3, 6, 9}, {"新质", 3, 6, 12}, {"质", 4, 9, 12}, {"生产力", 5, 12, 21}, {"生产", 5, 12, 18}},
			query: []tok{{"发展", 1, 0, 6}, {"新质", 3, 6, 12}, {"生产力", 5, 12, 21}},
		},
		{
			name:  "dictionary words that mix letters and Chinese are words",
			input: "A股上涨",
			index: []tok{{"a股", 1, 0, 4}, {"上涨", 3, 4, 10}},
		},
		{
			name:  "kana have no dictionary and are paired like unknown Chinese",
			input: "カタカナ",
			index: []tok{{"カ", 1, 0, 3}, {"カタ", 1, 0, 6}, {"タ", 2, 3, 6}, {"タカ", 2, 3, 9}, {"カ", 3, 6, 9}, {"カナ", 3, 6, 12}, {"ナ", 4, 9, 12}},
			query: []tok{{"カタ", 1, 0, 6}, {"タカ", 2, 3, 9}, {"カナ", 3, 6, 12}},
		},
		{
			name:  "invalid UTF-8 separates and offsets still address the input",
			input: "\xff中国\xe4",
			index: []tok{{"中国", 1, 1, 7}},
		},
		{
			name:  "empty input gives no tokens",
			input: "",
			index: []tok{},
		},
	}
	index, query := analyzers(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tokens(index.Analyze([]byte(tt.input))); fmt.Sprint(got) != fmt.Sprint(tt.index) {
				t.Errorf("index tokens of %q:\n got %v\nwant %v", tt.input, got, tt.index)
			}
			want := tt.query
			if want == nil {
				want = tt.index
			}
			if got := tokens(query.Analyze([]byte(tt.input))); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("query tokens of %q:\n got %v\nwant %v", tt.input, got, want)
			}
		})
	}
}

// phraseIn reports whether the query analyzer's tokens for q occur in the
// index analyzer's tokens for text as package search matches them: each
// token at its offset from the first, any term in the slots between.
func phraseIn(index, query *Analyzer, q, text string) bool {
	qs := query.Analyze([]byte(q))
	if len(qs) == 0 {
		return false
	}
	at := map[string]map[int]bool{}
	for _, t := range index.Analyze([]byte(text)) {
		if at[string(t.Term)] == nil {
			at[string(t.Term)] = map[int]bool{}
		}
		at[string(t.Term)][t.Position] = true
	}
	// Tokens at one position are alternatives (Fuzhou is 福州 or 抚州).
	slots := map[int][]string{}
	for _, t := range qs {
		slots[t.Position-qs[0].Position] = append(slots[t.Position-qs[0].Position], string(t.Term))
	}
	starts := map[int]bool{}
	for _, term := range slots[0] {
		for p := range at[term] {
			starts[p] = true
		}
	}
next:
	for p := range starts {
		for off, terms := range slots {
			found := false
			for _, term := range terms {
				found = found || at[term][p+off]
			}
			if !found {
				continue next
			}
		}
		return true
	}
	return false
}

// TestFinds asserts what a user notices: which query finds which text.
func TestFinds(t *testing.T) {
	tests := []struct {
		query, text string
		found       bool
	}{
		{"国有", "深化国有企业改革", true},
		{"国有", "这是中国有名的地方", false},
		{"农业", "中国农业发展银行", true},
		{"农业发展银行", "中国农业发展银行的贷款", true},
		{"银行发展", "中国农业发展银行", false},
		{"国有企业改革", "深化国有企业改革", true},
		{"国有企业改革", "国有企业的改革", false},
		{"中国的发展", "中国的发展", true},
		{"國有企業", "国有企业", true},
		{"国有企业", "國有企業", true},
		{"Luliang", "Lüliang City", true},
		{"ｇｄｐ", "GDP growth", true},
		{"statement", "Xi Jinping's statements", true},
		{"covid", "COVID-19疫情", true},
		{"COVID-19", "covid-19 cases", true},
		{"covid 19", "COVID-19", true},
		{"2024", "2024年3月", true},
		{"2024年", "二〇二四年", true},
		{"二〇二四年", "2024年", true},
		{"3月", "2023年3月", true},
		{"3月", "13月", false},
		{"1.5亿", "投资1.5亿美元", true},
		{"76.7", "增长76.7%", true},
		{"1750", "1,750吨", true},
		{"新质生产力", "因地制宜发展新质生产力", true},
		{"新质生产力", "以新质生产力赋能", true},
		{"新质生产力", "创新质量和生产力", false},
		{"5G", "5G网络", true},
		// Places, in either script.
		{"Shanxi", "山西焦煤集团", true},
		{"山西", "Shanxi Coking Coal", true},
		{"山西省", "in Shanxi Province", true},
		{"Shanxi", "山西省委召开会议", true},
		{"Shaanxi", "山西焦煤集团", false},
		{"陕西", "Shanxi Coking Coal", false},
		{"Shanxi", "陕西省", false},
		{"Shanxi Province", "山西焦煤集团", true},
		{"Jilin City", "吉林市", true},
		{"Jilin City", "吉林省", false},
		{"Guangxi Zhuang Autonomous Region", "广西", true},
		{"Xinjiang Uygur Autonomous Region", "新疆维吾尔自治区", true},
		{"Ningxia Hui Autonomous Region", "Ningxia Hui Autonomous Region", true},
		{"吕梁", "Lvliang City", true},
		{"吕梁", "the Luliang Mountains", true},
		{"吕梁", "Lüliang", true},
		{"Lvliang", "吕梁市", true},
		{"Luliang", "Lvliang", true},
		{"Xi'an", "西安市", true},
		{"Xian", "Xi’an", true},
		{"西安", "Xian", true},
		{"Inner Mongolia", "内蒙古自治区", true},
		{"内蒙古", "Inner Mongolia's grasslands", true},
		{"Hong Kong", "香港特区政府", true},
		{"香港", "Hongkong", true},
		{"Fuzhou", "福州", true},
		{"Fuzhou", "抚州", true},
		{"抚州", "Fuzhou", true},
		{"福州", "抚州", false},
		{"陕西", "陝西省", true},
		{"长治", "长治久安", false},
		{"Changzhi", "长治久安", false},
		{"Changzhi", "长治市", true},
		{"大理", "重大理论", false},
		{"Dali", "重大理论", false},
		{"Hebei", "Beijing-Tianjin-Hebei", true},
		{"白银", "白银价格上涨", true},
		{"Baiyin", "白银价格上涨", false},
		{"Baiyin", "甘肃白银", true},
		{"Nanjing", "南京路步行街", false},
		// Phrases stay exact in either script.
		{"山西焦煤", "山西焦煤集团", true},
		{"山西焦煤", "山西的焦煤", false},
		{"Shanxi Coking Coal", "Shanxi Coking Coal Group", true},
		{"Shanxi Coking Coal", "Shanxi's coking plants use coal", false},
		{"Inner Mongolia coal", "Inner Mongolia coal output", true},
		{"内蒙古煤炭", "内蒙古煤炭产量", true},
		{"coal Inner Mongolia", "coal in Inner Mongolia", false},
	}
	index, query := analyzers(t)
	for _, tt := range tests {
		verb := "finds"
		if !tt.found {
			verb = "does not find"
		}
		t.Run(fmt.Sprintf("%s %s %s", tt.query, verb, tt.text), func(t *testing.T) {
			if got := phraseIn(index, query, tt.query, tt.text); got != tt.found {
				t.Errorf("searching %q in %q: found = %v, want %v\nquery %v\nindex %v", tt.query, tt.text, got, tt.found,
					tokens(query.Analyze([]byte(tt.query))), tokens(index.Analyze([]byte(tt.text))))
			}
		})
	}
}

func TestUserDict(t *testing.T) {
	_, query := analyzers(t)
	u, err := ParseUserDict(strings.NewReader("# new terms\n新质生产力\n\n碳达峰 100 n\n"), "words.txt")
	if err != nil {
		t.Fatal(err)
	}
	if u.Len() != 2 || u.ID() == "" {
		t.Fatalf("dictionary has %d words and id %q, want 2 and an id", u.Len(), u.ID())
	}
	again, err := ParseUserDict(strings.NewReader(string(u.Bytes())), "again")
	if err != nil || again.ID() != u.ID() {
		t.Fatalf("parsing Bytes gives id %q (%v), want %q", again.ID(), err, u.ID())
	}
	userIndex, err := New(true, u)
	if err != nil {
		t.Fatal(err)
	}
	userQuery, err := New(false, u)
	if err != nil {
		t.Fatal(err)
	}

	text := "发展新质生产力，实现碳达峰"
	t.Run("the user's words are whole at query time", func(t *testing.T) {
		want := []tok{{"发展", 1, 0, 6}, {"新质生产力", 3, 6, 21}, {"实现", 8, 24, 30}, {"碳达峰", 10, 30, 39}}
		if got := tokens(userQuery.Analyze([]byte(text))); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("query tokens:\n got %v\nwant %v", got, want)
		}
	})
	t.Run("the user's words have dictionary sub-words at index time", func(t *testing.T) {
		want := []tok{{"发展", 1, 0, 6}, {"新质生产力", 3, 6, 21}, {"生产力", 5, 12, 21}, {"生产", 5, 12, 18}, {"实现", 8, 24, 30}, {"碳达峰", 10, 30, 39}}
		if got := tokens(userIndex.Analyze([]byte(text))); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("index tokens:\n got %v\nwant %v", got, want)
		}
	})
	t.Run("without the dictionary the words are pieces again", func(t *testing.T) {
		if got := tokens(query.Analyze([]byte("新质生产力"))); len(got) < 2 {
			t.Errorf("query tokens %v, want pieces", got)
		}
	})
}

func TestParseUserDictErrors(t *testing.T) {
	tests := []struct {
		name, input, want string
	}{
		{"a frequency that is not a number", "新质生产力 many\n", "words.txt:1: frequency \"many\""},
		{"a frequency below one", "\n新质生产力 0\n", "words.txt:2: frequency \"0\""},
		{"a word with punctuation inside", "劳尔·卡斯特罗\n", "words.txt:1: \"劳尔·卡斯特罗\" has '·' in it"},
		{"a word without Chinese", "ChatGPT\n", "words.txt:1: \"ChatGPT\" has no Chinese characters"},
		{"the same word twice, once in traditional", "国有企业\n國有企業\n", "words.txt:2: \"國有企業\" is already on line 1"},
		{"too many fields", "新质 生产力 3 n\n", "words.txt:1: \"新质 生产力 3 n\": want a word"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseUserDict(strings.NewReader(tt.input), "words.txt")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestArabic(t *testing.T) {
	tests := []struct {
		numeral, want string
	}{
		{"二〇二四", "2024"}, {"一九九八", "1998"}, {"一百二十三", "123"}, {"十四", "14"},
		{"三千万", "30000000"}, {"一亿三千万", "130000000"}, {"两千", "2000"}, {"一百零五", "105"},
		{"一万二千", "12000"}, {"二十", "20"},
		// Not one number: left as written.
		{"三五", ""}, {"十四五", ""}, {"一百五", ""}, {"万万", ""}, {"三四五", ""}, {"一二十", ""},
	}
	for _, tt := range tests {
		t.Run(tt.numeral, func(t *testing.T) {
			got, ok := arabic([]rune(tt.numeral))
			if !ok {
				got = ""
			}
			if got != tt.want {
				t.Errorf("arabic(%s) = %q, want %q", tt.numeral, got, tt.want)
			}
		})
	}
}

func TestRegisteredByName(t *testing.T) {
	cache := registry.NewCache()
	for _, name := range []string{Name, QueryName} {
		a, err := cache.AnalyzerNamed(name)
		if err != nil {
			t.Fatalf("analyzer %q is not registered: %v", name, err)
		}
		if got := tokens(a.Analyze([]byte("国有企业"))); len(got) == 0 {
			t.Errorf("analyzer %q gives no tokens for 国有企业", name)
		}
	}
}

// FuzzOffsets checks that every token addresses its own text: offsets in
// range, on character boundaries, and positions that never go back; and
// that a text always matches its own query: every query token is an index
// token at the same position.
func FuzzOffsets(f *testing.F) {
	for _, s := range []string{"关于国有Enterprise reform发展", "ＧＤＰ增长76.7%", "中国农业发展银行", "Xi Jinping’s",
		"\xff中\xe4", "國有企業乾隆", "二〇二四年3月1.5亿美元", "COVID-19疫情m123-test", "カタカナ한국어", "Lüliang①Ⅻ",
		"山西省委在陝西省吕梁市", "Inner Mongolia's Hong Kong-based Xi'an", "Beijing-Tianjin-Hebei福州Fuzhou", "甘肃白银阿拉尔市长治久安"} {
		f.Add(s)
	}
	index, query := analyzers(f)
	f.Fuzz(func(t *testing.T, s string) {
		in := []byte(s)
		// Character boundaries as a decoder sees them, invalid bytes included.
		boundary := map[int]bool{len(in): true}
		for i := 0; i < len(in); {
			boundary[i] = true
			_, n := utf8.DecodeRune(in[i:])
			i += n
		}
		indexed := map[string]bool{}
		for _, a := range []*Analyzer{index, query} {
			last := 0
			for _, tk := range a.Analyze(in) {
				if tk.Start < 0 || tk.End > len(in) || tk.Start >= tk.End {
					t.Fatalf("token %q has offsets [%d:%d] outside %d bytes", tk.Term, tk.Start, tk.End, len(in))
				}
				if !boundary[tk.Start] || !boundary[tk.End] {
					t.Fatalf("token %q [%d:%d] splits a character of %q", tk.Term, tk.Start, tk.End, s)
				}
				if tk.Position < last || tk.Position < 1 {
					t.Fatalf("token %q at position %d after %d", tk.Term, tk.Position, last)
				}
				last = tk.Position
				if len(tk.Term) == 0 || strings.ContainsAny(string(tk.Term), " \t\n") || !utf8.Valid(tk.Term) {
					t.Fatalf("token %q from %q is empty, has spaces or is not UTF-8", tk.Term, s)
				}
				key := fmt.Sprintf("%s@%d", tk.Term, tk.Position)
				if a == query && IsPersonTerm(tk.Term) {
					// A query takes spellings of a name that the index
					// does not take from text (Xi Jin-ping, Jinping Xi).
					continue
				}
				if a == index {
					indexed[key] = true
				} else if !indexed[key] {
					t.Fatalf("query token %s of %q is not an index token of the same text", key, s)
				}
			}
		}
	})
}

func TestLongRuns(t *testing.T) {
	index, _ := analyzers(t)
	t.Run("a word of letters longer than 255 bytes is cut there", func(t *testing.T) {
		ts := tokens(index.Analyze([]byte(strings.Repeat("x", 600))))
		if len(ts) != 3 || ts[0].end != 255 || ts[1].start != 255 || ts[2].pos != 3 {
			t.Errorf("tokens %v", ts)
		}
	})
	t.Run("a run of numerals longer than a number is cut into numbers", func(t *testing.T) {
		for _, tk := range tokens(index.Analyze([]byte(strings.Repeat("一二三四五六七八九〇", 1000)))) {
			if n := utf8.RuneCountInString(tk.term); n > maxNumeral {
				t.Fatalf("token of %d characters", n)
			}
		}
	})
}

// TestConcurrent checks that analyzers give the same tokens when used from
// many goroutines at once (run it with -race).
func TestConcurrent(t *testing.T) {
	index, query := analyzers(t)
	texts := []string{"中国农业发展银行", "國有企業乾隆", "二〇二四年3月1.5亿美元", "COVID-19疫情m123-test", "发展新质生产力", "Xi Jinping’s statements"}
	want := map[string]string{}
	for _, s := range texts {
		want[s] = fmt.Sprint(tokens(index.Analyze([]byte(s))), tokens(query.Analyze([]byte(s))))
	}
	done := make(chan string)
	for g := 0; g < 8; g++ {
		go func() {
			bad := ""
			for i := 0; i < 200; i++ {
				s := texts[(g+i)%len(texts)]
				if got := fmt.Sprint(tokens(index.Analyze([]byte(s))), tokens(query.Analyze([]byte(s)))); got != want[s] {
					bad = fmt.Sprintf("%s: %s, want %s", s, got, want[s])
				}
			}
			done <- bad
		}()
	}
	for g := 0; g < 8; g++ {
		if bad := <-done; bad != "" {
			t.Error(bad)
		}
	}
}

// TestPlaces lists the place terms of each rule in the package comment:
// where a name is a place, at which position, over which bytes, and what
// a query makes of it.
func TestPlaces(t *testing.T) {
	// places keeps the place terms of a token stream.
	places := func(ts analysis.TokenStream) []tok {
		out := []tok{}
		for _, t := range tokens(ts) {
			if strings.HasPrefix(t.term, "#") {
				out = append(out, t)
			}
		}
		return out
	}
	tests := []struct {
		name  string
		input string
		index []tok
		query []tok // nil means: the same as index
	}{
		{
			name:  "a Chinese name is its place where it starts, over its characters",
			input: "在山西考察",
			index: []tok{{"#140000", 2, 3, 9}},
		},
		{
			name:  "a romanized name is the same place",
			input: "visited Shanxi",
			index: []tok{{"#140000", 2, 8, 14}},
		},
		{
			name:  "the variants translators write are one place",
			input: "Lvliang, Luliang and Lüliang",
			index: []tok{{"#141100", 1, 0, 7}, {"#141100", 2, 9, 16}, {"#141100", 4, 21, 29}},
		},
		{
			name:  "Shaanxi is not Shanxi",
			input: "Shaanxi 陕西",
			index: []tok{{"#610000", 1, 0, 7}, {"#610000", 2, 8, 14}},
		},
		{
			name:  "a name of two words is one place at its first word, over both",
			input: "Inner Mongolia",
			index: []tok{{"#150000", 1, 0, 14}},
		},
		{
			name:  "a full name is its place over all its characters",
			input: "吕梁市",
			index: []tok{{"#141100", 1, 0, 9}},
		},
		{
			name:  "a name inside the word it starts is a place at index time only",
			input: "山西人",
			index: []tok{{"#140000", 1, 0, 6}},
			query: []tok{},
		},
		{
			name:  "a name that runs into the next word is cut back to the word",
			input: "山西省委",
			index: []tok{{"#140000", 1, 0, 6}},
		},
		{
			name:  "names in one dictionary word (广西南宁) are each a place at index time",
			input: "广西南宁",
			index: []tok{{"#450000", 1, 0, 6}, {"#450100", 3, 6, 12}},
			query: []tok{},
		},
		{
			name:  "a name after 中国 or 中共 in one word is a place at index time",
			input: "中共江苏省委",
			index: []tok{{"#320000", 3, 6, 15}},
			query: []tok{},
		},
		{
			name:  "gse's 在内|蒙古 is read as 内蒙古",
			input: "在内蒙古",
			index: []tok{{"#150000", 2, 3, 12}},
			query: []tok{},
		},
		{
			name:  "a name across a word boundary is no place (重大|理论)",
			input: "重大理论",
			index: []tok{},
		},
		{
			name:  "a name inside a person's name is no place (李长春)",
			input: "李长春会见",
			index: []tok{},
		},
		{
			name:  "a blocked word is no place (长治久安)",
			input: "长治久安",
			index: []tok{},
		},
		{
			name:  "a weak name is a place only beside its province",
			input: "白银价格，甘肃白银",
			index: []tok{{"#620000", 5, 15, 21}, {"#620400", 7, 21, 27}},
		},
		{
			name:  "an ambiguous name is every place it may be",
			input: "Fuzhou 吉林",
			index: []tok{{"#350100", 1, 0, 6}, {"#361000", 1, 0, 6}, {"#220000", 2, 7, 13}, {"#220200", 2, 7, 13}},
		},
		{
			name:  "a designation picks the level",
			input: "Jilin Province",
			index: []tok{{"#220000", 1, 0, 5}},
		},
		{
			name:  "traditional characters are folded before the lookup",
			input: "陝西省",
			index: []tok{{"#610000", 1, 0, 9}},
		},
		{
			name:  "names joined by hyphens are each a place at index time",
			input: "Beijing-Tianjin-Hebei",
			index: []tok{{"#110000", 1, 0, 7}, {"#120000", 2, 8, 15}, {"#130000", 3, 16, 21}},
			query: []tok{},
		},
		{
			name:  "a possessive stays out of the name",
			input: "Shanxi's coal",
			index: []tok{{"#140000", 1, 0, 6}},
		},
	}
	index, query := analyzers(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := places(index.Analyze([]byte(tt.input))); fmt.Sprint(got) != fmt.Sprint(tt.index) {
				t.Errorf("index place terms of %q:\n got %v\nwant %v", tt.input, got, tt.index)
			}
			want := tt.query
			if want == nil {
				want = tt.index
			}
			if got := places(query.Analyze([]byte(tt.input))); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("query place terms of %q:\n got %v\nwant %v", tt.input, got, want)
			}
		})
	}
	t.Run("a query keeps no word of a name it replaced", func(t *testing.T) {
		want := []tok{{"#150000", 1, 0, 14}, {"coal", 3, 15, 19}}
		if got := tokens(query.Analyze([]byte("Inner Mongolia coal"))); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("query tokens:\n got %v\nwant %v", got, want)
		}
	})
}
