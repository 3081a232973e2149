package index

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/seeds"
)

func TestParseSeeds(t *testing.T) {
	tests := []struct {
		file                          string
		title, source, date, province string
		bodyStart                     string
	}{
		{"000_af93bdc7a1e7e16b.txt", "Wu Cunrong's Research in Shanxi Coking Coal Group", "Shanxi CPPCC Daily", "2024-03-28", "Shanxi", "On March 26, Wu Cunrong"},
		{"001_d985dd1586f04472.txt", "Wu Cunrong Investigates in Taiyuan", "Shanxi CPPCC Daily", "2024-04-09", "Shanxi", "On April 8, Wu Cunrong"},
		{"002_b133c8210882f2cb.txt", "From April 24th to 26th, Jin Xiangjun, deputy secretary of the provincial party committee and…", "", "", "Shanxi", "From April 24th to 26th"},
		{"003_cffe72ff8604bda2.txt", "Lvliang Jiao Association Symposium on Promoting High-quality Industrial Development Held in Pengfei", "", "", "Shanxi", "On November 3, the Symposium"},
		{"004_55fed33ca88e0f02.txt", "On September 26, the province's state-owned enterprise reform deepening and upgrading action…", "Gansu Daily", "", "Gansu", "On September 26, the province's"},
	}
	for _, tt := range tests {
		t.Run(tt.file+" reads as "+tt.province, func(t *testing.T) {
			raw, err := fs.ReadFile(seeds.FS, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			d := ParseText(strings.TrimSuffix(tt.file, ".txt"), string(raw))
			if d.Title != tt.title {
				t.Errorf("title = %q, want %q", d.Title, tt.title)
			}
			if d.Source != tt.source {
				t.Errorf("source = %q, want %q", d.Source, tt.source)
			}
			if d.Date != tt.date {
				t.Errorf("date = %q, want %q", d.Date, tt.date)
			}
			if d.Province != tt.province {
				t.Errorf("province = %q, want %q", d.Province, tt.province)
			}
			if !strings.HasPrefix(d.Body, tt.bodyStart) {
				t.Errorf("body starts %.60q, want %q", d.Body, tt.bodyStart)
			}
			if d.Lang != "en" {
				t.Errorf("lang = %q, want en", d.Lang)
			}
		})
	}
}

func TestFindDate(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Published on: 2024-03-28 08:20", "2024-03-28"},
		{"Published on: April 9, 2024 08:28", "2024-04-09"},
		{"Released 9 April 2024.", "2024-04-09"},
		{"发布时间：2024年3月28日 08:20", "2024-03-28"},
		{"On September 26, the meeting was held", ""},
		{"From April 24th to 26th", ""},
		{"4月24日至26日", ""},
		{"a 24-hour duty system", ""},
		{"2024-02-30 is not a day", ""},
		{"Sept. 3rd, 2023 and 2024-01-01", "2023-09-03"},
	}
	for _, tt := range tests {
		if got := findDate(tt.text); got != tt.want {
			t.Errorf("findDate(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestProvince(t *testing.T) {
	tests := []struct {
		name                string
		title, source, body string
		want                string
	}{
		{"the paper's province outweighs a Shanghai company", "Wu Cunrong Investigates in Taiyuan", "Shanxi CPPCC Daily",
			"He visited Shanghai Silicon Semiconductor Silicon Chip Material Base Project and Shanghai integrated cooperative industries, for the modernization of Shanxi.", "Shanxi"},
		{"a headline names the province", "甘肃省召开国有企业改革推进会", "", "会议在兰州召开。", "Gansu"},
		{"Shaanxi is not Shanxi", "Shaanxi Province opens a rail line", "", "Xi'an, the Shaanxi capital, ...", "Shaanxi"},
		{"one passing mention is not enough", "A meeting on coal", "", "Delegates came from Hebei.", ""},
		{"a tie says nothing", "", "", "Gansu and Qinghai signed an agreement.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Province(tt.title, tt.source, tt.body); got != tt.want {
				t.Errorf("Province = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCompleteKeepsExplicitFields(t *testing.T) {
	d := Document{ID: "x", Title: "Lanzhou news", Body: "Published on: 2024-03-28. Shanxi CPPCC Daily reporter", Date: "2020-01-02", Province: "Gansu", Source: "mine"}
	Complete(&d)
	if d.Date != "2020-01-02" || d.Province != "Gansu" || d.Source != "mine" {
		t.Errorf("explicit fields were overwritten: %+v", d)
	}
	e := Document{ID: "y", Body: "来源：山西日报 发布时间：2024年3月28日\n太原市召开会议。山西省委书记出席。"}
	Complete(&e)
	if e.Date != "2024-03-28" || e.Source != "山西日报" || e.Province != "Shanxi" || e.Lang != "zh" || e.Title == "" {
		t.Errorf("extracted %+v", e)
	}
}
