package place

import (
	"slices"
	"strings"
	"testing"
)

// codes returns the codes of ps, for readable comparisons.
func codes(ps []*Place) []Code {
	var out []Code
	for _, p := range ps {
		out = append(out, p.Code)
	}
	return out
}

func TestProvinces(t *testing.T) {
	want := []struct {
		code    Code
		name    string
		short   string
		english string
	}{
		{"110000", "北京市", "北京", "Beijing"},
		{"120000", "天津市", "天津", "Tianjin"},
		{"130000", "河北省", "河北", "Hebei"},
		{"140000", "山西省", "山西", "Shanxi"},
		{"150000", "内蒙古自治区", "内蒙古", "Inner Mongolia"},
		{"210000", "辽宁省", "辽宁", "Liaoning"},
		{"220000", "吉林省", "吉林", "Jilin"},
		{"230000", "黑龙江省", "黑龙江", "Heilongjiang"},
		{"310000", "上海市", "上海", "Shanghai"},
		{"320000", "江苏省", "江苏", "Jiangsu"},
		{"330000", "浙江省", "浙江", "Zhejiang"},
		{"340000", "安徽省", "安徽", "Anhui"},
		{"350000", "福建省", "福建", "Fujian"},
		{"360000", "江西省", "江西", "Jiangxi"},
		{"370000", "山东省", "山东", "Shandong"},
		{"410000", "河南省", "河南", "Henan"},
		{"420000", "湖北省", "湖北", "Hubei"},
		{"430000", "湖南省", "湖南", "Hunan"},
		{"440000", "广东省", "广东", "Guangdong"},
		{"450000", "广西壮族自治区", "广西", "Guangxi"},
		{"460000", "海南省", "海南", "Hainan"},
		{"500000", "重庆市", "重庆", "Chongqing"},
		{"510000", "四川省", "四川", "Sichuan"},
		{"520000", "贵州省", "贵州", "Guizhou"},
		{"530000", "云南省", "云南", "Yunnan"},
		{"540000", "西藏自治区", "西藏", "Xizang"},
		{"610000", "陕西省", "陕西", "Shaanxi"},
		{"620000", "甘肃省", "甘肃", "Gansu"},
		{"630000", "青海省", "青海", "Qinghai"},
		{"640000", "宁夏回族自治区", "宁夏", "Ningxia"},
		{"650000", "新疆维吾尔自治区", "新疆", "Xinjiang"},
		{"710000", "台湾省", "台湾", "Taiwan"},
		{"810000", "香港特别行政区", "香港", "Hong Kong"},
		{"820000", "澳门特别行政区", "澳门", "Macao"},
	}
	got := Provinces()
	if len(got) != len(want) {
		t.Fatalf("Provinces() has %d places, want %d", len(got), len(want))
	}
	for i, w := range want {
		p := got[i]
		if p.Code != w.code || p.Name != w.name || p.Short != w.short || p.English != w.english || p.Level != LevelProvince || p.Parent != "" {
			t.Errorf("province %d is %s %s %s %s %s parent %q, want %s %s %s %s province", i,
				p.Code, p.Name, p.Short, p.English, p.Level, p.Parent, w.code, w.name, w.short, w.english)
		}
	}
}

func TestEveryPlaceBelongsToAProvinceAndHasAnEnglishName(t *testing.T) {
	count := map[Level]int{}
	for _, p := range All() {
		count[p.Level]++
		if p.English == "" {
			t.Errorf("%s has no English name", p)
		}
		if p.Level == LevelProvince {
			continue
		}
		q, ok := Province(p.Code)
		if !ok || q.Level != LevelProvince || q.Code != p.Parent || p.Code.Province() != p.Parent {
			t.Errorf("%s: parent %s, Province gives %v", p, p.Parent, q)
		}
	}
	// The bureau's 2023 tables: 333 prefecture-level divisions, and 32
	// county-level ones directly under a province.
	if count[LevelProvince] != 34 || count[LevelPrefecture] != 333 || count[LevelCounty] != 32 {
		t.Errorf("got %v, want 34 provinces, 333 prefectures, 32 counties", count)
	}
}

