package analyzer_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/xinwen/xinwen/analyzer"
)

// The query-time analyzer (subwords false) cuts a text into the words of
// one path; the index-time analyzer adds the pieces a query may ask for
// (2024 in 2024年). A place name becomes its place term (#140000 is
// Shanxi) at query time, and is indexed both ways. Positions count units: a
// Chinese character or a word of letters and digits. Start and End are byte
// offsets into the text as it was given, traditional characters (國) and
// all.
func ExampleAnalyzer_Analyze() {
	text := "山西要深化國有Enterprise reform，2024年GDP增长5.2%"
	for _, subwords := range []bool{false, true} {
		a, err := analyzer.New(subwords, nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("subwords:", subwords)
		for _, tok := range a.Analyze([]byte(text)) {
			fmt.Printf("  %2d %s [%s]\n", tok.Position, tok.Term, text[tok.Start:tok.End])
		}
	}
	// Output:
	// subwords: false
	//    1 #140000 [山西]
	//    3 要 [要]
	//    4 深化 [深化]
	//    6 国有 [國有]
	//    8 enterpris [Enterprise]
	//    9 reform [reform]
	//   10 2024年 [2024年]
	//   12 gdp [GDP]
	//   13 增长 [增长]
	//   15 5.2% [5.2%]
	// subwords: true
	//    1 #140000 [山西]
	//    1 山西 [山西]
	//    3 要 [要]
	//    4 深化 [深化]
	//    6 国有 [國有]
	//    8 enterpris [Enterprise]
	//    9 reform [reform]
	//   10 2024年 [2024年]
	//   10 2024 [2024]
	//   11 年 [年]
	//   12 gdp [GDP]
	//   13 增长 [增长]
	//   15 5.2% [5.2%]
	//   15 5.2 [5.2%]
}

// A user dictionary keeps new words whole.
func ExampleParseUserDict() {
	dict, err := analyzer.ParseUserDict(strings.NewReader("# new terms\n新质生产力\n"), "words.txt")
	if err != nil {
		log.Fatal(err)
	}
	for _, user := range []*analyzer.UserDict{nil, dict} {
		a, err := analyzer.New(false, user)
		if err != nil {
			log.Fatal(err)
		}
		var terms []string
		for _, tok := range a.Analyze([]byte("发展新质生产力")) {
			terms = append(terms, string(tok.Term))
		}
		fmt.Printf("a dictionary of %d words: %s\n", user.Len(), strings.Join(terms, " | "))
	}
	// Output:
	// a dictionary of 0 words: 发展 | 新质 | 生产力
	// a dictionary of 1 words: 发展 | 新质生产力
}
