package person

import (
	"fmt"
	"strings"
	"testing"
)

func TestRomanize(t *testing.T) {
	tests := []struct {
		name, chinese, want string
	}{
		{"the head of state", "习近平", "习|近平 Xi Jinping xi jinping"},
		{"a seed's official: the CPPCC chairman", "吴存荣", "吴|存荣 Wu Cunrong wu cunrong"},
		{"a seed's official: the governor, whom machine translation calls the Jinxiang Army", "金湘军", "金|湘军 Jin Xiangjun jin xiangjun"},
		{"a seed's official: 胡昌升", "胡昌升", "胡|昌升 Hu Changsheng hu changsheng"},
		{"a seed's official: 骆惠宁", "骆惠宁", "骆|惠宁 Luo Huining luo huining"},
		{"a seed's official: 楼阳生", "楼阳生", "楼|阳生 Lou Yangsheng lou yangsheng"},
		{"a seed's official: 任振鹤", "任振鹤", "任|振鹤 Ren Zhenhe ren zhenhe"},
		{"曾 is Zeng as a surname", "曾庆红", "曾|庆红 Zeng Qinghong zeng qinghong"},
		{"单 is Shan", "单霁翔", "单|霁翔 Shan Jixiang shan jixiang"},
		{"解 is Xie", "解振华", "解|振华 Xie Zhenhua xie zhenhua"},
		{"仇 is Qiu", "仇和", "仇|和 Qiu He qiu he"},
		{"区 is Ou", "区志航", "区|志航 Ou Zhihang ou zhihang"},
		{"朴 is Piao", "朴光浩", "朴|光浩 Piao Guanghao piao guanghao"},
		{"查 is Zha", "查良镛", "查|良镛 Zha Liangyong zha liangyong"},
		{"盖 is Ge", "盖如垠", "盖|如垠 Ge Ruyin ge ruyin"},
		{"覃 is Qin", "覃塘", "覃|塘 Qin Tang qin tang"},
		{"a compound surname", "欧阳修", "欧阳|修 Ouyang Xiu ouyang xiu"},
		{"司马", "司马光", "司马|光 Sima Guang sima guang"},
		{"诸葛", "诸葛亮", "诸葛|亮 Zhuge Liang zhuge liang"},
		{"上官", "上官婉儿", "上官|婉儿 Shangguan Wan'er shangguan waner"},
		{"尉迟 is Yuchi", "尉迟恭", "尉迟|恭 Yuchi Gong yuchi gong"},
		{"万俟 is Moqi", "万俟卨", "万俟|卨 Moqi Xie moqi xie"},
		{"长 in a given name is chang", "李长春", "李|长春 Li Changchun li changchun"},
		{"an apostrophe before a, o, e", "李克安", "李|克安 Li Ke'an li kean"},
		{"ü is kept in English and folded in the key", "吕志和", "吕|志和 Lü Zhihe lu zhihe"},
		{"homophones meet: 李强", "李强", "李|强 Li Qiang li qiang"},
		{"homophones meet: 李蔷", "李蔷", "李|蔷 Li Qiang li qiang"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, ok := Romanize(tt.chinese)
			got := fmt.Sprintf("%s|%s %s %s", n.Surname, n.Given, n.English, n.Key)
			if !ok || got != tt.want {
				t.Errorf("Romanize(%s) = %s, %v; want %s", tt.chinese, got, ok, tt.want)
			}
		})
	}
}

func TestRomanizeRefuses(t *testing.T) {
	for _, s := range []string{"", "习", "近平习近平", "Xi Jinping", "国务院总理", "的确是"} {
		if n, ok := Romanize(s); ok {
			t.Errorf("Romanize(%q) = %+v, want false", s, n)
		}
	}
}

