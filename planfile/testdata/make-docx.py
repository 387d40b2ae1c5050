#!/usr/bin/python3
"""Writes the Word test files of planfile's ParseDocx from the shipped
Bollebygd plan (plans/bollebygd-tillitsfull-dialog.yaml), as two writers
lay a plan out:

  bollebygd-python-docx.docx   python-docx: a head table (label and value in
                               one cell, a cell spanning two columns), one
                               row per area, actions as "List Number" and
                               sub-actions as "List Bullet 2" paragraphs
                               (lists given by the styles)
  bollebygd-libreoffice.docx   LibreOffice (soffice --headless, from the
                               HTML written beside it): labels over values in
                               the head, one row per action or sub-action,
                               the Område cell merged over its rows (vMerge),
                               nested HTML lists as Word numbering
  broken-deadline.docx         python-docx, with "Snart" as one deadline

Run from this folder with Debian's python3-docx and libreoffice-writer-nogui:
    /usr/bin/python3 make-docx.py
The files are checked in; the tests never run this script.
"""

import html
import os
import shutil
import subprocess
import tempfile

import docx
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
PLAN = os.path.join(HERE, "..", "..", "plans", "bollebygd-tillitsfull-dialog.yaml")

MONTHS = ["Januari", "Februari", "Mars", "April", "Maj", "Juni", "Juli",
          "Augusti", "September", "Oktober", "November", "December"]

# The document writes some roles in the plural, as the adopted plan does
# ("Enhetschefer"): (area index, item index within the area) -> spelling.
PLURAL = {(2, 1): "Verksamhetschefer", (2, 2): "Enhetschefer",
          (2, 3): "Verksamhetschefer", (3, 1): "Enhetschefer"}

HEADINGS = ["Område", "Åtgärd/aktivitet", "Ansvarig", "Klart när?", "Kontroll utfört. Datum."]


def deadline(d):
    if d == "continuous":
        return "Fortlöpande"
    if d == "when-needed":
        return "Vid behov"
    year, month = d.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def items(area_index, area):
    """The area's actions and sub-actions in order: (is_sub, text, role, deadline)."""
    out = []
    for a in area["actions"]:
        for sub, x in [(False, a)] + [(True, s) for s in a.get("subActions", [])]:
            role = PLURAL.get((area_index, len(out)), x["responsible"])
            out.append((sub, x["text"], role, deadline(str(x["deadline"]))))
    return out


def load():
    with open(PLAN, encoding="utf-8") as f:
        return yaml.safe_load(f)["plan"]


def python_docx(plan, path, broken=False):
    d = docx.Document()
    head = d.add_table(rows=3, cols=3)
    head.style = "Table Grid"
    head.cell(0, 0).text = "Handlingsplan"
    top = head.cell(0, 1).merge(head.cell(0, 2))  # gridSpan
    top.text = plan["date"]
    head.cell(1, 0).text = f"Fastställd: {plan['adoptedBy']} {plan['adoptedAt']} {plan['adoptedParagraph']}"
    head.cell(1, 1).text = f"Fastställd av: {plan['approvedBy']}"
    head.cell(1, 2).text = "Reviderad:"
    head.cell(2, 0).text = f"Dokumentansvarig: {plan['owner']}"
    head.cell(2, 1).text = "Dnr:"
    head.cell(2, 2).text = plan["registryNumber"]

    d.add_heading(plan["title"], level=1)
    d.add_heading("Bakgrund", level=2)
    for p in plan["background"].split("\n"):
        d.add_paragraph(p)
    for a in plan["completedActivities"]:
        d.add_paragraph(a, style="List Bullet")

    t = d.add_table(rows=1, cols=5)
    t.style = "Table Grid"
    for cell, h in zip(t.rows[0].cells, HEADINGS):
        cell.text = h
    for i, area in enumerate(plan["areas"]):
        row = t.add_row().cells
        p = row[0].paragraphs[0]
        p.add_run(" ".join(x for x in [area["title"], area.get("purpose", "")] if x))
        if area.get("note"):
            row[0].add_paragraph().add_run(area["note"]).italic = True
        for k, (sub, text, role, due) in enumerate(items(i, area)):
            if broken and i == 2 and k == 3:
                due = "Snart"
            style = "List Bullet 2" if sub else "List Number"
            for col, value in [(1, text), (2, role), (3, due)]:
                cell = row[col]
                para = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                para.text = value
                if col == 1:
                    para.style = d.styles[style]
    d.add_paragraph("Planen följs upp av förvaltningens ledningsgrupp.")
    d.save(path)


def libreoffice_html(plan):
    e = html.escape
    out = ["<!DOCTYPE html><html lang='sv'><head><meta charset='utf-8'>"
           f"<title>{e(plan['title'])}</title></head><body>",
           "<p>Handlingsplan</p>", f"<p>{e(plan['date'])}</p>",
           "<table border='1'><tr><td>Fastställd</td><td>Fastställd av</td><td>Reviderad</td>"
           "<td>Dokumentansvarig</td><td>Dnr</td></tr>",
           f"<tr><td>{e(plan['adoptedBy'])} {e(plan['adoptedAt'])} {e(plan['adoptedParagraph'])}</td>"
           f"<td>{e(plan['approvedBy'])}</td><td></td><td>{e(plan['owner'])}</td>"
           f"<td>{e(plan['registryNumber'])}</td></tr></table>",
           f"<h1>{e(plan['title'])}</h1>", "<h2>Bakgrund</h2>"]
    out += [f"<p>{e(p)}</p>" for p in plan["background"].split("\n")]
    out.append("<ul>" + "".join(f"<li>{e(a)}</li>" for a in plan["completedActivities"]) + "</ul>")
    out.append("<table border='1'><tr>" + "".join(f"<th>{e(h)}</th>" for h in HEADINGS) + "</tr>")
    for i, area in enumerate(plan["areas"]):
        its = items(i, area)
        number = 0
        for k, (sub, text, role, due) in enumerate(its):
            cells = []
            if k == 0:
                area_html = "<p>" + e(" ".join(x for x in [area["title"], area.get("purpose", "")] if x)) + "</p>"
                if area.get("note"):
                    area_html += f"<p><i>{e(area['note'])}</i></p>"
                cells.append(f"<td rowspan='{len(its)}'>{area_html}</td>")
            if sub:
                action = f"<ol start='{number}'><li><ul><li>{e(text)}</li></ul></li></ol>"
            else:
                number += 1
                action = f"<ol start='{number}'><li>{e(text)}</li></ol>"
            cells += [f"<td>{action}</td>", f"<td>{e(role)}</td>", f"<td>{e(due)}</td>", "<td></td>"]
            out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table></body></html>")
    return "\n".join(out)


def libreoffice(plan, path):
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice not found: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "bollebygd-libreoffice.html")
        with open(src, "w", encoding="utf-8") as f:
            f.write(libreoffice_html(plan))
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML",
                        "--outdir", tmp, src], check=True, stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(tmp, "bollebygd-libreoffice.docx"), path)


def main():
    plan = load()
    python_docx(plan, os.path.join(HERE, "bollebygd-python-docx.docx"))
    python_docx(plan, os.path.join(HERE, "broken-deadline.docx"), broken=True)
    libreoffice(plan, os.path.join(HERE, "bollebygd-libreoffice.docx"))


if __name__ == "__main__":
    main()
