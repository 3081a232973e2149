package index

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestMappingOnDisk compares the mapping of the documents' fields, which
// every index stores, with testdata/fields.golden.json: a change to the
// table of fields that changes how a field is indexed or stored shows
// here, and asks for a new schemaVersion. go test -update rewrites it.
func TestMappingOnDisk(t *testing.T) {
	m, err := NewMapping(nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	var all struct {
		DefaultMapping json.RawMessage `json:"default_mapping"`
	}
	if err := json.Unmarshal(got, &all); err != nil {
		t.Fatal(err)
	}
	got = append(all.DefaultMapping, '\n')
	golden := filepath.Join("testdata", "fields.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("the mapping of the fields is not the one indexes hold (%s):\n%s", golden, got)
	}
}

// TestEveryFieldComesBack indexes a document with every field set and gets
// it back whole: each of its fields is a stored field of the table.
func TestEveryFieldComesBack(t *testing.T) {
	d := Document{
		ID: "all", Title: "太原新闻", Body: "山西省太原市召开会议。", PartialDate: "2024-03", DatePrecision: PrecisionMonth,
		Province: "Shanxi", ProvinceCode: "140000", Places: []string{"140000", "140100"},
		Source: "山西日报", Lang: "zh", URL: "https://example.com/all",
		Story: "all", // the index's: an article alone is its own story
	}
	v := reflect.ValueOf(d)
	for i := range v.NumField() {
		if v.Field(i).IsZero() && v.Type().Field(i).Name != "Date" {
			t.Fatalf("the test leaves %s empty", v.Type().Field(i).Name)
		}
	}
	ix, err := Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Add(d); err != nil {
		t.Fatal(err)
	}
	got, err := ix.Get(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, d) {
		t.Errorf("Get gives\n%+v\nwant\n%+v", got, d)
	}
}
