package glossary

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/analyzer/glossary/internal/english"
)

// terms writes translations as "term weight source", for whole-output
// comparisons.
func terms(tr []Translation) string {
	var out []string
	for _, t := range tr {
		out = append(out, fmt.Sprintf("%s %.2f %s", t.Term, t.Weight, t.Source))
	}
	return strings.Join(out, "; ")
}

func TestChinese(t *testing.T) {
	tests := []struct {
		name, phrase, want string
	}{
		{"an official name and its variants meet", "Belt and Road Initiative", "一带一路 1.00 curated"},
		{"the early and foreign form", "One Belt, One Road", "一带一路 1.00 curated"},
		{"machine translation's wording", "new quality productivity", "新质生产力 1.00 curated"},
		{"the official wording, in capitals", "New Quality Productive Forces", "新质生产力 1.00 curated"},
		{"an abbreviation", "SASAC", "国资委 1.00 curated; 国务院国资委 1.00 curated; 国有资产监督管理委员会 1.00 curated"},
		{"hyphens and plurals fold", "State-Owned Enterprises", "国有企业 1.00 curated; 国企 1.00 curated"},
		{"an English form of two entries gives both", "poverty alleviation", "脱贫攻坚 1.00 curated; 扶贫 1.00 curated"},
		{"COVID-19", "COVID-19", "新冠肺炎 1.00 curated; 新冠肺炎疫情 1.00 curated; 新冠疫情 1.00 curated; 新型冠状病毒肺炎 1.00 curated; 新冠 1.00 curated"},
		{"a curated word wins over CC-CEDICT's senses", "coal", "煤炭 1.00 curated; 煤 1.00 curated"},
		{"an everyday word from CC-CEDICT, best first", "umbrella", "雨伞 0.50 cc-cedict"},
		{"a gloss of dozens of words is left out", "make", ""},
		{"a phrase of stop words is nothing", "the", ""},
		{"an unknown phrase is nothing", "xyzzy plugh", ""},
	}
	g := Builtin()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := terms(g.Chinese(tt.phrase)); got != tt.want {
				t.Errorf("Chinese(%q) = %s\nwant %s", tt.phrase, got, tt.want)
			}
		})
	}
}

func TestEnglish(t *testing.T) {
	tests := []struct {
		name, term, want string
	}{
		{"an organisation, its official name first", "国资委", "State-owned Assets Supervision and Administration Commission 1.00 curated; SASAC 1.00 curated"},
		{"a short name is the organisation too", "中纪委", "Central Commission for Discipline Inspection 1.00 curated; CCDI 1.00 curated"},
		{"a slogan and its variants", "新质生产力", "new quality productive forces 1.00 curated; new quality productivity 1.00 curated; new productive forces 1.00 curated; new-quality productive forces 1.00 curated"},
		{"a curated topic", "洪涝", "flood 1.00 curated; flooding 1.00 curated; floods and waterlogging 1.00 curated"},
		{"a CC-CEDICT word, later senses weighing less", "雨伞", "umbrella 0.50 cc-cedict"},
		{"letters in any case", "g20", ""},
		{"an unknown word is nothing", "乌有之词", ""},
	}
	g := Builtin()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := terms(g.English(tt.term)); got != tt.want {
				t.Errorf("English(%q) = %s\nwant %s", tt.term, got, tt.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	user, err := ParseGlossary(strings.NewReader("煤炭 = black gold\n焦煤集团 = Coking Coal Group\n"), "user.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		tokens []string
		want   string
	}{
		{"a multi-word term is one unit before its words",
			[]string{"state-owned", "enterprise", "reform"}, "[0,3) 国有企业改革 国企改革"},
		{"the longest term wins, then matching goes on",
			[]string{"Shanxi", "coal", "mine", "flood"}, "[1,3) 煤矿; [3,4) 洪水 洪涝 洪涝灾害"},
		{"a stop word inside a term",
			[]string{"the", "Belt", "and", "Road", "Initiative"}, "[1,5) 一带一路"},
		{"a stop word does not end a term: Belt is a belt",
			[]string{"Belt", "and"}, "[0,1) 腰带 裤带"},
		{"Chinese tokens are joined",
			[]string{"新质", "生产力", "发展"}, "[0,2) new quality productive forces new quality productivity new productive forces new-quality productive forces; [2,3) development growth to grow"},
		{"a user's entry wins and adds terms",
			[]string{"焦煤集团", "煤炭"}, "[0,1) Coking Coal Group; [1,2) black gold"},
		{"tokens join into the longest term of any layer",
			[]string{"山西", "焦煤集团"}, "[0,2) Shanxi Coking Coal Group Shanxi Coking Coal"},
	}
	g := Builtin().With(user)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range g.Match(tt.tokens) {
				var ts []string
				for _, tr := range m.Translations {
					ts = append(ts, tr.Term)
				}
				got = append(got, fmt.Sprintf("[%d,%d) %s", m.Start, m.End, strings.Join(ts, " ")))
			}
			if s := strings.Join(got, "; "); s != tt.want {
				t.Errorf("Match(%q) = %s\nwant %s", tt.tokens, s, tt.want)
			}
		})
	}
}

