package planstore

import (
	"bytes"
	"cmp"
	"context"
	"path/filepath"
	"strings"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/planfile"
)

// Form is a form a plan is written in.
type Form string

const (
	FormYAML     Form = "yaml"     // the plan file (docs/plan-file.md)
	FormMarkdown Form = "markdown" // the markdown tables of a converted PDF
	FormDocx     Form = "docx"     // a Word document
)

// zipMagic starts every zip, so every .docx.
var zipMagic = []byte("PK\x03\x04")

// FormOf tells the form of a document by its file name (.docx, .md or
// .markdown, .yaml or .yml) and, when the name says none of these, by its
// content: a zip is Word, text with a top-level "plan:" key is a plan file,
// other text is markdown.
func FormOf(name string, data []byte) Form {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".docx":
		return FormDocx
	case ".md", ".markdown":
		return FormMarkdown
	case ".yaml", ".yml":
		return FormYAML
	}
	switch {
	case bytes.HasPrefix(data, zipMagic):
		return FormDocx
	case bytes.HasPrefix(data, []byte("plan:")) || bytes.Contains(data, []byte("\nplan:")):
		return FormYAML
	}
	return FormMarkdown
}

// A ReadError is a document that does not read as a plan: the problems
// of the file, for whoever fixes it, as opposed to a failure of the
// database.
type ReadError struct {
	Form Form
	Err  error // planfile's: FieldError, Errors, ErrNotDocx, …
}

func (e *ReadError) Error() string { return e.Err.Error() }
func (e *ReadError) Unwrap() error { return e.Err }

// ReadDocument reads a plan in any of its forms (FormOf name and data). A
// plan file names its own department. Markdown and Word do not: they are
// read for given, the department's slug (and its name and municipality,
// for a department that does not exist yet). When that department exists,
// the plan is read against it as the database holds it: its roles resolve
// to the department's own, with their kinds and permissions, and a role it
// lacks is refused (planfile.ErrUnknownRole) unless createRoles is set.
// Name and municipality come from given where set. When the plan exists
// too, it keeps what these forms cannot state (its rules and follow-up
// settings; planfile.File.KeepStored), and notes say, in English, what
// was kept. A file that does not read is a *ReadError. ReadDocument writes
// nothing.
func ReadDocument(ctx context.Context, client *ent.Client, name string, data []byte, given planfile.Department, createRoles bool) (*planfile.File, []string, error) {
	form := FormOf(name, data)
	if form == FormYAML {
		f, err := planfile.ParseYAML(data)
		if err != nil {
			return nil, nil, &ReadError{form, err}
		}
		return f, nil, nil
	}
	dept := given
	stored, err := Department(ctx, client, given.Slug)
	if err != nil {
		return nil, nil, err
	}
	if stored != nil {
		dept = *stored
		dept.Name = cmp.Or(given.Name, dept.Name)
		dept.Municipality = cmp.Or(given.Municipality, dept.Municipality)
	}
	opts := planfile.MarkdownOptions{CreateRoles: createRoles}
	var f *planfile.File
	if form == FormDocx {
		f, err = planfile.ParseDocx(data, dept, opts)
	} else {
		f, err = planfile.ParseMarkdown(bytes.NewReader(data), dept, opts)
	}
	if err != nil {
		return nil, nil, &ReadError{form, err}
	}
	if stored == nil {
		return f, nil, nil
	}
	planID, err := FindPlan(ctx, client, f.Department.Slug, f.Plan.RegistryNumber)
	if ent.IsNotFound(err) {
		return f, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	prev, err := Export(ctx, client, planID)
	if err != nil {
		return nil, nil, err
	}
	return f, f.KeepStored(prev), nil
}
