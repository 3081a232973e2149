package story

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// The articles of these tests are written for them; none is from a corpus.

const roads = "本报讯　记者从省交通运输厅获悉，今年前三季度全省新建和改建农村公路四千二百公里，比去年同期多出六百公里，三百一十个行政村通了硬化路，沿线群众出行时间平均缩短了二十分钟。\n" +
	"省交通运输厅负责人介绍，新建道路优先连接产业园区、旅游景点和中小学校，并同步设置了护栏、标志和错车道。各市县还建立了养护责任清单，每条路都有专人巡查，发现坑槽要在四十八小时内修补完毕。\n" +
	"据了解，明年全省计划再投入资金十八亿元，重点解决山区乡镇之间断头路的问题，力争让更多农产品通过公路运出大山。"

// roadsNextYear is roads a year on: the same report with other figures.
const roadsNextYear = "本报讯　记者从省交通运输厅获悉，今年前三季度全省新建和改建农村公路三千九百公里，比去年同期多出二百公里，二百六十个行政村通了硬化路，沿线群众出行时间平均缩短了十五分钟。\n" +
	"省交通运输厅负责人介绍，新建道路优先连接产业园区、旅游景点和中小学校，并同步设置了护栏、标志和错车道。各市县还建立了养护责任清单，每条路都有专人巡查，发现坑槽要在七十二小时内修补完毕。\n" +
	"据了解，明年全省计划再投入资金二十一亿元，重点解决山区乡镇之间断头路的问题，力争让更多农产品通过公路运出大山。"

// The other stories of a day, for a digest.
var others = []string{
	"市图书馆新馆昨天开门迎客，馆内藏书一百二十万册，设有少儿阅览区、古籍修复室和二十四小时自助借还区，开馆首日接待读者一万多人次，不少家长带着孩子排队办理借书证。",
	"受冷空气影响，预计本周后半段全省大部分地区将出现降温降雨天气，北部山区最低气温可能降到零度以下，气象部门提醒农户提前做好大棚蔬菜和越冬作物的防冻准备。",
	"第三届乡村厨艺大赛在县文化广场落下帷幕，来自十二个乡镇的四十名农家厨师同台比拼，评委从口味、刀工和创意三个方面打分，一道用本地竹笋做的家常菜拿下了金奖。",
}

// commentary returns the day's commentary announcement of a series, which
// differs from the others in its title alone.
func commentary(title string) string {
	return "明天出版的省报将在头版发表评论员文章，题目是《" + title + "——三论认真学习贯彻全省农村工作会议精神》。文章指出，办好农村的事情关键在人，要把更多懂农业、爱农村的年轻干部派到基层一线，在解决群众急难愁盼问题的实践中增长才干，让乡村振兴的各项部署真正落地见效。"
}

const harbour = "The port authority said on Tuesday that container traffic through the harbour rose by nine percent in the first half of the year, helped by a new rail link that carries goods straight from the quay to inland warehouses.\n" +
	"Officials expect the second berth of the eastern terminal to open next spring, which would let two of the largest ships unload at the same time and cut waiting times at anchor by about a day.\n" +
	"Shipping lines have asked for longer opening hours at the customs office, and the authority said it would answer the request after talks with the city next month."

