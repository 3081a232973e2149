package extract

import (
	"fmt"
	"testing"
)

func TestProvinceOfArticle(t *testing.T) {
	tests := []struct {
		name                string
		title, source, body string
		want                string // a province code, or ""
	}{
		// The dateline, the source, the headline.
		{"a Xinhua dateline names the province", "", "", "新华社太原3月28日电 会议要求，各单位要抓紧落实年度重点任务。", "140000"},
		{"an English dateline names the province", "", "", "Lanzhou September 26 news (reporter Zhang Fugui) The meeting stressed reform of state-owned enterprises.", "620000"},
		{"the source is the province's paper", "省委召开常委会议", "山西日报", "会议研究部署了下一阶段的重点工作。", "140000"},
		{"the source is an English paper's name", "CPPCC chairman investigates", "Shanxi CPPCC Daily", "He visited enterprises and talked with members.", "140000"},
		{"a reporter's paper is the source", "", "", "The meeting was held this afternoon. (Gansu Daily reporter Meng Jie)", "620000"},
		{"a headline that opens with its province", "江苏：优化营商环境 激发市场活力", "", "今年以来，各地持续优化政策，用心服务企业发展。", "320000"},

		// The province's government.
		{"the provincial committee and government after the province's name", "", "", "山西省委、省政府召开会议。省委书记强调，全省上下要把思想统一到省委部署上来。", "140000"},
		{"an English provincial party committee", "", "", "The Gansu Provincial Party Committee held a meeting on Monday. The provincial government reported on the economy.", "620000"},
		{"a governor of the province", "", "", "The Governor of Shaanxi Province met investors in Xi'an on Monday and visited a plant in Baoji.", "610000"},

		// Cities roll up to their province.
		{"Chinese cities roll up to their province", "", "", "太原市召开全市安全生产会议，大同、长治等地负责人参加。", "140000"},
		{"English cities roll up to their province", "", "", "Officials from Taiyuan and Datong met in Changzhi to discuss coal.", "140000"},
		{"Lvliang and Luliang are the same city", "Lvliang coking association meets", "", "The Luliang Coking Industry Association met in Lvliang City.", "140000"},

		// Shanxi is not Shaanxi.
		{"陕西 is Shaanxi, not Shanxi", "", "", "陕西省西安市召开会议，宝鸡、咸阳负责人参加。", "610000"},
		{"山西 is Shanxi, not Shaanxi", "", "", "山西省太原市召开会议，大同、晋城负责人参加。", "140000"},
		{"Shaanxi Province is Shaanxi", "Shaanxi Province opens a rail line", "", "Xi'an, the Shaanxi capital, celebrated the opening.", "610000"},
		{"Shanxi Province is Shanxi", "Shanxi Province opens a coal exchange", "", "Taiyuan, the Shanxi capital, celebrated the opening.", "140000"},

		// Companies and comparisons do not win.
		{"a Shanghai company in a Taiyuan article", "Wu Cunrong Investigates in Taiyuan", "Shanxi CPPCC Daily",
			"He visited Shanghai Silicon Semiconductor Silicon Chip Material Base Project and Shanghai Electric, for the modernization of Shanxi.", "140000"},
		{"上海 companies in a 太原 article", "太原市推进产业转型", "", "市委书记考察了上海硅产业集团太原基地和上海电气太原项目，要求推动太原高质量发展。", "140000"},
		{"a company's name alone makes no province", "", "", "上海电气集团发布年报，利润增长两成，海外订单增加。", ""},
		{"a comparison does not win", "兰州新区建设提速", "", "兰州新区的建设速度，比上海、深圳当年还要快。兰州市民说，变化一年一个样。", "620000"},
		{"a comparison alone makes no province", "", "", "这里的房价比上海还高，年轻人买房压力很大。", ""},
		{"an English comparison alone makes no province", "", "", "Prices here are now higher than in Shanghai, the report said.", ""},

		// Ambiguous names.
		{"吉林 beside 长春 is the province", "", "", "吉林召开全省会议，长春、延边负责人参加。吉林省委书记出席会议并讲话。", "220000"},
		{"吉林市 is the city, in Jilin", "", "", "吉林市召开全市会议，吉林市委书记出席并讲话。", "220000"},
		{"Fuzhou beside Xiamen is Fujian's", "", "", "Officials in Fuzhou and Xiamen met investors from Fuzhou's port.", "350000"},
		{"Fuzhou beside Nanchang is Jiangxi's", "", "", "Officials in Fuzhou and Nanchang met investors, and Fuzhou's mayor spoke.", "360000"},
		{"Fuzhou alone is left out", "", "", "Officials in Fuzhou met investors, and Fuzhou's mayor spoke to them at length.", ""},

		// National news.
		{"the national daily figures name no province", "国家统计局发布月度数据", "", "国家统计局今天发布，31个省（自治区、直辖市）和新疆生产建设兵团居民收入稳步增长。据新疆维吾尔自治区统计局消息，伊犁州居民收入增幅居前。", ""},
		{"the capital hosting national news is not Beijing news", "国家主席会见智利总统", "", "国家主席在北京人民大会堂会见来华进行国事访问的智利总统。", ""},
		{"Beijing's own government makes Beijing news", "北京市推进垃圾分类", "", "北京市召开全市大会。北京市委书记强调，全市上下要抓好垃圾分类。", "110000"},
		{"a list of provinces is national", "", "", "河北、山西、山东等地召开会议，部署安全生产工作。", ""},
		{"two provinces side by side make none", "", "", "甘肃和青海签署合作协议，两省将共建生态走廊。", ""},
		{"a roundup's one local story does not make it local", "本台快讯", "",
			"全国春耕备耕有序推进\n农业农村部数据显示，今年以来全国春播进度快于去年同期。\n大连开通跨海夜间公交\n辽宁大连近日开通两条跨海夜间公交线路，方便大连市民夜间出行。\n多部门部署节日活动\n文化和旅游部等8部门日前联合印发通知，部署各地开展节日文化活动。", ""},
		{"Beijing time is no place", "", "", "北京时间今天上午，探测器成功着陆，各项设备工作正常。", ""},
		{"the Shanghai Cooperation Organisation is no Shanghai news", "上海合作组织成员国会议开幕", "", "会议强调，要践行“上海精神”，深化上海合作组织框架内的务实合作。", ""},
		{"an organisation named after a place, however often, is no news of the place", "上海合作组织外长会议举行", "",
			"上海合作组织成员国外长会议今天举行。与会外长回顾了上海合作组织的发展历程，表示上海合作组织是地区合作的重要平台，上海合作组织各成员国将加强协调。会议期间还签署了上海合作组织有关文件，上海合作组织秘书长出席签字仪式，并介绍了上海合作组织下一阶段的工作和上海合作组织明年的会议安排。", ""},

		// Where an event is held is not what it is about.
		{"a national meeting held in a provincial city is national", "", "", "全国农业工作会议在河南省新乡市召开，会议部署了今年的春耕生产工作。", ""},
		{"a leader's visit to a place is about the place", "", "", "国家领导人在陕西省榆林市考察，了解当地能源企业的生产情况。", "610000"},
		{"a headline's venue is not the article's province", "国家领导人在成都会见法国客人", "", "国家领导人在成都会见了来访的法国客人，双方就文化交流交换意见。", ""},
		{"the venue still weighs against the province the event is about", "", "",
			"两岸警方的交接仪式在福建厦门举行。台湾方面派员参加仪式，台湾警方与大陆警方交换了案件材料，台湾媒体对此进行了报道。", ""},
		{"a headline about the world that names only a venue is about the world", "国家主席同朝鲜领导人在大连举行会晤", "",
			"双方就两国关系交换意见，大连市民夹道欢迎。会晤结束后，两国领导人在大连市参观。", ""},
		{"works begun where the ceremony is held are the place's", "", "", "三峡水运新通道工程开工仪式今天在宜昌市举行，工程建成后将提升长江航运能力。", "420000"},
		{"what happened in a place is no venue", "习近平新时代中国特色社会主义思想在青海的实践专题宣介会举行", "", "宣介会介绍了青海各族干部群众的奋斗故事。", "630000"},
		{"an event held in Hong Kong is Hong Kong's", "纪念活动在香港举办", "", "纪念活动今天在香港举办，与会者回顾了一年来的工作。", "810000"},

		// News of the world names the places in China where it happens.
		{"a headline about a foreign country asks more of a province", "主席复信美国大学校长", "",
			"国家主席近日复信美国一所大学的校长，鼓励两国高校加强交流。这所大学与浙江温州的一所大学合作办学，浙江省教育厅表示支持，温州的师生对此十分关注。", ""},
		{"a foreign word inside a place's name is no foreign news", "河北约谈五家企业负责人", "", "河北省生态环境厅约谈了五家排放超标企业的负责人，要求限期整改。", "130000"},

		// Names the gazetteer does not hold: regions and Hong Kong's affairs
		// by a province's one-character abbreviation, counties.
		{"a region named by its province's abbreviation", "滇西边境片区扶贫规划启动实施", "", "会议强调要加快基础设施建设，保障和改善民生。", "530000"},
		{"the provinces around the delta are not the delta's", "泛珠三角区域合作行政首长联席会议召开", "", "会议强调要加快基础设施互联互通。", ""},
		{"Hong Kong's affairs name Hong Kong", "多国人士：中国涉港立法正当必要", "", "多位外国人士表示，涉港立法是中国内政，香港的长期繁荣稳定离不开法治。", "810000"},
		{"Hong Kong's and Macao's affairs together are neither's", "涉港澳工作座谈会召开", "", "会议研究了涉港澳工作，与会者就涉港澳事务交换了意见。", ""},
		{"a county names its province", "灾区学校复课", "", "四川芦山县的一所学校今天在帐篷里复课，孩子们喝上了热水。", "510000"},
		{"a district of the capital is Beijing the city", "", "", "海淀区召开全区科技创新大会，海淀区委书记出席并讲话。", "110000"},
		{"the capital's district after the capital is Beijing the city", "北京朝阳：高标准服务保障冬奥会", "", "朝阳区扎实细致做好各项服务保障工作。", "110000"},

		// A story told in one place.
		{"a story that names one province once or twice is about it", "最美乡村医生：三十年守护山村", "", "在四川凉山的一个山村里，有一位乡村医生，三十年来走遍了村里的每一户人家。\n他说，村民的健康就是他最大的心愿。", "510000"},
		{"national news that names one province is not about it", "全国春耕进展顺利", "", "各地春耕有序推进。在湖北襄阳，农民正在抢抓农时。", ""},
		{"the capital named once is not the story's place", "国家主席结束访问回到北京", "", "国家主席结束对欧洲三国的国事访问，今天下午回到北京。", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Complete(Metadata{Title: tt.title, Source: tt.source}, tt.body)
			if d.ProvinceCode != tt.want {
				t.Errorf("province %q, want %q; evidence %s", d.ProvinceCode, tt.want, weigh(d.Title, d.Source, tt.body))
			}
		})
	}
}

