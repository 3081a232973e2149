package index

import (
	"context"
	"errors"

	"github.com/xinwen/xinwen/index/story"
)

// An Entry is a document ready to be written: validated once, by Check,
// and mapped to the index's fields. A Sink writes it as it is.
type Entry struct {
	doc    Document
	fields map[string]interface{}
	print  story.Print // of its title and body, which finds its story
}

// Check validates d and returns it ready to be written, or an
// *InvalidError saying what makes it unfit. It is the one validation of a
// document on its way into an index: a Pipeline checks each document once,
// and so does Writer.Add.
func Check(d Document) (Entry, error) { return check(d, true) }

// check is Check; without checkID it only asks for an id (see validate).
func check(d Document, checkID bool) (Entry, error) {
	d, err := validate(d, checkID)
	if err != nil {
		return Entry{}, err
	}
	e := Entry{doc: d, fields: fields(&d)}
	var kept string
	e.print, kept = printOf(&d)
	e.fields[FieldPrint] = kept
	return e, nil
}

// Document returns the document e holds, as the index stores it: its
// province by English name and code, its date's precision.
func (e Entry) Document() Document { return e.doc }

// textBytes is the size of e's title and body, which a batch is bounded by.
func (e Entry) textBytes() int { return len(e.doc.Title) + len(e.doc.Body) }

// A Sink is the writing end of a Pipeline: it takes each document that the
// pipeline has completed and validated. A *Writer is one; the write API's
// group commit is another. An error from Write ends the pipeline's run.
type Sink interface {
	Write(Entry) error
}

// SinkFunc makes a function a Sink.
type SinkFunc func(Entry) error

// Write calls f.
func (f SinkFunc) Write(e Entry) error { return f(e) }

// A Pipeline is the one way articles come into an index: it reads the
// records of a Source, completes each document's metadata from its text
// (Complete), validates it (Check), and hands it to its Sink, each once. A
// record that cannot be read, or whose document is unfit, goes to Bad with
// its file, line and code, and the pipeline goes on with the next.
type Pipeline struct {
	// Sink receives each document completed and validated.
	Sink Sink
	// Bad receives each record that could not be read or is unfit; an
	// error from it ends the run. If Bad is nil, the first such record
	// ends it, as a *RecordError.
	Bad func(*RecordError) error
	// stored is set for the documents of an index being rebuilt: they are
	// carried as they are, not completed (their metadata is the index's
	// already, whether given or extracted), and their ids are held to the
	// rules they were indexed under.
	stored bool
}

// Counts counts what a Pipeline did with the records of a Source.
type Counts struct {
	Read      int // records read, the refused ones included
	Completed int // documents whose metadata was completed from their text
	Validated int // documents validated
	Written   int // documents handed to the Sink
	Refused   int // records that could not be read or were unfit
}

// Run sends the records of src through the pipeline until src ends, the
// Sink or Bad returns an error, or ctx is done, and says what it did. The
// records read before an error stay with the Sink: what it does with them
// (a Writer's Flush) is the caller's decision.
func (p *Pipeline) Run(ctx context.Context, src Source) (Counts, error) {
	var st Counts
	for rec, err := range src {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		st.Read++
		if err != nil {
			var bad *RecordError
			if !errors.As(err, &bad) {
				return st, err
			}
			st.Refused++
			if err := p.bad(bad); err != nil {
				return st, err
			}
			continue
		}
		d := rec.Doc
		if !p.stored {
			Complete(&d)
			st.Completed++
		}
		e, err := check(d, !p.stored)
		st.Validated++
		if err != nil {
			st.Refused++
			bad := &RecordError{Path: rec.Path, Line: rec.Line, Err: err}
			var invalid *InvalidError
			if errors.As(err, &invalid) {
				bad.Code = invalid.Code
			}
			if err := p.bad(bad); err != nil {
				return st, err
			}
			continue
		}
		if err := p.Sink.Write(e); err != nil {
			return st, err
		}
		st.Written++
	}
	return st, nil
}

func (p *Pipeline) bad(e *RecordError) error {
	if p.Bad == nil {
		return e
	}
	return p.Bad(e)
}