func TestEnglishNames(t *testing.T) {
	// The names go-pinyin gets wrong or that are not pinyin, and a few it
	// gets right that look as if it might not.
	tests := []struct {
		short, english string
	}{
		{"长治", "Changzhi"}, {"长沙", "Changsha"}, {"长春", "Changchun"},
		{"成都", "Chengdu"}, {"佛山", "Foshan"}, {"厦门", "Xiamen"},
		{"蚌埠", "Bengbu"}, {"六安", "Lu'an"}, {"丽水", "Lishui"},
		{"乐山", "Leshan"}, {"大理", "Dali"}, {"曲靖", "Qujing"},
		{"朝阳", "Chaoyang"}, {"济南", "Jinan"}, {"亳州", "Bozhou"},
		{"东莞", "Dongguan"}, {"莆田", "Putian"}, {"漯河", "Luohe"},
		{"吕梁", "Lüliang"}, {"西安", "Xi'an"}, {"马鞍山", "Ma'anshan"},
		{"呼和浩特", "Hohhot"}, {"乌鲁木齐", "Urumqi"}, {"哈尔滨", "Harbin"},
		{"拉萨", "Lhasa"}, {"喀什", "Kashgar"}, {"鄂尔多斯", "Ordos"},
		{"日喀则", "Xigaze"}, {"昌都", "Qamdo"}, {"阿勒泰", "Altay"},
		{"锡林郭勒", "Xilingol"}, {"克孜勒苏", "Kizilsu"}, {"大兴安岭", "Da Hinggan Ling"},
	}
	for _, tt := range tests {
		t.Run(tt.short+" is "+tt.english, func(t *testing.T) {
			ps := Lookup(tt.short)
			if len(ps) != 1 || ps[0].English != tt.english {
				t.Errorf("Lookup(%q) = %v, want one place named %q", tt.short, englishNames(ps), tt.english)
			}
		})
	}
}

