package main

import (
	"strings"
	"unicode/utf8"
)

// suffixes are the administrative suffixes that a short name drops, longest
// first so that 自治州 wins over 州-less readings. 林区 is 神农架林区, the one
// forestry district at county level.
var suffixes = []string{
	"特别行政区", "自治区", "自治州", "自治县", "地区", "林区", "省", "市", "盟", "县",
}

// autonomous are the suffixes after which the names of the peoples come off
// too: 恩施土家族苗族自治州 is 恩施, not 恩施土家族苗族.
var autonomous = map[string]bool{"自治区": true, "自治州": true, "自治县": true}

// peoples are the names of China's peoples as they appear inside the names of
// autonomous areas, with or without 族 (博尔塔拉蒙古自治州, 伊犁哈萨克自治州).
var peoples = strings.Fields(`
	蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤
	畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬
	锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔
	独龙 鄂伦春 赫哲 门巴 珞巴 基诺`)

// shortName returns the name without its administrative suffix and, for an
// autonomous area, without the names of its peoples. The short name keeps at
// least two characters: 内蒙古自治区 is 内蒙古, not 内.
func shortName(full string) string {
	s := full
	for _, suf := range suffixes {
		rest, ok := strings.CutSuffix(s, suf)
		if !ok || utf8.RuneCountInString(rest) < 2 {
			continue
		}
		s = rest
		if autonomous[suf] {
			s = stripPeoples(s)
		}
		break
	}
	return s
}

// stripPeoples takes the names of peoples off the end of s for as long as
// two characters remain.
func stripPeoples(s string) string {
	for {
		cut := false
		for _, p := range peoples {
			for _, form := range []string{p + "族", p} {
				rest, ok := strings.CutSuffix(s, form)
				if ok && utf8.RuneCountInString(rest) >= 2 {
					s, cut = rest, true
					break
				}
			}
			if cut {
				break
			}
		}
		if !cut {
			return s
		}
	}
}