func TestKey(t *testing.T) {
	tests := []struct {
		name, english, want string
	}{
		{"as outlets write it", "Xi Jinping", "xi jinping"},
		{"the surname in capitals", "XI Jinping", "xi jinping"},
		{"a hyphen in the given name", "Xi Jin-ping", "xi jinping"},
		{"the surname last", "Jinping Xi", "xi jinping"},
		{"lower case", "xi jinping", "xi jinping"},
		{"syllables apart", "Xi Jin Ping", "xi jinping"},
		{"the surname last, in capitals", "Changsheng HU", "hu changsheng"},
		{"a common surname wins when both could be one", "Qiang Li", "li qiang"},
		{"and the first when both are common", "Li Wang", "li wang"},
		{"capitals decide against the order", "Wang LI", "li wang"},
		{"a compound surname", "Ouyang Xiu", "ouyang xiu"},
		{"a compound surname written apart", "Ou Yang Xiu", "ouyang xiu"},
		{"Lyu and Lv are Lü", "Lyu Zhihe", "lu zhihe"},
		{"Lv", "Lv Zhihe", "lu zhihe"},
		{"Lü", "Lü Zhihe", "lu zhihe"},
		{"an apostrophe", "Li Ke'an", "li kean"},
		{"a seed's official", "Wu Cunrong", "wu cunrong"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, ok := Key(tt.english); !ok || got != tt.want {
				t.Errorf("Key(%q) = %q, %v; want %q", tt.english, got, ok, tt.want)
			}
		})
	}
}

func TestKeyRefuses(t *testing.T) {
	for _, s := range []string{"", "Xi", "Boris Johnson", "Tsai Ing-wen", "Shanxi Coking Coal Group Sales", "习近平", "Xi 2024"} {
		if k, ok := Key(s); ok {
			t.Errorf("Key(%q) = %q, want false", s, k)
		}
	}
}

// TestSeedOfficials checks that the English names of the seeds' officials
// and their Chinese names meet.
func TestSeedOfficials(t *testing.T) {
	pairs := "吴存荣 Wu Cunrong, 金湘军 Jin Xiangjun, 胡昌升 Hu Changsheng, 骆惠宁 Luo Huining, 楼阳生 Lou Yangsheng, 任振鹤 Ren Zhenhe"
	for _, p := range strings.Split(pairs, ", ") {
		zh, en, _ := strings.Cut(p, " ")
		n, ok := Romanize(zh)
		k, kok := Key(en)
		if !ok || !kok || n.Key != k || n.English != en {
			t.Errorf("%s is %q (key %q), %s is key %q", zh, n.English, n.Key, en, k)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		t := parseReadings(readingsData)
		if len(t.reading) < 20000 {
			b.Fatal(len(t.reading))
		}
	}
}

func BenchmarkRomanize(b *testing.B) {
	for b.Loop() {
		Romanize("胡昌升")
	}
}

func BenchmarkKey(b *testing.B) {
	for b.Loop() {
		Key("Jinping Xi")
	}
}

// TestEveryNameFoldsToItsKey romanizes a name with every surname and with
// every character as its given name, and checks that the English spelling
// folds back to the name's key, in both orders.
func TestEveryNameFoldsToItsKey(t *testing.T) {
	var names []string
	for _, s := range common {
		names = append(names, s+"明")
	}
	for s := range compound {
		names = append(names, s+"明")
	}
	for r := range load().reading {
		names = append(names, "王"+string(r), "王明"+string(r))
	}
	bad := 0
	for _, zh := range names {
		n, ok := Romanize(zh)
		if !ok {
			t.Errorf("Romanize(%s) = false", zh)
			continue
		}
		sur, given, _ := strings.Cut(n.English, " ")
		spellings := []string{n.English}
		if len(sur) > 1 {
			// The surname last, told by its capitals (a one-letter
			// surname in capitals is any capitalized word: E Ming).
			spellings = append(spellings, given+" "+strings.ToUpper(sur))
		}
		for _, en := range spellings {
			if k, ok := Key(en); k != n.Key {
				if bad++; bad <= 20 {
					t.Errorf("%s is %s, key %q; Key(%q) = %q, %v", zh, n.English, n.Key, en, k, ok)
				}
			}
		}
	}
}