func TestSame(t *testing.T) {
	a := Article{ID: "roads", Date: "2024-10-08", Print: Fingerprint("全省农村公路建设提速", roads)}
	paras := strings.Split(roads, "\n")
	opening := Article{ID: "opening", Date: "2025-01-04", Print: Fingerprint("本台明天将直播省人代会开幕会", notice("开幕会", "5日", "听取和审议省长作的政府工作报告"))}
	en := Article{ID: "harbour", Date: "2024-07-02", Print: Fingerprint("PORT TRAFFIC RISES NINE PCT", harbour)}
	cases := []struct {
		name        string
		a           Article
		title, body string
		date        string
		want        bool
	}{
		{"a reprint with a portal's header and footer is the same story", a, "全省农村公路建设提速",
			"来源：示例新闻网　2024-10-08 09:30\n" + roads + "\n责任编辑：王小明\n相关阅读：\n市图书馆新馆开门迎客\n本周后半段全省降温", "2024-10-09", true},
		{"a reprint under a headline of its own is the same story", a, "【要闻】四千二百公里农村公路让山里人出门更方便", roads, "2024-10-08", true},
		{"a reprint in traditional script is the same story", a, traditional("全省农村公路建设提速"), traditional(roads), "2024-10-10", true},
		{"a reprint under an English headline is the same story", a, "Province paves 4,200 km of rural roads in nine months", roads, "2024-10-08", true},
		{"a reprint without its last paragraph is the same story", a, "全省农村公路建设提速", paras[0] + "\n" + paras[1], "2024-10-08", true},
		{"a reprint with its paragraphs in another order is the same story", a, "全省农村公路建设提速", paras[1] + "\n" + paras[0] + "\n" + paras[2], "2024-10-08", true},
		{"an undated reprint is the same story", a, "全省农村公路建设提速", roads, "", true},
		{"an English reprint with a byline and a new headline is the same story", en, "Port traffic up 9% on new rail link",
			"By Anna Schmidt, staff reporter\n" + harbour + "\nShare this story: Facebook Twitter Email", "2024-07-03", true},
		{"the same report with other figures is another story", a, "全省农村公路建设提速", roadsNextYear, "2024-10-20", false},
		{"a digest that holds the story among three others is another story", a, "今日要闻",
			others[0] + "\n" + roads + "\n" + others[1] + "\n" + others[2], "2024-10-08", false},
		{"a reprint 31 days later is another story", a, "全省农村公路建设提速", roads, "2024-11-08", false},
		{"a first paragraph alone is too little of the story", a, "全省农村公路建设提速", paras[0], "2024-10-08", false},
		{"the notices of two sittings of one congress, made from one template, are two stories", opening, "本台明天将直播省人代会闭幕会",
			notice("闭幕会", "11日", "表决通过关于政府工作报告的决议"), "2025-01-10", false},
		{"a notice reprinted under a headline of its own, with a portal's header and footer, is the same story", opening, "省人代会明日开幕 电视广播网络同步直播",
			"来源：示例新闻网　2025-01-04 20:15\n" + notice("开幕会", "5日", "听取和审议省长作的政府工作报告") + "\n责任编辑：李小红", "2025-01-04", true},
		{"a line is too short to tell", a, "全省农村公路建设提速", "本报讯　全省农村公路建设提速。", "2024-10-08", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := Article{ID: "b", Date: c.date, Print: Fingerprint(c.title, c.body)}
			if got := Same(c.a, b); got != c.want {
				small, large := Containment(c.a.Print, b.Print)
				t.Errorf("Same = %v, want %v (containment %.3f, %.3f)", got, c.want, small, large)
			}
			if Same(b, c.a) != Same(c.a, b) {
				t.Error("Same(b, a) differs from Same(a, b)")
			}
		})
	}
	t.Run("two commentaries of a series are two stories", func(t *testing.T) {
		x := Article{ID: "x", Date: "2024-03-02", Print: Fingerprint("评论员文章：把年轻干部派到一线", commentary("把年轻干部派到乡村振兴第一线"))}
		y := Article{ID: "y", Date: "2024-03-03", Print: Fingerprint("评论员文章：在解难题中长本领", commentary("在为群众解难题中增长真本领"))}
		if Same(x, y) {
			small, large := Containment(x.Print, y.Print)
			t.Errorf("Same = true (containment %.3f, %.3f)", small, large)
		}
	})
}

func TestContainment(t *testing.T) {
	p := Fingerprint("", roads)
	whole := Fingerprint("", roads+"\n"+others[0]+"\n"+others[1])
	if small, large := Containment(p, p); small != 1 || large != 1 {
		t.Errorf("a text against itself: %.3f, %.3f, want 1, 1", small, large)
	}
	if small, large := Containment(p, whole); small != 1 || large > 0.7 || large < 0.4 {
		t.Errorf("a text against a longer one that holds it: %.3f, %.3f, want 1 and about half", small, large)
	}
	if small, large := Containment(whole, p); small != 1 || large > 0.7 {
		t.Errorf("in the other order: %.3f, %.3f, want 1 and about half", small, large)
	}
	if small, _ := Containment(p, Fingerprint("", others[2])); small > 0.05 {
		t.Errorf("two unrelated texts: %.3f, want about 0", small)
	}
}

