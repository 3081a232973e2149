package story_test

import (
	"fmt"

	"github.com/xinwen/xinwen/index/story"
)

// An article that arrives after its reprint takes the story over.
func ExampleIndex() {
	body := "本报讯　全市首批二十所社区食堂昨天同时开门营业，老年人凭卡就餐每餐可减免三元，中午十一点前后，不少老人在窗口前排起了队。\n" +
		"市民政局介绍，社区食堂由街道提供场地，餐饮企业负责运营，菜品每周更换，价格在取餐窗口公示，接受居民监督。\n" +
		"按照计划，年底前全市还将新开社区食堂四十所，覆盖所有街道，行动不便的老人可以通过电话预约送餐上门。"
	ix := story.NewIndex()
	// A portal's reprint, with its header and footer, is filed first.
	c, _ := ix.Add(story.Article{ID: "portal-7", Date: "2024-05-02",
		Print: story.Fingerprint("【民生】社区食堂开门了", "来源：示例新闻网\n"+body+"\n责任编辑：李华")})
	fmt.Println(c.Story)
	// The original, a day earlier, arrives next.
	c, _ = ix.Add(story.Article{ID: "daily-1", Date: "2024-05-01",
		Print: story.Fingerprint("首批二十所社区食堂开门营业", body)})
	fmt.Println(c.Story, c.Moved)
	fmt.Println(ix.Versions("daily-1"))
	// Output:
	// portal-7
	// daily-1 [{portal-7 daily-1}]
	// [daily-1 portal-7]
}
