package index

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// mention is a province named in a text, at bytes [start, end).
type mention struct {
	start, end int
	province   string
}

// provinceNames maps each provincial-level division's English name to the
// names it is written under. (To be replaced by the gazetteer.)
var provinceNames = map[string][]string{
	"Beijing": {"Beijing", "北京"}, "Tianjin": {"Tianjin", "天津"}, "Hebei": {"Hebei", "河北"},
	"Shanxi": {"Shanxi", "山西"}, "Inner Mongolia": {"Inner Mongolia", "内蒙古"}, "Liaoning": {"Liaoning", "辽宁"},
	"Jilin": {"Jilin", "吉林"}, "Heilongjiang": {"Heilongjiang", "黑龙江"}, "Shanghai": {"Shanghai", "上海"},
	"Jiangsu": {"Jiangsu", "江苏"}, "Zhejiang": {"Zhejiang", "浙江"}, "Anhui": {"Anhui", "安徽"},
	"Fujian": {"Fujian", "福建"}, "Jiangxi": {"Jiangxi", "江西"}, "Shandong": {"Shandong", "山东"},
	"Henan": {"Henan", "河南"}, "Hubei": {"Hubei", "湖北"}, "Hunan": {"Hunan", "湖南"},
	"Guangdong": {"Guangdong", "广东"}, "Guangxi": {"Guangxi", "广西"}, "Hainan": {"Hainan", "海南"},
	"Chongqing": {"Chongqing", "重庆"}, "Sichuan": {"Sichuan", "四川"}, "Guizhou": {"Guizhou", "贵州"},
	"Yunnan": {"Yunnan", "云南"}, "Xizang": {"Xizang", "Tibet", "西藏"}, "Shaanxi": {"Shaanxi", "陕西"},
	"Gansu": {"Gansu", "甘肃"}, "Qinghai": {"Qinghai", "青海"}, "Ningxia": {"Ningxia", "宁夏"},
	"Xinjiang": {"Xinjiang", "新疆"}, "Taiwan": {"Taiwan", "台湾"}, "Hong Kong": {"Hong Kong", "香港"},
	"Macao": {"Macao", "Macau", "澳门"},
}

// mentions finds the provinces named in text: English names as whole words,
// Chinese names anywhere.
func mentions(text string) []mention {
	var out []mention
	for province, names := range provinceNames {
		for _, name := range names {
			for at := 0; ; {
				i := strings.Index(text[at:], name)
				if i < 0 {
					break
				}
				s, e := at+i, at+i+len(name)
				at = e
				if name[0] < utf8.RuneSelf && (!boundary(text, s, true) || !boundary(text, e, false)) {
					continue
				}
				out = append(out, mention{s, e, province})
			}
		}
	}
	return out
}

func boundary(text string, i int, before bool) bool {
	var r rune
	if before {
		if i == 0 {
			return true
		}
		r, _ = utf8.DecodeLastRuneInString(text[:i])
	} else {
		if i == len(text) {
			return true
		}
		r, _ = utf8.DecodeRuneInString(text[i:])
	}
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}
