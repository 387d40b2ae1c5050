package report

import (
	"encoding/csv"
	"io"
	"strconv"
)

// utf8BOM makes Excel read the file as UTF-8; without it åäö come out garbled.
const utf8BOM = "\uFEFF"

// WriteCSV writes the report as one CSV table for Swedish Excel: UTF-8 with
// BOM, semicolons, CRLF. The title block comes first, then one row per action
// and sub-action with the area repeated on every row (so the file sorts and
// filters), then the summary per area and the overdue list. Blank lines
// separate the blocks, so that Excel's automatic table range stops at them.
func WriteCSV(w io.Writer, r *Report) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	write := func(fields ...string) {
		record := make([]string, len(fields)) // fields may be a shared header
		for i, f := range fields {
			record[i] = defuseFormula(f)
		}
		_ = cw.Write(record) // an error sticks in cw and is read once at the end
	}

	write(clean(r.Title))
	write("Dnr", clean(r.RegistryNumber))
	write("Läge per", longDate(r.AsOf))
	if d := clean(r.Department); d != "" {
		write("Förvaltning", d)
	}
	if m := clean(r.Municipality); m != "" {
		write("Kommun", m)
	}
	// The plan's head, as the document gives it; dates stay ISO in cells.
	h := r.Head
	for _, kv := range [][2]string{
		{"Planens datum", clean(h.Date)},
		{"Fastställd", joinNonEmpty(" ", clean(h.AdoptedBy), clean(h.AdoptedAt), clean(h.AdoptedParagraph))},
		{"Fastställd av", clean(h.ApprovedBy)},
		{"Dokumentansvarig", clean(h.Owner)},
		{"Reviderad", revisionsText(h.Revisions, func(d string) string { return d })},
		{"Utskriven", timeCell(r.GeneratedAt)},
	} {
		if kv[1] != "" {
			write(kv[0], kv[1])
		}
	}
	write()

	write(planHeader...)
	for i := range r.Areas {
		a := &r.Areas[i]
		label, purpose := areaLabel(a), purposeText(a)
		if len(a.Rows) == 0 {
			write(label, purpose, noActions, "", "", "", "")
			continue
		}
		for _, row := range a.Rows {
			write(label, purpose, actionText(row.Number, row.SubAction, row.Text),
				clean(row.Responsible), clean(row.Deadline), clean(row.Check), clean(row.Status))
		}
	}

	write()
	write(summaryTitle)
	write(summaryHeader...)
	for i := range r.Areas {
		a := &r.Areas[i]
		write(summaryFields(areaLabel(a), a.Summary)...)
	}
	write(summaryFields(totalLabel, r.Totals)...)

	write()
	write(overdueTitle)
	write(overdueHeader...)
	if len(r.Overdue) == 0 {
		write("", noOverdue, "", "", "")
	}
	for i := range r.Overdue {
		o := &r.Overdue[i]
		write(r.areaLabelByNumber(o.Area), overdueText(o), clean(o.Responsible), clean(o.Deadline), clean(o.Status))
	}

	if a := r.Activities; a != nil {
		write()
		write(r.activitiesTitle())
		for _, g := range a.Groups {
			write(clean(g.Title))
			for _, f := range g.Facts {
				write(clean(f.Label), strconv.Itoa(f.Value))
			}
			if len(g.Items) == 0 {
				write(clean(g.Empty))
			} else {
				write(activityHeader...)
			}
			for _, it := range g.Items {
				write(clean(it.Date), clean(it.What), clean(it.State))
			}
			write()
		}
	} else {
		write()
	}

	write(notesTitle)
	write(notesHeader...)
	if len(r.Notes) == 0 {
		write("", noNotes, "", "", "", "")
	}
	for i := range r.Notes {
		n := &r.Notes[i]
		write(r.areaLabelByNumber(n.Area), noteAction(n), noteDone(n), noteSigner(n), clean(n.Comment), evidenceText(n.Evidence))
	}
	if rows := r.revisionRows(); rows != nil {
		write()
		write(revisionsTitle)
		write(revisionHeader...)
		for _, row := range rows {
			write(row[:]...)
		}
	}

	cw.Flush()
	return cw.Error()
}

func summaryFields(label string, s Summary) []string {
	return []string{label, strconv.Itoa(s.Total), strconv.Itoa(s.Done), strconv.Itoa(s.Overdue), percentText(s)}
}

// defuseFormula keeps a cell that starts like a formula from running as one
// when the file is opened in a spreadsheet: text typed by users (a sign-off
// name, a comment) ends up here. The quote is what Excel itself shows for
// text that looks like a formula.
func defuseFormula(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@':
		return "'" + s
	}
	return s
}
