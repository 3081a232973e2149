package extract

import (
	"testing"
	"unicode/utf8"
)

func TestPublicationDate(t *testing.T) {
	tests := []struct {
		name, body    string
		date, partial string
		prec          Precision
	}{
		// Labels.
		{"a labelled date and time is the day", "Information source: Gansu Daily Published on: 2024-03-28 08:20\nBody.", "2024-03-28", "", PrecisionDay},
		{"an English label with the month spelt out", "Published on: April 9, 2024 08:28\nBody.", "2024-04-09", "", PrecisionDay},
		{"a Chinese label", "来源：山西日报 发布时间：2024年3月28日 08:20\n正文。", "2024-03-28", "", PrecisionDay},
		{"a label with only a month gives the month", "发布时间：2024年3月\n正文。", "", "2024-03", PrecisionMonth},
		{"an English label with only a month gives the month", "Published: March 2024\nBody.", "", "2024-03", PrecisionMonth},
		{"a label with only a year gives the year", "发布日期：2024年\n正文。", "", "2024", PrecisionYear},
		{"a generic label needs its colon", "日期：2024-03-28\n正文。", "2024-03-28", "", PrecisionDay},

		// Datelines.
		{"a Xinhua dateline without a year keeps the month and day", "新华社太原3月28日电（记者 张三）山西省召开会议，部署全年工作任务，要求各地抓好落实。", "", "03-28", PrecisionMonthDay},
		{"a Xinhua dateline with a year", "新华社北京2024年3月28日电 国务院召开常务会议，研究部署有关工作，会议由总理主持。", "2024-03-28", "", PrecisionDay},
		{"a paper's dateline", "本报兰州9月26日讯 全省国有企业改革动员会今天召开，会议要求各企业增强竞争能力。", "", "09-26", PrecisionMonthDay},
		{"an English dateline in the second line", "The meeting was held in Lanzhou, and the secretary presided over it and spoke.\nNew Gansu client Lanzhou September 26 news (reporter Zhang Fugui) The province held a meeting.", "", "09-26", PrecisionMonthDay},
		{"a wire dateline", "TAIYUAN, March 28 (Xinhua) -- The province opened a coal exchange on Thursday, officials said.", "", "03-28", PrecisionMonthDay},

		// The opening of the lead.
		{"On September 26 is a month and day, never given a year", "On September 26, the province's reform meeting was held in Lanzhou and the secretary spoke.", "", "09-26", PrecisionMonthDay},
		{"a range gives its first day", "From April 24th to 26th, the governor went to Jincheng and Changzhi to investigate.", "", "04-24", PrecisionMonthDay},
		{"a Chinese range gives its first day", "4月24日至26日，省长到晋城、长治调研安全生产和能源革命等工作。", "", "04-24", PrecisionMonthDay},
		{"a Chinese date with a time of day", "本台消息：9月4日上午，国家主席在北京会见了来访的外国客人。", "", "09-04", PrecisionMonthDay},
		{"today with the date in brackets", "今天（5月1日），全省最长的跨江大桥合龙，大桥预计年底通车。", "", "05-01", PrecisionMonthDay},
		{"a full Chinese date opening the lead", "2024年3月28日，山西省召开全省国有企业改革推进会，部署今年重点任务。", "2024-03-28", "", PrecisionDay},
		{"a date in Han numerals with 〇", "二〇二四年三月二十八日，全省国有企业改革推进会在太原召开，会议部署了重点任务。", "2024-03-28", "", PrecisionDay},
		{"Han numerals up to thirty-one, without a year", "十二月三十一日，全市各界举行新年音乐会，迎接新年的到来，现场座无虚席。", "", "12-31", PrecisionMonthDay},
		{"Han numerals with 零 and 十", "二零二三年十月十日，省委召开常委会议，研究部署下一阶段工作安排和任务。", "2023-10-10", "", PrecisionDay},
		{"full-width digits", "２０２４年３月２８日，全省国有企业改革推进会在太原召开，会议部署了重点任务。", "2024-03-28", "", PrecisionDay},
		{"9 April 2024", "9 April 2024 — The provincial government announced a new plan for coal mines.", "2024-04-09", "", PrecisionDay},
		{"Sept. 3rd, 2023", "On Sept. 3rd, 2023, the city opened its new metro line to the public.", "2023-09-03", "", PrecisionDay},

		// A line that is only a date.
		{"a line with a date and a time", "2024-03-28 08:20\n正文第一段，会议在太原召开。", "2024-03-28", "", PrecisionDay},
		{"a line with a date in Han numerals and a weekday", "二〇二四年三月二十八日 星期四\n正文第一段，会议在太原召开。", "2024-03-28", "", PrecisionDay},

		// What is not a publication date.
		{"a date inside the lead is what the news is about", "会议决定，全省第十次人才工作会议于2012年11月8日在太原召开，会期两天。", "", "", ""},
		{"a date deep in the body is not taken", "省委召开常委会议，研究部署下一阶段工作，会议由省委书记主持，各位常委出席。\n会议认为，今年以来全省经济运行总体平稳。\n2024年3月28日，全省还召开了另一次会议。", "", "", ""},
		{"a month opening the lead is a period, not a date", "In March 2024, the province's exports rose by a tenth over the year before.", "", "", ""},
		{"a year opening the lead is a period", "2024年，全省地区生产总值增长百分之五，工业和服务业都有增长。", "", "", ""},
		{"2月30日 does not exist", "2月30日，全市召开会议，部署安全生产工作，各区县负责人参加。", "", "", ""},
		{"2023年2月29日 does not exist, nor does its month and day become one", "2023年2月29日，全市召开会议，部署安全生产工作，各区县负责人参加。", "", "", ""},
		{"2月29日 may exist in a year unknown", "2月29日，全市召开会议，部署安全生产工作，各区县负责人参加。", "", "02-29", PrecisionMonthDay},
		{"2024年2月29日 exists", "2024年2月29日，全市召开会议，部署安全生产工作，各区县负责人参加。", "2024-02-29", "", PrecisionDay},
		{"a lower-case may is a verb", "Officials may 5 times revise the plan before the congress meets in the spring.", "", "", ""},
		{"a date before 电视 is no dateline", "湖南卫视3月28日电视剧开播，收视率创新高，观众好评如潮，网友热议不断。", "", "", ""},
		{"published without a colon is no label", "The bureau published 2024 figures on Tuesday, showing growth in every province.", "", "", ""},
		{"a 24-hour duty system is no date", "The city runs a 24-hour duty system during the holidays, officials said on Monday.", "", "", ""},
		{"2024-02-30 is no day", "2024-02-30\nBody.", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Complete(Metadata{}, tt.body)
			if d.Date != tt.date || d.PartialDate != tt.partial || d.Precision != tt.prec {
				t.Errorf("date %q, partial %q, precision %q; want %q, %q, %q", d.Date, d.PartialDate, d.Precision, tt.date, tt.partial, tt.prec)
			}
			if err := check(d); err != nil {
				t.Errorf("the completed document is invalid: %v", err)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, date, partial string
		prec              Precision
		ok                bool
	}{
		{"2024-03-28", "2024-03-28", "", PrecisionDay, true},
		{"2024-03-28 08:20", "2024-03-28", "", PrecisionDay, true},
		{"2024-03-28T08:20:00+08:00", "2024-03-28", "", PrecisionDay, true},
		{"2024-03", "", "2024-03", PrecisionMonth, true},
		{"2024", "", "2024", PrecisionYear, true},
		{"--09-26", "", "09-26", PrecisionMonthDay, true},
		{"09-26", "", "09-26", PrecisionMonthDay, true},
		{"--02-29", "", "02-29", PrecisionMonthDay, true},
		{"2023-02-29", "", "", "", false},
		{"2024-13", "", "", "", false},
		{"May 2024", "", "", "", false},
		{"2024/03/28", "", "", "", false},
		{"--02-30", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			date, partial, prec, err := ParseDate(tt.in)
			if (err == nil) != tt.ok || date != tt.date || partial != tt.partial || prec != tt.prec {
				t.Errorf("ParseDate(%q) = %q, %q, %q, %v; want %q, %q, %q, ok %v", tt.in, date, partial, prec, err, tt.date, tt.partial, tt.prec, tt.ok)
			}
		})
	}
}

func TestHanNumbers(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"二〇二四", 2024}, {"二零二三", 2023}, {"一九九九", 1999}, {"二○一二", 2012},
		{"一", 1}, {"九", 9}, {"十", 10}, {"十一", 11}, {"二十", 20}, {"二十八", 28}, {"三十一", 31}, {"廿八", 28}, {"卅", 30},
		{"28", 28}, {"一二", -1}, {"", -1},
	}
	for _, tt := range tests {
		if got := number(tt.in); got != tt.want {
			t.Errorf("number(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func FuzzFindDates(f *testing.F) {
	for _, s := range []string{"2024-03-28 08:20", "二〇二四年三月二十八日", "4月24日至26日", "April 9, 2024", "9 April 2024", "Sept. 3rd", "2月30日", "发布时间：2024年3月", "廿八日"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		end := 0
		for _, dm := range findDates(s) {
			if dm.start < end || dm.end > len(s) || dm.start >= dm.end {
				t.Fatalf("match [%d,%d) overlaps or leaves %q", dm.start, dm.end, s)
			}
			end = dm.end
			if !dm.valid() {
				t.Fatalf("invalid date %+v from %q", dm.when, s)
			}
		}
		if utf8.ValidString(s) {
			d := Complete(Metadata{}, s)
			if _, err := PrecisionOf(d.Date, d.PartialDate); err != nil {
				t.Fatalf("Complete read %q as an impossible date: %v", s, err)
			}
		}
	})
}
