package glossary_test

import (
	"fmt"
	"strings"

	"github.com/xinwen/xinwen/analyzer/glossary"
)

func ExampleGlossary_Match() {
	g := glossary.Builtin()
	tokens := strings.Fields("Shanxi state-owned enterprise reform and the Belt and Road")
	for _, m := range g.Match(tokens) {
		fmt.Println(strings.Join(tokens[m.Start:m.End], " "), "→", m.Translations[0].Term)
	}
	// Shanxi is a place: package place's, not the glossary's.
	// Output:
	// state-owned enterprise reform → 国有企业改革
	// Belt and Road → 一带一路
}

func ExampleParseGlossary() {
	user, err := glossary.ParseGlossary(strings.NewReader("焦煤集团 = Coking Coal Group | coking-coal group\n"), "my-terms.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	g := glossary.Builtin().With(user)
	fmt.Println(g.Chinese("Coking Coal Groups"))
	_, err = glossary.ParseGlossary(strings.NewReader("# mine\ncoal = 煤炭\n"), "bad.txt")
	fmt.Println(err)
	// Output:
	// [{焦煤集团 1 user}]
	// bad.txt:2: Chinese form "coal" has no Chinese characters; English forms go after the =
}
