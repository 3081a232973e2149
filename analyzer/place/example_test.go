package place_test

import (
	"fmt"
	"strings"

	"github.com/xinwen/xinwen/analyzer/place"
)

func ExampleLookup() {
	for _, name := range []string{"吕梁", "Lvliang", "Shaanxi", "Shanxi", "Taizhou"} {
		fmt.Println(name, place.Lookup(name))
	}
	// Output:
	// 吕梁 [141100 吕梁市]
	// Lvliang [141100 吕梁市]
	// Shaanxi [610000 陕西省]
	// Shanxi [140000 山西省]
	// Taizhou [321200 泰州市 331000 台州市]
}

func ExampleFind() {
	text := "Luliang Coking Association met in 山西省吕梁市; 上海东部 is east Shanghai."
	for _, m := range place.Find(text) {
		p, _ := place.Province(m.Places[0].Code)
		fmt.Printf("%s %v in %s\n", text[m.Start:m.End], m.Places, p.English)
	}
	// Output:
	// Luliang [141100 吕梁市] in Shanxi
	// 山西省 [140000 山西省] in Shanxi
	// 吕梁市 [141100 吕梁市] in Shanxi
	// 上海 [310000 上海市] in Shanghai
	// Shanghai [310000 上海市] in Shanghai
}

func ExampleParseProvince() {
	for _, s := range []string{"Shanxi", "山西", "140000", "Taiyuan"} {
		p, ok := place.ParseProvince(s)
		fmt.Println(s, p, ok)
	}
	// Output:
	// Shanxi 140000 山西省 true
	// 山西 140000 山西省 true
	// 140000 140000 山西省 true
	// Taiyuan <nil> false
}

// Find reads names in either script and says every place a name may be: a
// reader, or the analyzer, decides among them. Words that only contain a
// name (黄河北岸 is the Yellow River's north bank, not 河北) are no mention,
// and Shaanxi is never Shanxi.
func ExampleFind_ambiguous() {
	text := "Fuzhou and Shaanxi sent teams to 黄河北岸 in 吉林; 西安 hosted them."
	for _, m := range place.Find(text) {
		var names []string
		for _, p := range m.Places {
			names = append(names, fmt.Sprintf("%s %s (%s)", p.Code, p.Name, p.English))
		}
		fmt.Printf("%s: %s\n", text[m.Start:m.End], strings.Join(names, ", "))
	}
	// Output:
	// Fuzhou: 350100 福州市 (Fuzhou), 361000 抚州市 (Fuzhou)
	// Shaanxi: 610000 陕西省 (Shaanxi)
	// 吉林: 220000 吉林省 (Jilin), 220200 吉林市 (Jilin)
	// 西安: 610100 西安市 (Xi'an)
}
