package person

import "strings"

// compound are the two-character surnames, with their readings: 欧阳修 is
// Ouyang Xiu, 尉迟恭 Yuchi Gong, 万俟卨 Moqi Xie.
var compound = map[string]string{
	"欧阳": "ouyang", "司马": "sima", "诸葛": "zhuge", "上官": "shangguan",
	"东方": "dongfang", "夏侯": "xiahou", "慕容": "murong", "司徒": "situ",
	"公孙": "gongsun", "宇文": "yuwen", "轩辕": "xuanyuan", "呼延": "huyan",
	"端木": "duanmu", "百里": "baili", "南宫": "nangong", "西门": "ximen",
	"独孤": "dugu", "申屠": "shentu", "司空": "sikong", "闻人": "wenren",
	"赫连": "helian", "拓跋": "tuoba", "太史": "taishi", "钟离": "zhongli",
	"淳于": "chunyu", "公冶": "gongye", "濮阳": "puyang", "仲孙": "zhongsun",
	"长孙": "zhangsun", "令狐": "linghu", "皇甫": "huangfu", "尉迟": "yuchi",
	"万俟": "moqi", "单于": "chanyu", "澹台": "tantai", "鲜于": "xianyu",
	"左丘": "zuoqiu", "东郭": "dongguo", "公羊": "gongyang", "谷梁": "guliang",
	"宗政": "zongzheng", "乐正": "yuezheng", "司寇": "sikou", "巫马": "wuma",
	"亓官": "qiguan", "羊舌": "yangshe", "梁丘": "liangqiu", "第五": "diwu",
}

// special are the surnames that read otherwise than the character's common
// reading: 曾 is Zeng as a surname (céng otherwise), 单 Shan (dān), 解 Xie
// (jiě), 仇 Qiu (chóu), 区 Ou (qū), 朴 Piao (pǔ), 查 Zha (chá), 盖 Ge (gài),
// 覃 Qin (tán).
var special = map[rune]string{
	'曾': "zeng", '单': "shan", '解': "xie", '仇': "qiu", '区': "ou",
	'朴': "piao", '查': "zha", '盖': "ge", '覃': "qin", '种': "chong",
	'乐': "yue", '缪': "miao", '召': "shao", '繁': "po", '员': "yun",
	'秘': "bi", '贲': "ben", '句': "gou", '牟': "mou", '宿': "su",
	'隗': "wei", '莘': "shen", '都': "du", '纪': "ji", '翟': "zhai",
	'折': "she", '藏': "zang", '角': "jue", '石': "shi", '曲': "qu",
	'重': "chong", '蕃': "pi", '传': "chuan", '阚': "kan", '谌': "chen",
	'祭': "zhai", '能': "nai", '朝': "chao", '便': "pian", '贾': "jia",
	'柏': "bai", '薄': "bo", '蔚': "yu", '尉': "wei", '沈': "shen",
	'冼': "xian", '粘': "nian", '逄': "pang", '卜': "bu", '么': "yao",
	'长': "chang", '华': "hua", '任': "ren", '叶': "ye", '陆': "lu",
	'那': "na", '黑': "he", '参': "can", '万': "wan", '乘': "sheng",
	'晟': "cheng", '眭': "sui", '啜': "chuai", '郇': "huan", '卞': "bian",
}

// common are the surnames of most of China's people, the most common
// first (the ranking of the 2020 census, as the Ministry of Public
// Security published it, for the first hundred; then others of the
// Hundred Family Surnames that are in the news). A name is split after its
// surname only when the surname is here or in compound.
var common = strings.Fields(`
	王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 高 罗
	郑 梁 谢 宋 唐 许 韩 邓 冯 曹 彭 曾 肖 田 董 潘 袁 蔡 蒋 余
	于 杜 叶 程 魏 苏 吕 丁 任 卢 姚 沈 钟 姜 崔 谭 陆 范 汪 廖
	石 金 韦 贾 夏 付 方 邹 熊 白 孟 秦 邱 侯 江 尹 薛 闫 段 雷
	龙 黎 史 陶 贺 毛 郝 顾 龚 邵 万 覃 武 钱 戴 严 莫 孔 向 常
	汤 康 易 乔 赖 文 施 洪 辛 柯 庄 樊 牛 殷 葛 祝 倪 翁 温 季
	齐 申 耿 关 兰 焦 俞 左 柳 甘 祁 安 伍 鲁 尚 褚 卫 蒲 欧 岳
	舒 聂 甄 路 包 米 单 解 仇 区 朴 查 盖 冼 佘 游 詹 骆 楼 芦
	车 霍 阮 章 滕 谷 纪 童 连 房 储 刁 靳 简 苗 凌 宁 邢 费 梅
	景 卓 商 尤 巴 廉 窦 赫 藏 晏 冉 闵 宫 裴 喻 瞿 阎 应 鞠 敖
	宗 穆 蓝 艾 谈 姬 巩 晋 惠 隋 阳 戚 邬 古 成 虞 苟 桂 池 符
	麦 屈 迟 鲍 时 邝 缪 翟 谌 卜 牟 宿 匡 初 门 鄢 战 栾 农 管
	卞 荣 沙 蒙 全 燕 和 东 花 计 伏 平 明 原 强 幸 银 丰 仲 屠
	蔺 相 郁 邰 宦 房 奚 扈 臧 鄂 柴 衡 步 都 滑 冷 邸 权 逯 揭
	盛 况 曲 师 粟 经 易 习 栗 储 寇 井 雍 闻 衣 练 母 郎 漆`)

// surnames is common as a set, with the rank of each (0 is 王).
var surnames = func() map[rune]int {
	m := map[rune]int{}
	for i, s := range common {
		for _, r := range s {
			if _, dup := m[r]; !dup {
				m[r] = i
			}
		}
	}
	return m
}()

// topRank is the rank below which a surname is among the hundred most
// common: when both words of an English name could be a surname, the more
// common one is.
const topRank = 100
