package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestShortName(t *testing.T) {
	tests := []struct {
		full, short string
	}{
		{"山西省", "山西"},
		{"吕梁市", "吕梁"},
		{"北京市", "北京"},
		{"内蒙古自治区", "内蒙古"},
		{"广西壮族自治区", "广西"},
		{"新疆维吾尔自治区", "新疆"},
		{"香港特别行政区", "香港"},
		{"恩施土家族苗族自治州", "恩施"},
		{"延边朝鲜族自治州", "延边"},
		{"海西蒙古族藏族自治州", "海西"},
		{"博尔塔拉蒙古自治州", "博尔塔拉"},
		{"克孜勒苏柯尔克孜自治州", "克孜勒苏"},
		{"伊犁哈萨克自治州", "伊犁"},
		{"黔西南布依族苗族自治州", "黔西南"},
		{"大兴安岭地区", "大兴安岭"},
		{"阿拉善盟", "阿拉善"},
		{"神农架林区", "神农架"},
		{"保亭黎族苗族自治县", "保亭"},
		{"陵水黎族自治县", "陵水"},
		{"定安县", "定安"},
	}
	for _, tt := range tests {
		t.Run(tt.full+" is "+tt.short, func(t *testing.T) {
			if got := shortName(tt.full); got != tt.short {
				t.Errorf("shortName(%q) = %q, want %q", tt.full, got, tt.short)
			}
		})
	}
}

func TestRomanize(t *testing.T) {
	tests := []struct {
		name    string
		short   string
		english string
		aliases []string
	}{
		{"ü is written three ways", "吕梁", "Lüliang", []string{"Luliang", "Lvliang", "Lǚliáng"}},
		{"an apostrophe before a", "西安", "Xi'an", []string{"Xian", "Xī'ān"}},
		{"an apostrophe inside a longer name", "马鞍山", "Ma'anshan", []string{"Maanshan", "Mǎ'ānshān"}},
		{"a corrected reading", "长治", "Changzhi", []string{"Chángzhì"}},
		{"a corrected reading with an apostrophe", "六安", "Lu'an", []string{"Luan", "Lù'ān"}},
		{"the pinyin of 陕西 is dropped", "陕西", "Shaanxi", []string{"Shǎnxī"}},
		{"an English name keeps the pinyin as an alias", "呼和浩特", "Hohhot", []string{"Huhehaote", "Hūhéhàotè"}},
		{"an exonym", "西藏", "Xizang", []string{"Tibet", "Xīzàng"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			english, aliases, err := romanize(tt.short, exceptions[tt.short])
			if err != nil {
				t.Fatal(err)
			}
			if english != tt.english || !slices.Equal(aliases, tt.aliases) {
				t.Errorf("romanize(%s) = %q %q, want %q %q", tt.short, english, aliases, tt.english, tt.aliases)
			}
		})
	}
}

func TestReadingMustFitTheName(t *testing.T) {
	if _, _, err := romanize("长治", exception{reading: "cháng"}); err == nil {
		t.Error("a reading of one syllable for two characters was accepted")
	}
}

func TestBuildSkipsPlaceholders(t *testing.T) {
	provinces := []division{{Code: "11", Name: "北京市"}, {Code: "42", Name: "湖北省"}}
	cities := []division{
		{Code: "1101", Name: "市辖区", ProvinceCode: "11"},
		{Code: "4201", Name: "武汉市", ProvinceCode: "42"},
		{Code: "4290", Name: "省直辖县级行政区划", ProvinceCode: "42"},
	}
	areas := []division{
		{Code: "420102", Name: "江岸区", CityCode: "4201", ProvinceCode: "42"},
		{Code: "429004", Name: "仙桃市", CityCode: "4290", ProvinceCode: "42"},
	}
	others := map[string]json.RawMessage{"台湾省": nil, "香港特别行政区": nil, "澳门特别行政区": nil}
	places, err := build(provinces, cities, areas, others)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range places {
		got = append(got, strings.Join([]string{p.code, p.level, p.parent, p.short}, " "))
	}
	want := []string{
		"110000 province  北京",
		"420000 province  湖北",
		"420100 prefecture 420000 武汉",
		"429004 county 420000 仙桃",
		"710000 province  台湾",
		"810000 province  香港",
		"820000 province  澳门",
	}
	if !slices.Equal(got, want) {
		t.Errorf("build gave\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCheckRefusesAnAliasThatIsAnotherPlacesName(t *testing.T) {
	places := []*place{
		{code: "140000", level: "province", name: "山西省", short: "山西", english: "Shanxi"},
		{code: "610000", level: "province", name: "陕西省", short: "陕西", english: "Shaanxi", aliases: []string{"Shanxi"}},
	}
	var log strings.Builder
	if err := check(places, &log); err == nil || !strings.Contains(err.Error(), `alias "Shanxi"`) {
		t.Errorf("check = %v, want an error about the alias Shanxi", err)
	}
}