func TestParseGlossaryErrors(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"no equals sign", "# mine\n\n新质生产力 new quality productivity\n",
			`my.txt:3: "新质生产力 new quality productivity": want Chinese forms, one "=", then English forms, each list separated by |`},
		{"two equals signs", "甲乙 = a = b\n",
			`my.txt:1: "甲乙 = a = b": want Chinese forms, one "=", then English forms, each list separated by |`},
		{"English before the equals sign", "coal = 煤炭\n",
			`my.txt:1: Chinese form "coal" has no Chinese characters; English forms go after the =`},
		{"Chinese after it", "煤炭 = 煤\n",
			`my.txt:1: English form "煤" has Chinese characters in it; Chinese forms go before the =`},
		{"a space inside a Chinese form", "国有 企业 = SOE\n",
			`my.txt:1: Chinese form "国有 企业" has ' ' in it, which separates words; a Chinese form is one run of characters`},
		{"an empty form", "煤炭 | = coal\n", `my.txt:1: a Chinese form is empty`},
		{"an empty English form", "煤炭 = coal |\n", `my.txt:1: "煤炭 = coal |": an English form is empty`},
		{"stop words only", "煤炭 = the\n",
			`my.txt:1: English form "the" has no word to match: stop words such as "the" are left out when matching`},
		{"English forms that differ in case only", "国企 = SOE | soe\n",
			`my.txt:1: English forms "SOE" and "soe" are the same; give one`},
		{"a Chinese form on two lines", "国企 = SOE\n\n国企 = state firm\n",
			`my.txt:3: "国企" is already on line 1; give all its English forms on one line`},
		{"a Chinese form twice on a line", "国企 | 国企 = SOE\n", `my.txt:1: "国企" is given twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseGlossary(strings.NewReader(tt.file), "my.txt")
			if err == nil || err.Error() != tt.want {
				t.Errorf("ParseGlossary = %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestParseGlossary(t *testing.T) {
	file := "\ufeff# my terms\n焦煤集团 | 焦煤 = Coking Coal Group | coking coal\n米歇尔·巴切莱特 = Michelle Bachelet\nG20峰会 = G20 summit\n"
	g, err := ParseGlossary(strings.NewReader(file), "my.txt")
	if err != nil {
		t.Fatal(err)
	}
	got := []string{
		terms(g.Chinese("coking coal")),
		terms(g.English("米歇尔·巴切莱特")),
		terms(g.Chinese("g20 summits")),
		terms(g.English("g20峰会")),
		fmt.Sprint(g.Len()),
	}
	want := []string{
		"焦煤集团 1.00 user; 焦煤 1.00 user",
		"Michelle Bachelet 1.00 user",
		"G20峰会 1.00 user",
		"G20 summit 1.00 user",
		"[3]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestInflections checks that a word meets its plural and its past, but
// not another word of its stem: Snowball makes house and housing one key,
// cooperation and cooperative, departs and department.
func TestInflections(t *testing.T) {
	file := "房子 = house\n住房 = housing\n合作社 = cooperative\n批准 = approve\n政策 = policy\n"
	user, err := ParseGlossary(strings.NewReader(file), "my.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, phrase, want string
	}{
		{"a word is its own entry, not its stem's other word", "House", "房子 1.00 user"},
		{"a plural is its word", "houses", "房子 1.00 user"},
		{"the other word is its own entry", "housing", "住房 1.00 user"},
		{"a past is its word", "approved", "批准 1.00 user"},
		{"a plural in -ies is its word", "policies", "政策 1.00 user"},
		{"a word met by its stem only weighs less", "cooperation", "合作社 0.40 user"},
	}
	g := Builtin().With(user)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := terms(g.Chinese(tt.phrase)); got != tt.want {
				t.Errorf("Chinese(%q) = %s\nwant %s", tt.phrase, got, tt.want)
			}
		})
	}
}

// TestCuratedForms checks that every curated entry is reachable both
// ways: an entry whose English matched nothing, or whose Chinese an earlier
// entry took, would be dead data.
func TestCuratedForms(t *testing.T) {
	curated, err := loadCurated(curatedFiles)
	if err != nil {
		t.Fatal(err)
	}
	if curated.size < 500 {
		t.Errorf("%d curated entries, want several hundred", curated.size)
	}
	g := &Glossary{layers: []*table{curated}}
	for zh := range curated.zh {
		for _, en := range g.English(zh) {
			if !hasTerm(g.Chinese(en.Term), zh) {
				t.Errorf("%s is %q, but %q is not %s", zh, en.Term, en.Term, zh)
			}
		}
	}
}

func FuzzParseGlossary(f *testing.F) {
	f.Add("新质生产力 = new quality productive forces | new quality productivity\n")
	f.Add("# c\n\n中央纪委 | 中纪委 = CCDI\n国企 = SOE\n国企 = SOE\n")
	f.Add("米歇尔·巴切莱特 = Michelle Bachelet\nG20峰会 = the G20 summit\n")
	f.Add("a = b\n= \n|=|\n\ufeff煤 = coal")
	f.Fuzz(func(t *testing.T, file string) {
		g, err := ParseGlossary(strings.NewReader(file), "f.txt")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.txt:") {
				t.Fatalf("error without the file and line: %v", err)
			}
			return
		}
		// Every entry read is found both ways, and matched as a unit.
		entries, err := ParseEntries(strings.NewReader(file), "f.txt")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			for _, zh := range e.Chinese {
				if len(g.English(zh)) == 0 {
					t.Errorf("%q has no English", zh)
				}
				if m := g.Match([]string{zh}); len(m) != 1 || m[0].End != 1 {
					t.Errorf("Match(%q) = %v", zh, m)
				}
			}
			for _, en := range e.English {
				if !hasTerm(g.Chinese(en), e.Chinese[0]) {
					t.Errorf("%q is not %q", en, e.Chinese[0])
				}
			}
		}
	})
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadCurated(curatedFiles); err != nil {
			b.Fatal(err)
		}
		if _, err := loadCedict(bytes.NewReader(cedictGz)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMatch(b *testing.B) {
	g := Builtin()
	q := strings.Fields("Shanxi state-owned enterprise reform new quality productive forces coal mine flood")
	for b.Loop() {
		g.Match(q)
	}
}

// TestCedictKeys checks that the generated file's keys are what the
// package's folding makes of its glosses: a change of the folding rules
// must regenerate the file (go generate).
func TestCedictKeys(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(cedictGz))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	bad := 0
	for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		if strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		keys := strings.Split(f[2], "|")
		for i, gl := range strings.Split(f[1], "|") {
			if k := english.Key(gl); k != keys[i] {
				if bad++; bad <= 10 {
					t.Errorf("%s: gloss %q folds to %q, the file has %q", f[0], gl, k, keys[i])
				}
			}
		}
	}
}