func englishNames(ps []*Place) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.English)
	}
	return out
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Code
	}{
		{"a full Chinese name", "山西省", []Code{"140000"}},
		{"a short Chinese name", "山西", []Code{"140000"}},
		{"陕西 is not 山西", "陕西", []Code{"610000"}},
		{"Shanxi is 山西 only", "Shanxi", []Code{"140000"}},
		{"Shaanxi is 陕西 only", "Shaanxi", []Code{"610000"}},
		{"tone marks tell Shǎnxī from Shānxī", "Shǎnxī", []Code{"610000"}},
		{"Shānxī is 山西", "Shānxī", []Code{"140000"}},
		{"吕梁 without its suffix", "吕梁", []Code{"141100"}},
		{"Lüliang with ü", "Lüliang", []Code{"141100"}},
		{"Lvliang with v", "Lvliang", []Code{"141100"}},
		{"Luliang with u", "Luliang", []Code{"141100"}},
		{"lü liang spaced", "lü liang", []Code{"141100"}},
		{"Xi'an with apostrophe", "Xi'an", []Code{"610100"}},
		{"Xian without", "Xian", []Code{"610100"}},
		{"XI’AN with a curly apostrophe", "XI’AN", []Code{"610100"}},
		{"Taiyuan", "Taiyuan", []Code{"140100"}},
		{"内蒙古 in Chinese", "内蒙古", []Code{"150000"}},
		{"内蒙古自治区 in full", "内蒙古自治区", []Code{"150000"}},
		{"内蒙 abbreviated", "内蒙", []Code{"150000"}},
		{"Inner Mongolia", "Inner Mongolia", []Code{"150000"}},
		{"inner-mongolia", "inner-mongolia", []Code{"150000"}},
		{"Xizang", "Xizang", []Code{"540000"}},
		{"Tibet", "Tibet", []Code{"540000"}},
		{"Hong Kong", "Hong Kong", []Code{"810000"}},
		{"Hongkong", "Hongkong", []Code{"810000"}},
		{"香港特别行政区", "香港特别行政区", []Code{"810000"}},
		{"Macao", "Macao", []Code{"820000"}},
		{"Macau", "Macau", []Code{"820000"}},
		{"广西壮族自治区", "广西壮族自治区", []Code{"450000"}},
		{"恩施土家族苗族自治州", "恩施土家族苗族自治州", []Code{"422800"}},
		{"恩施", "恩施", []Code{"422800"}},
		{"恩施州", "恩施州", []Code{"422800"}},
		{"延边朝鲜族自治州", "延边朝鲜族自治州", []Code{"222400"}},
		{"延边", "延边", []Code{"222400"}},
		{"大兴安岭地区", "大兴安岭地区", []Code{"232700"}},
		{"大兴安岭", "大兴安岭", []Code{"232700"}},
		{"阿拉善盟", "阿拉善盟", []Code{"152900"}},
		{"阿拉善", "阿拉善", []Code{"152900"}},
		{"Alxa", "Alxa", []Code{"152900"}},
		{"Urumqi", "Urumqi", []Code{"650100"}},
		{"Ürümqi", "Ürümqi", []Code{"650100"}},
		{"Hohhot", "Hohhot", []Code{"150100"}},
		{"Huhehaote, the pinyin of Hohhot", "Huhehaote", []Code{"150100"}},
		{"Kashgar", "Kashgar", []Code{"653100"}},
		{"Kashi, the pinyin of Kashgar", "Kashi", []Code{"653100"}},
		{"Harbin", "Harbin", []Code{"230100"}},
		{"Lhasa", "Lhasa", []Code{"540100"}},
		{"Peking", "Peking", []Code{"110000"}},
		{"Canton", "Canton", []Code{"440100"}},
		{"Lu'an", "Lu'an", []Code{"341500"}},
		{"Luan", "Luan", []Code{"341500"}},
		{"Ma'anshan", "Ma'anshan", []Code{"340500"}},
		{"Maanshan", "Maanshan", []Code{"340500"}},
		{"吉林 is a province and a city", "吉林", []Code{"220000", "220200"}},
		{"吉林市 is the city", "吉林市", []Code{"220200"}},
		{"Jilin City is the city", "Jilin City", []Code{"220200"}},
		{"Jilin Province is the province", "Jilin Province", []Code{"220000"}},
		{"海南 is a province and a prefecture", "海南", []Code{"460000", "632500"}},
		{"海南州 is the prefecture", "海南州", []Code{"632500"}},
		{"Fuzhou is 福州 and 抚州", "Fuzhou", []Code{"350100", "361000"}},
		{"Taizhou is 泰州 and 台州", "Taizhou", []Code{"321200", "331000"}},
		{"Yichun is 伊春 and 宜春", "Yichun", []Code{"230700", "360900"}},
		{"Suzhou is 苏州 and 宿州", "Suzhou", []Code{"320500", "341300"}},
		{"Yulin is 玉林 and 榆林", "Yulin", []Code{"450900", "610800"}},
		{"朝阳 is the city in Liaoning", "朝阳", []Code{"211300"}},
		{"a weak name is still looked up", "白银", []Code{"620400"}},
		{"a county-level city under a province", "仙桃", []Code{"429004"}},
		{"a one-character abbreviation is not a name", "晋", nil},
		{"an unknown name", "Atlantis", nil},
		{"the empty string", "  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := codes(Lookup(tt.in)); !slices.Equal(got, tt.want) {
				t.Errorf("Lookup(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestEveryNameLooksUpItsPlace(t *testing.T) {
	for _, p := range All() {
		names := append([]string{p.Name, p.Short, p.English}, p.Aliases...)
		for _, n := range append(names, p.HanAliases...) {
			if !slices.Contains(Lookup(n), p) {
				t.Errorf("Lookup(%q) = %v, does not hold %s", n, Lookup(n), p)
			}
		}
	}
}

func TestOnlyTheKnownNamesAreAmbiguous(t *testing.T) {
	// Every key that names more than one place, by script. A new one is a
	// decision to make, not an accident to let through.
	want := []string{"吉林", "海南", "fuzhou", "hainan", "jilin", "suzhou", "taizhou", "yichun", "yulin", "hǎinán", "jílín"}
	g := load()
	var got []string
	for _, m := range []map[string][]*Place{g.han, g.folded, g.toned} {
		for k, ps := range m {
			if len(ps) > 1 {
				got = append(got, k)
			}
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("ambiguous names %v, want %v", got, want)
	}
}

func TestParseProvince(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Code // "" when it names no province
	}{
		{"an English name", "Shanxi", "140000"},
		{"a doubled a", "Shaanxi", "610000"},
		{"a short Chinese name", "山西", "140000"},
		{"a full Chinese name", "陕西省", "610000"},
		{"a code", "140000", "140000"},
		{"lower case", "inner mongolia", "150000"},
		{"with Province after it", "Shanxi Province", "140000"},
		{"with SAR after it", "Hong Kong SAR", "810000"},
		{"an ambiguous name that one province bears", "吉林", "220000"},
		{"Hainan", "Hainan", "460000"},
		{"Tibet", "Tibet", "540000"},
		{"Macau", "Macau", "820000"},
		{"a prefecture is not a province", "Taiyuan", ""},
		{"a prefecture's code is not a province's", "141100", ""},
		{"an unknown code", "990000", ""},
		{"a one-character abbreviation", "晋", ""},
		{"nothing", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := ParseProvince(tt.in)
			switch {
			case tt.want == "" && ok:
				t.Errorf("ParseProvince(%q) = %s, want none", tt.in, p)
			case tt.want != "" && (!ok || p.Code != tt.want):
				t.Errorf("ParseProvince(%q) = %v, %v, want %s", tt.in, p, ok, tt.want)
			}
		})
	}
}

func TestProvinceRollsUp(t *testing.T) {
	tests := []struct {
		name string
		in   Code
		want Code
	}{
		{"Taiyuan is in Shanxi", "140100", "140000"},
		{"Lüliang is in Shanxi", "141100", "140000"},
		{"Xi'an is in Shaanxi", "610100", "610000"},
		{"Shihezi is in Xinjiang", "659001", "650000"},
		{"a province is itself", "140000", "140000"},
		{"an unknown code is nowhere", "141199", ""},
		{"a malformed code is nowhere", "14", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := Province(tt.in)
			if got := Code(""); ok {
				got = p.Code
				if got != tt.want {
					t.Errorf("Province(%s) = %s, want %s", tt.in, got, tt.want)
				}
			} else if tt.want != "" {
				t.Errorf("Province(%s) found nothing, want %s", tt.in, tt.want)
			}
		})
	}
	// Taiyuan, as a reader types it, rolls up to Shanxi.
	ps := Lookup("Taiyuan")
	if len(ps) != 1 {
		t.Fatalf("Lookup(Taiyuan) = %v", ps)
	}
	if p, ok := Province(ps[0].Code); !ok || p.English != "Shanxi" {
		t.Errorf("Province(Taiyuan) = %v, want Shanxi", p)
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Lüliang", "luliang"},
		{"Lvliang", "luliang"},
		{"Luliang", "luliang"},
		{"lü liang", "luliang"},
		{"LÜLIANG", "luliang"},
		{"Lǚliáng", "luliang"},
		{"Xi'an", "xian"},
		{"Xi’an", "xian"},
		{"Xī'ān", "xian"},
		{"Inner Mongolia", "innermongolia"},
		{"Inner-Mongolia", "innermongolia"},
		{"Ma'anshan", "maanshan"},
		{"Shaanxi", "shaanxi"},
		{"Shanxi", "shanxi"},
		{"Ｓｈａｎｘｉ", "shanxi"},
		{"Xigazê", "xigaze"},
		{"山西", "山西"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in+" folds to "+tt.want, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseRejectsBrokenData(t *testing.T) {
	const good = "140000\tprovince\t\t山西省\t山西\tShanxi\t\t\t\n"
	tests := []struct {
		name, text, want string
	}{
		{"a line with too few fields", "140000\tprovince\t\n", "fields"},
		{"an unknown level", strings.Replace(good, "province", "city", 1), "level"},
		{"a short code", strings.Replace(good, "140000", "14", 1), "code"},
		{"a province with a parent", strings.Replace(good, "province\t", "province\t110000", 1), "parent"},
		{"a code twice", good + good, "twice"},
		{"a prefecture without its province", "141100\tprefecture\t140000\t吕梁市\t吕梁\tLüliang\t\t\t\n", "not a province"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parse(tt.text); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parse gave error %v, want one about %q", err, tt.want)
			}
		})
	}
	if _, err := parse("# comment\n" + good); err != nil {
		t.Errorf("parse(good line) = %v", err)
	}
}

// BenchmarkLoad measures parsing the embedded data and building the
// indexes, which the first caller pays once.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
