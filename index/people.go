package index

import (
	"slices"

	"github.com/xinwen/xinwen/analyzer"
)

// PersonSep joins a person's key and Chinese name in a value of
// FieldPeople: "xi jinping|习近平".
const PersonSep = "|"

// PeopleValues returns the values of FieldPeople for an article with this
// title and body, sorted: the key of every person it names
// (analyzer.People), and the key and the name of every one it names in
// Chinese.
func PeopleValues(title, body string) []string {
	var out []string
	for _, text := range [2]string{title, body} {
		for _, p := range analyzer.People(text) {
			out = append(out, p.Key)
			if p.Chinese != "" {
				out = append(out, p.Key+PersonSep+p.Chinese)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