func TestPrintBinary(t *testing.T) {
	p := Fingerprint("", roads)
	b, err := p.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var q Print
	if err := q.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if q != p {
		t.Error("the print read back differs from the print written")
	}
	t.Run("a print of another version is ErrPrintVersion", func(t *testing.T) {
		old := slices.Clone(b)
		old[0] = printVersion + 1
		err := q.UnmarshalBinary(old)
		if !errors.Is(err, ErrPrintVersion) {
			t.Errorf("err = %v, want ErrPrintVersion", err)
		}
	})
	t.Run("a print cut short is an error that says its length", func(t *testing.T) {
		err := q.UnmarshalBinary(b[:100])
		if err == nil || err.Error() != "story: print of 100 bytes, want 262" {
			t.Errorf("err = %v, want story: print of 100 bytes, want 262", err)
		}
	})
}

func FuzzUnmarshalPrint(f *testing.F) {
	b, _ := Fingerprint("", roads).MarshalBinary()
	f.Add(b)
	f.Add([]byte{})
	f.Add([]byte{printVersion})
	f.Fuzz(func(t *testing.T, b []byte) {
		var p Print
		if p.UnmarshalBinary(b) != nil {
			return
		}
		back, _ := p.MarshalBinary()
		if !slices.Equal(back, b) {
			t.Errorf("read %x, wrote %x", b, back)
		}
	})
}

func FuzzFingerprint(f *testing.F) {
	f.Add("标题", roads)
	f.Add("TITLE", harbour)
	f.Add("", "１２３，４５６.７８ ＡＢＣ 國務院 二〇二四年 \n\n\x00\xff")
	f.Fuzz(func(t *testing.T, title, body string) {
		p := Fingerprint(title, body)
		small, large := Containment(p, p)
		if p.size > 0 && (small != 1 || large != 1) {
			t.Errorf("a text against itself: %.3f, %.3f", small, large)
		}
		if p != Fingerprint(title, body) {
			t.Error("two prints of one text differ")
		}
	})
}

