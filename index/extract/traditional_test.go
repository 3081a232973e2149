package extract

import (
	"reflect"
	"testing"

	"github.com/xinwen/xinwen/analyzer/t2s"
)

// TestTraditionalTwins reads each article in simplified and in traditional
// characters: both must give the same province, places, date and source (in
// the script of its article), and what is cut from the text stays as it is
// written.
func TestTraditionalTwins(t *testing.T) {
	tests := []struct {
		name              string
		simplified, trad  string // the body; a title is cut from its lead
		province, partial string
		date, source      string // source as the simplified twin writes it
	}{
		{
			name:       "a provincial commission meeting in the capital names Gansu",
			simplified: "甘肃省国有资产监督管理委员会在兰州举行座谈会。会议要求，全省国有企业要加快改革步伐，天水、酒泉等地企业负责人参加会议。",
			trad:       "甘肅省國有資產監督管理委員會在蘭州舉行座談會。會議要求，全省國有企業要加快改革步伐，天水、酒泉等地企業負責人參加會議。",
			province:   "620000",
		},
		{
			name:       "a dateline gives the province and the day",
			simplified: "新华社太原3月28日电 山西省委召开常委会议，研究部署全省安全生产工作。",
			trad:       "新華社太原3月28日電 山西省委召開常委會議，研究部署全省安全生產工作。",
			province:   "140000", partial: "03-28",
		},
		{
			name:       "a labelled source and publication date",
			simplified: "来源：陕西日报 发布时间：2024年3月28日\n西安市召开全市优化营商环境大会，宝鸡、咸阳等市负责人参加。",
			trad:       "來源：陝西日報 發佈時間：2024年3月28日\n西安市召開全市優化營商環境大會，寶雞、咸陽等市負責人參加。",
			province:   "610000", date: "2024-03-28", source: "陕西日报",
		},
		{
			name:       "a paper named before its reporter",
			simplified: "（湖南日报记者 李明）长沙市今天启动城市更新行动，全市将改造老旧小区两百个。",
			trad:       "（湖南日報記者 李明）長沙市今天啟動城市更新行動，全市將改造老舊小區兩百個。",
			province:   "430000", source: "湖南日报",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Complete(Metadata{}, tt.simplified)
			tr := Complete(Metadata{}, tt.trad)
			if s.ProvinceCode != tt.province || s.PartialDate != tt.partial || s.Date != tt.date || s.Source != tt.source {
				t.Fatalf("simplified: province %q, date %q %q, source %q; want %q, %q %q, %q", s.ProvinceCode, s.Date, s.PartialDate, s.Source, tt.province, tt.date, tt.partial, tt.source)
			}
			if tr.ProvinceCode != s.ProvinceCode || !reflect.DeepEqual(tr.Places, s.Places) {
				t.Errorf("traditional: province %q, places %v; simplified: %q, %v", tr.ProvinceCode, tr.Places, s.ProvinceCode, s.Places)
			}
			if tr.Date != s.Date || tr.PartialDate != s.PartialDate || tr.Precision != s.Precision {
				t.Errorf("traditional: date %q %q %v; simplified: %q %q %v", tr.Date, tr.PartialDate, tr.Precision, s.Date, s.PartialDate, s.Precision)
			}
			if t2s.Fold(tr.Source) != s.Source || (s.Source != "" && tr.Source == s.Source) {
				t.Errorf("traditional source %q, want the twin of %q as the text writes it", tr.Source, s.Source)
			}
			if t2s.Fold(tr.Title) != s.Title || tr.Title == s.Title {
				t.Errorf("traditional title %q, want the twin of %q as the text writes it", tr.Title, s.Title)
			}
		})
	}
}

// TestParseTextTraditional reads a seed-style article in traditional
// characters: its breadcrumb and its labels are recognised, and its title
// and source are kept as written.
func TestParseTextTraditional(t *testing.T) {
	m, body := ParseText("當前位置：首頁 > 新聞 > 要聞\n廣東省召開科技創新大會\n來源：南方日報 發佈時間：2024-04-09 08:28\n廣州市科技局負責人介紹，全省研發投入穩步增長。")
	want := Metadata{Title: "廣東省召開科技創新大會", Source: "南方日報", Date: "2024-04-09", Precision: PrecisionDay}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("ParseText = %+v, want %+v", m, want)
	}
	if body != "廣州市科技局負責人介紹，全省研發投入穩步增長。" {
		t.Errorf("body %q", body)
	}
	if d := Complete(m, body); d.ProvinceCode != "440000" {
		t.Errorf("province %q, want 440000 (Guangdong)", d.ProvinceCode)
	}
}
