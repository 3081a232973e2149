package extract

import (
	"testing"

	"github.com/xinwen/xinwen/index/internal/corpustest"
)

// benchArticles are articles written for the benchmark, in both scripts and
// mixed, with what extraction looks for: datelines, labels, governments,
// companies, cities.
var benchArticles = []article{
	{id: "b1", Metadata: Metadata{Title: "山西省召开国有企业改革推进会"}, body: "新华社太原3月28日电 山西省委、省政府27日在太原召开全省国有企业改革推进会。省委书记在会上强调，要加快推进吕梁、长治、晋城等地的煤炭产业转型。会议指出，全省上下要把思想和行动统一到省委部署上来，推动高质量发展。\n会上，太原市、大同市作了交流发言，山西焦煤集团等企业负责人参加会议。"},
	{id: "b2", Metadata: Metadata{Title: "Gansu expands wind and solar power"}, body: "Lanzhou, September 26 (Gansu Daily) -- Gansu Province added wind and solar capacity this year as the provincial government pushes new energy industries in Jiuquan and Zhangye.\nThe Gansu Provincial Party Committee said coal remains important, unlike in Shanghai, where Shanghai Electric builds offshore wind farms."},
	{id: "b3", Metadata: Metadata{Title: "本台快讯"}, body: "本台消息：\n全省春耕备耕有序推进\n省农业农村厅数据显示，全省已完成春播面积三成以上。\n大连开通跨海夜间公交\n辽宁大连近日开通两条跨海夜间公交线路，方便市民夜间出行。\n北京时间今天20点，省歌舞剧院赴南美演出。"},
	{id: "b4", Metadata: Metadata{Title: "Wu Cunrong investigates in Taiyuan"}, body: "On April 8, Wu Cunrong, Chairman of the CPPCC Provincial Committee, went to Taiyuan to investigate the development of new quality productivity. He visited Taiyuan Boiler Group and the Shanghai Silicon Semiconductor base.\n要深入学习关于国有Enterprise reform发展的论述，带动山西转型发展。"},
}

// BenchmarkComplete measures metadata extraction on written articles; its
// ms/1000docs is what extraction adds to indexing a thousand of them.
func BenchmarkComplete(b *testing.B) {
	benchComplete(b, benchArticles)
}

// BenchmarkCompleteCCTV measures metadata extraction on the first 2,000
// CCTV articles of the shared corpus, as read from JSON Lines (their dates
// are given; the province and the places are extracted).
func BenchmarkCompleteCCTV(b *testing.B) {
	var docs []article
	eachArticle(b, corpustest.File(b, "zh-news.jsonl.gz"), nil, func(a article) bool {
		docs = append(docs, a)
		return len(docs) < 2000
	})
	benchComplete(b, docs)
}

func benchComplete(b *testing.B, docs []article) {
	b.ReportAllocs()
	var bytes int64
	for _, d := range docs {
		bytes += int64(len(d.Title) + len(d.body))
	}
	b.SetBytes(bytes / int64(len(docs)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := docs[i%len(docs)]
		Complete(d.Metadata, d.body)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e6/float64(b.N)*1000, "ms/1000docs")
}
