package extract

import (
	"math"
	"testing"
)

// TestProvinceThresholds puts articles just either side of each threshold
// of the province decision (defaultThresholds), so that loosening or
// tightening any one of them changes a decision: an article exactly at a
// threshold gets its province, one a step short of it gets none. Each case
// names the figure that sits at the threshold and its value, which the test
// checks first: a case that drifts away from its threshold (when a weight
// changes) fails for that reason instead of quietly guarding nothing.
//
// The scores below follow the weights: a name in the body counts 1, with its
// designation (太原市) 1.5, the capital (北京) 0.5, a name in the headline 3,
// a company's namesake (上海银行) 0.3, a venue (在上海举行) 0.5; each 全市 adds
// 0.5 to the leader.
func TestProvinceThresholds(t *testing.T) {
	const (
		shanxi   = "140000"
		shaanxi  = "610000"
		hunan    = "430000"
		shanghai = "310000"
		none     = ""
	)
	// Ten companies named after Shanghai: 3 of score, none of it direct.
	const namesakes = "上海电气集团、上海汽车集团、上海银行、上海证券、上海医药集团、上海建工集团、上海机场集团、上海港务集团、上海电力公司和上海石化公司"
	// The lead paragraph of the coverage cases: long enough to be the whole
	// lead, and naming no place.
	const lead = "今年以来，各地加快推进农村公路建设，一条条新修的道路通到了村民家门口，群众出行更方便了。\n"
	tests := []struct {
		name        string
		title, body string
		figure      string  // score, ratio, share or coverage: see figures
		at          float64 // its value for this article
		want        string  // a province code, or none
	}{
		// minScore (3): the leader's score, for one named after the lead
		// (in half the paragraphs).
		{"two cities with their designation make score enough", "", lead + "太原市和大同市的农民开始春耕。", "score", 3, shanxi},
		{"one city without its designation is a step short", "", lead + "太原市和大同的农民开始春耕。", "score", 2.5, none},

		// minScoreAlone (1.5): a province that no other contends with,
		// named in the lead, needs less.
		{"a province alone in the lead with its designation wins", "", "湖南省的一位老人三十年来义务植树，荒山变成了绿洲。", "score", 1.5, hunan},
		{"a province alone in the lead without it does not", "", "湖南的一位老人三十年来义务植树，荒山变成了绿洲。", "score", 1, none},

		// minDirect (1): some of the leader's score must name the place
		// itself, not only its namesakes.
		{"namesakes and one plain mention win", "", namesakes + "的负责人今天在上海座谈。", "direct", 1, shanghai},
		{"namesakes and a venue do not", "", namesakes + "的负责人今天在上海举行座谈会。", "direct", 0.5, none},

		// minRatio (3): the leader over the runner-up.
		{"a leader three times the runner-up wins", "", "太原市的客商来到西安市洽谈合作，大同市和长治市的客商也来了。", "ratio", 3, shanxi},
		{"a leader under three times the runner-up does not", "", "太原市的客商来到西安市洽谈合作，大同市和长治的客商也来了。", "ratio", 4.0 / 1.5, none},

		// minShare (0.5): the leader's share of all the evidence.
		{"a leader with half the evidence wins", "", "太原市的展会开幕，大同市和长治市也派来了展团，客商来自西安，也来自西宁，还有银川和济南的，北京也来了几位。", "share", 0.5, shanxi},
		{"a leader with under half the evidence does not", "", "太原市的展会开幕，大同市和长治市也派来了展团，客商来自西安，也来自西宁，还有银川和济南的，合肥也来了几位。", "share", 4.5 / 9.5, none},

		// minRatioStrong (1.5): a leader named by the headline alone needs
		// less of a lead over the runner-up.
		{"a headline's province half again the runner-up wins", "太原开通地铁二号线", "来自西安和宝鸡的游客也来乘坐。", "ratio", 1.5, shanxi},
		{"a headline's province under half again the runner-up does not", "太原开通地铁二号线", "全市市民和来自西安市和宝鸡的游客都来乘坐。", "ratio", 3.5 / 2.5, none},

		// minShareStrong (0.4): and a smaller share of the evidence.
		{"a headline's province with two fifths of the evidence wins", "太原举办春季糖酒会", "客商来自西安，也来自西宁，还有银川和济南的，北京也来了几位。", "share", 0.4, shanxi},
		{"a headline's province under two fifths of the evidence does not", "太原举办春季糖酒会", "客商来自西安，也来自西宁，还有银川和济南的，合肥也来了几位。", "share", 3.0 / 8, none},

		// minScoreNational (6): a headline about the nation asks more of
		// the body.
		{"national news with score enough for a province", "全国春耕进展顺利", "太原市和大同市的农民开始春耕，长治市和晋城市的农民也下了地。", "score", 6, shanxi},
		{"national news a step short of it", "全国春耕进展顺利", "太原市和大同市的农民开始春耕，长治市和晋城的农民也下了地。", "score", 5.5, none},

		// minCoverage (0.5): a leader named only after the lead paragraph
		// must be named in half the paragraphs.
		{"a leader named in half the paragraphs wins", "", lead + "太原市新修公路三百公里。\n大同市新修公路两百公里。\n其他地方也在加快建设。", "coverage", 0.5, shanxi},
		{"a leader named in under half the paragraphs does not", "", lead + "太原市新修公路三百公里。\n大同市新修公路两百公里。\n其他地方也在加快建设。\n明年还将继续推进。", "coverage", 0.4, none},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := weigh(tt.title, "", tt.body)
			if got := figures(ev)[tt.figure]; math.Abs(got-tt.at) > 1e-9 {
				t.Fatalf("%s %.3f, want %.3f: the article no longer sits where the case says; evidence %s", tt.figure, got, tt.at, ev)
			}
			d := Complete(Metadata{Title: tt.title}, tt.body)
			if d.ProvinceCode != tt.want {
				t.Errorf("province %q, want %q; evidence %s", d.ProvinceCode, tt.want, ev)
			}
		})
	}
}

// figures returns what the thresholds are compared with: the leader's
// score and the part of it that names the place itself, its ratio to the
// runner-up, its share of all the evidence and the share of paragraphs that
// name it.
func figures(ev evidence) map[string]float64 {
	st := ev.standing()
	out := map[string]float64{"score": st.score, "direct": ev.direct[st.leader], "coverage": ev.coverage[st.leader], "ratio": math.Inf(1)}
	if st.rival > 0 {
		out["ratio"] = st.score / st.rival
	}
	if st.total > 0 {
		out["share"] = st.score / st.total
	}
	return out
}
