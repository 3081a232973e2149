// Package story tells reprints apart from articles that only look alike,
// and groups an index's articles into stories: the same story republished
// (a provincial site reprinting Xinhua with its own header and footer, a
// copy under a new headline, one in traditional script) is one story with
// several articles, whose id is that of its earliest article.
//
// An article's Print is a one-permutation MinHash (128 bins) of its body's
// shingles, runs of five units, a unit being a Chinese character folded to
// simplified (analyzer.FoldRune) or a word of letters or digits; the short
// lines at either end of the body (a portal's 来源 and 责任编辑) are left
// out, and a shingle holding a number counts five times, so that a
// template filled in on two days is two stories. Same takes two articles
// for one story when they are dated at most MaxDays apart, nearly all of
// the shorter is in the longer and more than half of the longer in the
// shorter (a digest that holds the story among others is not it). An
// Index finds the story of a new article by 16 bands of its print among
// the articles filed so far, and keeps the stories right when an article
// arrives after its reprint or the earliest one is removed.
//
// Chosen by measurement (TestReprintEval, eval_test.go) over SimHash (of
// the analyzer's words, by TF or TF-IDF, and of shingles), MinHash
// resemblance alone, and MinHash of the title and lead only: pairs built from the shared corpus (reprints made as portals
// make them, and real articles that look alike: one leader meeting
// another guest, the same weekly report a week later, a series' next
// commentary, a digest), split in halves by a hash, thresholds tuned on
// one half. On the other half, 1,086 reprints and 8,289 look-alike pairs:
// precision 0.990, recall 0.946 (traditional script 98/98, new headline
// 108/108, header and footer 125/127, paragraph dropped 101/107, the same
// release on two portals 123/144). Filed in an Index of both corpora
// (95,396 articles), 1,030 of the 1,086 reprints join their original's
// story and 8,283 of the 8,289 look-alikes stay apart.
//
// Over the CCTV corpus (74,504 articles, TestStoriesInCorpus) the Index
// makes 53 stories of more than one article (107 articles). A sample of
// 50 of them, read and judged (/work/labels/stories_sample.tsv, ids and
// judgements only): 37 are one story (the same text aired twice, under
// the same or another headline) and 13 are not: precision 0.74, well
// below the built set's. The 13 are short announcements made from one
// template (the notices of a congress's sessions, a book's editions in
// two languages, one welcome ceremony for two guests), a death notice and
// the report of the cremation, and a communique and the resolution it
// announced; the built set has few such pairs, so the next tuning wants
// them in it, not these thresholds changed on this sample.
package story
