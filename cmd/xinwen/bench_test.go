package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/search/bench"
)

// TestMain lets the test binary stand in for the xinwen executable: bench
// starts `xinwen serve` as a new process, and in these tests that process
// is this binary, run with XINWEN_TEST_MAIN=1.
func TestMain(m *testing.M) {
	if os.Getenv("XINWEN_TEST_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// testSelf runs this test binary as xinwen.
func testSelf(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "XINWEN_TEST_MAIN=1")
	return cmd
}

func TestBench(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	for _, a := range []struct{ title, body string }{
		{"太原市推进煤矿安全生产", "山西省太原市召开会议，部署煤矿安全生产工作，要求各地压实企业主体责任。"},
		{"兰州新建轨道交通线路开通", "甘肃省兰州市新建的轨道交通线路今天开通运营，沿线设有十二个车站。"},
		{"Lanzhou opens a new rail line", "The Gansu capital opened a rail line with twelve stations on Monday."},
		{"Coking coal output rises", "Shanxi Coking Coal Group raised output of coking coal by five percent."},
		{"国有企业改革深化提升行动", "会议强调，要深化国有企业改革，推动制造业高质量发展，加快培育新质生产力。"},
		{"黄河流域生态保护", "省生态环境厅通报了黄河流域生态保护和高质量发展的最新进展情况。"},
	} {
		for i := range 4 {
			raw, _ := json.Marshal(map[string]string{"id": a.title + string(rune('a'+i)), "title": a.title, "body": a.body, "date": "2024-05-0" + string(rune('1'+i))})
			lines = append(lines, string(raw))
		}
	}
	corpus := write(t, dir, "tiny.jsonl", strings.Join(lines, "\n"))
	out := filepath.Join(dir, "bench.json")
	queries := write(t, dir, "queries.txt", "煤矿安全\n\nrail line\n\"国有企业改革\"\n兰州 轨道交通\n找不到的词语\n")

	var stdout, stderr strings.Builder
	app := &App{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }, Self: testSelf}
	err := app.Run(context.Background(), []string{"bench", "-corpus", corpus, "-docs", "20", "-queries", queries, "-concurrency", "1,2", "-rounds", "1", "-serve", "1", "-json", out})
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, stderr.String())
	}

	t.Run("it prints the figures against their budgets", func(t *testing.T) {
		for _, want := range []string{"tiny.jsonl: 20 articles", "MB of text per second", "index on disk", "p99 ≤ 15 ms", "QPS ≥ 300", "start to first answer", "peak RSS after serving the mix"} {
			if !strings.Contains(stdout.String(), want) {
				t.Errorf("output lacks %q:\n%s", want, stdout.String())
			}
		}
	})
	t.Run("it writes the same figures as JSON, with a real server's", func(t *testing.T) {
		raw, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		var r bench.Report
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatal(err)
		}
		if r.Docs != 20 || len(r.Query.Runs) != 2 || r.Serve == nil || len(r.Serve.Runs) != 1 {
			t.Fatalf("report = %s", raw)
		}
		if r.Query.Queries != 5 || r.Query.ZeroHits != 0.2 {
			t.Errorf("%d queries, %v finding nothing; want the file's 5, one of which finds nothing", r.Query.Queries, r.Query.ZeroHits)
		}
		if s := r.Serve.Runs[0]; s.FirstAnswerS <= 0 || s.ListeningS <= 0 || s.ListeningS > s.FirstAnswerS {
			t.Errorf("server run %+v: want listening, then a first answer", s)
		}
		if runtime.GOOS == "linux" && r.Serve.PeakRSSMB <= 0 {
			t.Errorf("server peak RSS %v MB, want it measured", r.Serve.PeakRSSMB)
		}
	})
}

func TestBenchUsage(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"a bench without a corpus is refused", []string{"bench"}, "-corpus"},
		{"a client count must be a number", []string{"bench", "-corpus", "x.jsonl", "-concurrency", "1,two"}, `"two" is not a number of clients`},
		{"a corpus given as an argument is refused", []string{"bench", "x.jsonl"}, "-corpus"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := run(t, c.args...)
			var u usageError
			if !errors.As(err, &u) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want a usage error mentioning %s", err, c.want)
			}
		})
	}
}