func TestPlacesOfArticle(t *testing.T) {
	tests := []struct {
		name, text string
		want       string
	}{
		{"a province and its cities, in code order", "山西省太原市和吕梁市召开会议", "[140000 140100 141100]"},
		{"romanized names in any spelling", "Lvliang and Luliang and Taiyuan", "[140100 141100]"},
		{"吉林 beside its cities is the province", "吉林召开会议，长春、延边负责人参加", "[220000 220100 222400]"},
		{"Fuzhou with Xiamen is 福州", "Fuzhou and Xiamen", "[350100 350200]"},
		{"Fuzhou alone is left out", "Officials in Fuzhou met investors", "[]"},
		{"a company's namesake is not a mention", "Shanghai Electric Group signed a deal", "[]"},
		{"Beijing time is not Beijing", "北京时间今天凌晨", "[]"},
		{"the corps in the national formula stands for no place", "31个省（自治区、直辖市）和新疆生产建设兵团都完成了植树任务", "[]"},
		{"重大理论 is not 大理", "这是一项重大理论创新", "[]"},
		{"佛罗里达州 is not 达州", "美国佛罗里达州遭遇飓风", "[]"},
		{"李长春 is a person, not 长春", "李长春会见与会代表", "[]"},
		{"巴中友谊 is Pakistan and China", "巴中友谊历久弥坚", "[]"},
		{"四川巴中 is the city", "四川巴中至南充铁路开通", "[510000 511300 511900]"},
		{"最大同比涨幅 is not 大同", "这是自1982年以来最大同比涨幅", "[]"},
		{"马里兰州 is not 兰州", "美国马里兰州的中学生来华交流", "[]"},
		{"兰州军区 is the army's, not the city's", "兰州军区某部在高原开展训练", "[]"},
		{"甘肃省军区 is the province's own command", "甘肃省军区某边防连开展训练", "[620000]"},
		{"a county is no place of the index", "芦山县的学校复课", "[]"},
		{"a county's province is", "四川芦山县的学校复课", "[510000]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := locate("", "", tt.text).places
			if s := fmt.Sprint(got); s != tt.want && !(s == "[]" && tt.want == "[]") {
				t.Errorf("places %v, want %s", got, tt.want)
			}
		})
	}
}
