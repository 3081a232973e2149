package person_test

import (
	"fmt"

	"github.com/xinwen/xinwen/analyzer/person"
)

func ExampleRomanize() {
	for _, s := range []string{"习近平", "曾庆红", "欧阳修", "李长春"} {
		n, _ := person.Romanize(s)
		fmt.Println(s, n.English, n.Key)
	}
	// Output:
	// 习近平 Xi Jinping xi jinping
	// 曾庆红 Zeng Qinghong zeng qinghong
	// 欧阳修 Ouyang Xiu ouyang xiu
	// 李长春 Li Changchun li changchun
}

func ExampleKey() {
	for _, s := range []string{"Xi Jinping", "XI Jinping", "Xi Jin-ping", "Jinping Xi", "xi jinping", "Boris Johnson"} {
		k, ok := person.Key(s)
		fmt.Printf("%s: %q %v\n", s, k, ok)
	}
	// Output:
	// Xi Jinping: "xi jinping" true
	// XI Jinping: "xi jinping" true
	// Xi Jin-ping: "xi jinping" true
	// Jinping Xi: "xi jinping" true
	// xi jinping: "xi jinping" true
	// Boris Johnson: "" false
}

func ExampleIndex() {
	x := person.NewIndex("李强", "李蔷", "习近平")
	fmt.Println(x.Lookup("Li Qiang"), x.Homophones("李强"), x.Homophones("习近平"))
	// Output:
	// [李强 李蔷] [李蔷] []
}