func TestIndex(t *testing.T) {
	orig := Article{ID: "orig", Date: "2024-10-08", Print: Fingerprint("全省农村公路建设提速", roads)}
	reprint := Article{ID: "reprint", Date: "2024-10-09", Print: Fingerprint("【要闻】农村公路", "来源：示例新闻网\n"+roads+"\n责任编辑：王小明")}
	trad := Article{ID: "trad", Date: "2024-10-10", Print: Fingerprint("", traditional(roads))}
	nextYear := Article{ID: "next-year", Date: "2024-10-20", Print: Fingerprint("全省农村公路建设提速", roadsNextYear)}
	add := func(t *testing.T, ix *Index, a Article) Change {
		t.Helper()
		c, err := ix.Add(a)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	t.Run("a reprint joins its original's story, and look-alikes stay apart", func(t *testing.T) {
		ix := NewIndex()
		add(t, ix, orig)
		add(t, ix, nextYear)
		c := add(t, ix, reprint)
		if c.Story != "orig" || len(c.Moved) != 0 {
			t.Errorf("Add(reprint) = %+v, want story orig, nothing moved", c)
		}
		if s, _ := ix.Story("next-year"); s != "next-year" {
			t.Errorf("next-year is in story %q", s)
		}
		if got := ix.Versions("orig"); !slices.Equal(got, []string{"orig", "reprint"}) {
			t.Errorf("Versions(orig) = %q", got)
		}
	})
	t.Run("an original that arrives after its reprints takes the story over", func(t *testing.T) {
		ix := NewIndex()
		add(t, ix, trad)
		add(t, ix, reprint)
		c := add(t, ix, orig)
		want := Change{Story: "orig", Moved: []Move{{"reprint", "orig"}, {"trad", "orig"}}}
		if c.Story != want.Story || !slices.Equal(c.Moved, want.Moved) {
			t.Errorf("Add(orig) = %+v, want %+v", c, want)
		}
		if got := ix.Versions("orig"); !slices.Equal(got, []string{"orig", "reprint", "trad"}) {
			t.Errorf("Versions(orig) = %q, want the earliest first", got)
		}
		if ix.Versions("reprint") != nil {
			t.Error("reprint is still a story")
		}
	})
	t.Run("removing the earliest hands the story to the next", func(t *testing.T) {
		ix := NewIndex()
		add(t, ix, orig)
		add(t, ix, reprint)
		add(t, ix, trad)
		c := ix.Remove("orig")
		want := []Move{{"reprint", "reprint"}, {"trad", "reprint"}}
		if !slices.Equal(c.Moved, want) {
			t.Errorf("Remove(orig).Moved = %+v, want %+v", c.Moved, want)
		}
		if ix.Len() != 2 {
			t.Errorf("Len = %d, want 2", ix.Len())
		}
		if c := ix.Remove("orig"); len(c.Moved) != 0 {
			t.Errorf("removing it again moved %+v", c.Moved)
		}
	})
	t.Run("an article replaced by another text leaves its story", func(t *testing.T) {
		ix := NewIndex()
		add(t, ix, orig)
		add(t, ix, reprint)
		c := add(t, ix, Article{ID: "orig", Date: "2024-10-08", Print: Fingerprint("市图书馆新馆开门", others[0])})
		want := Change{Story: "orig", Moved: []Move{{"reprint", "reprint"}}}
		if c.Story != want.Story || !slices.Equal(c.Moved, want.Moved) {
			t.Errorf("Add(new orig) = %+v, want %+v", c, want)
		}
		if ix.Len() != 2 {
			t.Errorf("Len = %d, want 2", ix.Len())
		}
	})
	t.Run("an article replaced by the same text keeps its story and moves nothing", func(t *testing.T) {
		ix := NewIndex()
		add(t, ix, orig)
		add(t, ix, reprint)
		c := add(t, ix, orig)
		if c.Story != "orig" || len(c.Moved) != 0 {
			t.Errorf("Add(orig again) = %+v, want story orig, nothing moved", c)
		}
	})
	t.Run("stories restored in any order come out as they were kept", func(t *testing.T) {
		ix := NewIndex()
		for _, r := range []struct {
			a     Article
			story string
		}{{trad, "orig"}, {nextYear, "next-year"}, {orig, "orig"}, {reprint, "orig"}} {
			if err := ix.Restore(r.a, r.story); err != nil {
				t.Fatal(err)
			}
		}
		if got := ix.Versions("orig"); !slices.Equal(got, []string{"orig", "reprint", "trad"}) {
			t.Errorf("Versions(orig) = %q, want orig, reprint, trad", got)
		}
		if s, _ := ix.Story("next-year"); s != "next-year" {
			t.Errorf("next-year is in story %q", s)
		}
		// The restored index goes on finding stories.
		if c := add(t, ix, Article{ID: "late", Date: "2024-10-11", Print: reprint.Print}); c.Story != "orig" {
			t.Errorf("Add(late) = %+v, want story orig", c)
		}
	})
	t.Run("a date that is no date is an error and changes nothing", func(t *testing.T) {
		ix := NewIndex()
		_, err := ix.Add(Article{ID: "x", Date: "2024-13-01", Print: orig.Print})
		if err == nil || err.Error() != `story: date "2024-13-01": want YYYY-MM-DD` {
			t.Errorf("err = %v", err)
		}
		if ix.Len() != 0 {
			t.Errorf("Len = %d, want 0", ix.Len())
		}
	})
}

// notice returns the broadcaster's notice of one sitting of a provincial
// congress: a template in which the sitting, its day and its business
// differ from one notice to the next.
func notice(sitting, day, business string) string {
	return "本台消息：省第十四届人民代表大会第三次会议将于1月" + day + "上午9点在省人民会堂举行" + sitting + "，" + business + "。\n" +
		"届时，本台综合频道、新闻频道和广播新闻台将进行现场直播，省内各市县电视台同步转播，网络新闻中心和手机客户端也将同步推出图文直播，欢迎广大观众届时收看收听。\n" +
		"为方便听障观众，直播全程配有手语翻译和同步字幕，偏远山区的观众还可以通过应急广播和村村通设备收听，节目结束后各平台将提供回看和要点摘编。"
}
