package place

import (
	"fmt"
	"strings"
	"testing"
)

func TestFindLocal(t *testing.T) {
	tests := []struct {
		name, text string
		want       string // name=codes of each mention, in order
	}{
		{"a county by its full name", "芦山县的帐篷里", "芦山县=511826"},
		{"a county-level city", "他是耒阳市人", "耒阳市=430481"},
		{"a district that two cities share gives both", "在朝阳区举行", "朝阳区=110105|220104"},
		{"a county after its province and prefecture", "四川雅安芦山县", "四川=510000 雅安=511800 芦山县=511826"},
		{"a county's short name right after its province", "北京朝阳：服务保障", "北京=110000 朝阳=110105"},
		{"a county's short name right after its prefecture", "浙江宁波宁海县许民村，宁波宁海", "浙江=330000 宁波=330200 宁海县=330226 宁波=330200 宁海=330226"},
		{"a new area by its short name", "上海浦东的企业", "上海=310000 浦东=310115"},
		{"a short name after another province is no county", "北京宁海路", "北京=110000"},
		{"a short name alone is no county", "朝阳产业和宁海的企业", ""},
		{"the longest name still wins where it starts", "上海城市更新", "上海=310000"},
		{"a blocker still blocks", "沿海城市", ""},
		{"a district named like a common noun is no district", "老城区和新城区改造", ""},
		{"a one-character county is left out", "雄县和沛县", ""},
		{"the gazetteer's own counties are found as in Find", "河南济源市", "河南=410000 济源市=419001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range FindLocal(tt.text) {
				var codes []string
				for _, p := range m.Places {
					codes = append(codes, string(p.Code))
				}
				got = append(got, tt.text[m.Start:m.End]+"="+strings.Join(codes, "|"))
			}
			if s := strings.Join(got, " "); s != tt.want {
				t.Errorf("FindLocal(%q) = %s, want %s", tt.text, s, tt.want)
			}
		})
	}
}

// FindLocal returns what Find does, and the counties besides: on any text,
// dropping the county mentions from FindLocal leaves Find.
func TestFindLocalAddsOnlyCounties(t *testing.T) {
	for _, text := range []string{
		"山西省吕梁市和Luliang City，吉林长春，黄河北岸，甘肃白银",
		"北京市朝阳区、海淀区和通州区，江苏南通通州区",
		"湖南耒阳市、祁东县的干部到广西桂林市",
	} {
		var want, got []string
		for _, m := range Find(text) {
			want = append(want, fmt.Sprint(m))
		}
		for _, m := range FindLocal(text) {
			if m.Places[0].Level != LevelCounty {
				got = append(got, fmt.Sprint(m))
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("FindLocal(%q) less its counties = %v, want Find's %v", text, got, want)
		}
	}
}

func TestCountiesAreNotInTheGazetteer(t *testing.T) {
	for _, m := range FindLocal("芦山县") {
		if _, ok := ByCode(m.Places[0].Code); ok {
			t.Errorf("ByCode knows county %s: the gazetteer's codes (and the index's places) are provinces and prefectures", m.Places[0])
		}
		if ps := Lookup("芦山县"); ps != nil {
			t.Errorf("Lookup(芦山县) = %v, want nil: search does not expand county names", ps)
		}
	}
}
