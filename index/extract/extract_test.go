package extract

import (
	"strings"
	"testing"
)

func TestCompleteKeepsExplicitFields(t *testing.T) {
	d := Complete(Metadata{Title: "Lanzhou news", Date: "2020-01-02", Province: "Gansu", Source: "mine"}, "Published on: 2024-03-28. Shanxi CPPCC Daily reporter")
	if d.Date != "2020-01-02" || d.Precision != PrecisionDay || d.Province != "Gansu" || d.ProvinceCode != "620000" || d.Source != "mine" {
		t.Errorf("explicit fields were overwritten: %+v", d)
	}
	e := Complete(Metadata{}, "来源：山西日报 发布时间：2024年3月28日\n太原市召开会议。山西省委书记出席。")
	if e.Date != "2024-03-28" || e.Source != "山西日报" || e.Province != "Shanxi" || e.ProvinceCode != "140000" || e.Lang != "zh" || e.Title == "" {
		t.Errorf("extracted %+v", e)
	}
	f := Complete(Metadata{PartialDate: "2023-09", Places: []string{"620000"}}, "On September 26, the meeting was held.")
	if f.PartialDate != "2023-09" || f.Precision != PrecisionMonth || strings.Join(f.Places, " ") != "620000" {
		t.Errorf("an explicit partial date or places were overwritten: %+v", f)
	}
}

func TestCompleteReadsProvinceInAnyForm(t *testing.T) {
	tests := []struct{ given, province, code string }{
		{"Shanxi", "Shanxi", "140000"},
		{"山西", "Shanxi", "140000"},
		{"山西省", "Shanxi", "140000"},
		{"140000", "Shanxi", "140000"},
		{"shaanxi", "Shaanxi", "610000"},
		{"陕西", "Shaanxi", "610000"},
		{"Tibet", "Xizang", "540000"},
		{"Macau", "Macao", "820000"},
	}
	for _, tt := range tests {
		t.Run(tt.given+" is "+tt.province, func(t *testing.T) {
			d := Complete(Metadata{Province: tt.given}, "正文")
			if d.Province != tt.province || d.ProvinceCode != tt.code {
				t.Errorf("province %q %q, want %q %q", d.Province, d.ProvinceCode, tt.province, tt.code)
			}
		})
	}
}
