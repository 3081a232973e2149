package place

import (
	"slices"
	"testing"
)

func TestDesignationAfter(t *testing.T) {
	tests := []struct {
		name  string
		place string // a name
		after string // what follows it
		want  string // the designation taken, "" for none
	}{
		{"one word", "Shanxi", " Province, in the north", " Province"},
		{"in any case, across spaces", "Shanxi", "   PROVINCE", "   PROVINCE"},
		{"several words", "Ili", " Kazakh Autonomous Prefecture", " Kazakh Autonomous Prefecture"},
		{"the longest", "Guangxi", " Zhuang Autonomous Region's capital", " Zhuang Autonomous Region"},
		{"before a possessive", "Jilin", " City's mayor", " City"},
		{"before Chinese", "Shanxi", " Province省", " Province"},
		{"not the start of a longer word", "Shanxi", " Provincial Party Committee", ""},
		{"not a word that goes on", "Jilin", " Cityscape", ""},
		{"not without a space", "Shanxi", "Province", ""},
		{"not half of one", "Ili", " Kazakh", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.place + tt.after
			_, end, ok := DesignationAfter(text, len(tt.place))
			if got := text[len(tt.place):end]; got != tt.want || ok != (tt.want != "") {
				t.Errorf("DesignationAfter(%q) = %q, %v; want %q", text, got, ok, tt.want)
			}
		})
	}
}

// Find and Lookup read a designation the same way: 吉林 is a province and a
// city, and each designation picks one of them in both.
func TestDesignationsPickTheSameLevel(t *testing.T) {
	for _, d := range Designations() {
		if d.English == "" {
			continue
		}
		name := "Jilin " + d.English
		t.Run(name, func(t *testing.T) {
			want := Code("220200")
			if d.Province {
				want = "220000"
			}
			var found []Code
			for _, m := range Find("They went to " + name + ".") {
				for _, p := range m.Places {
					found = append(found, p.Code)
				}
			}
			var looked []Code
			for _, p := range Lookup(name) {
				looked = append(looked, p.Code)
			}
			if !slices.Equal(found, []Code{want}) || !slices.Equal(looked, []Code{want}) {
				t.Errorf("Find gives %v, Lookup %v; want %s", found, looked, want)
			}
		})
	}
}

func TestHanDesignation(t *testing.T) {
	for _, tt := range []struct{ after, want string }{
		{"省委书记", "省"},
		{"维吾尔自治区党委", "维吾尔自治区"},
		{"自治州人民政府", "自治州"},
		{"人民政府", ""},
	} {
		if got := HanDesignation(tt.after); got != tt.want {
			t.Errorf("HanDesignation(%q) = %q, want %q", tt.after, got, tt.want)
		}
	}
	for _, tt := range []struct {
		name string
		want bool
	}{{"山西省", true}, {"恩施州", true}, {"新疆维吾尔自治区", true}, {"香港特别行政区", true}, {"山西", false}} {
		if got := EndsWithHanDesignation(tt.name); got != tt.want {
			t.Errorf("EndsWithHanDesignation(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
