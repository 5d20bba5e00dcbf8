"""The second plan end to end as another city's office runs it: templates, a section filling its
調査票 in LibreOffice Calc, merge with --pdf --public, the next year across 平成→令和 — and not one
trace of the bundled city in any output (file names, every part of every workbook, PDF text, CSV)."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import openpyxl

from lo_fill import fill_by_id, require_uno
from recalc import formulas_that_differ, recalculated
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.templates.fill import fill_template
from second_plan import BUNDLED_WORDS, MISSING, PLAN_FILE, answers, fill_year, second_plan


def run_json(argv, capsys) -> tuple[int, dict]:
    code = main(argv + ["--json"])
    out, err = capsys.readouterr()
    assert out, err
    return code, json.loads(out)


def texts_of(path: Path) -> str:
    """Everything a person could read in a file: every XML part of a workbook (cells, shared strings,
    headers and footers, comments, charts, properties), a PDF's text, a CSV."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".rels")))
    if path.suffix == ".pdf":
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    return path.read_text("utf-8-sig")


def test_another_city_end_to_end_without_a_trace_of_the_bundled_one(soffice, workdir, capsys):
    require_uno()
    (workdir / "計画.yaml").write_text(PLAN_FILE.read_text("utf-8"), encoding="utf-8")
    (workdir / "reform-xlsx.toml").write_text('plan = "計画.yaml"\nledger = "reform.db"\n', encoding="utf-8")
    plan = second_plan()

    # 平成30年度: 市民課 types its answers in LibreOffice; 総務課 sends a grade that is not on the list.
    assert main(["templates", "--year", "H30", "--out", "調査票"]) == 0
    capsys.readouterr()
    templates = sorted((workdir / "調査票").glob("*.xlsx"))
    inbox = workdir / "受信"
    fill_year(plan, templates, inbox, 2018, skip=(MISSING, "市民課", "総務課"))
    shimin = workdir / "調査票" / outputs.template(plan.words, 2018, "市民課")
    typed = answers(plan, "市民課", 2018)
    stored = fill_by_id(shimin, inbox / "市民課（Calc で保存）.xlsx", typed, soffice=soffice)
    assert ["VALUE", 0.04] in stored[layout.SHEET_KPI].values()  # 「4%」 as Calc reads it
    bad = answers(plan, "総務課", 2018)
    bad[layout.SHEET_ITEMS]["4-1-1"]["進捗状況"] = "計画通り？"
    fill_template(workdir / "調査票" / outputs.template(plan.words, 2018, "総務課"), bad, inbox / "総務課.xlsx")
    code, doc = run_json(["merge", str(inbox), "--year", "H30", "--out", "出力", "--pdf", "--public"], capsys)
    assert code == 1 and doc["notes"] == []
    assert {f["name"]: f["status"] for f in doc["files"]}["市民課（Calc で保存）.xlsx"] == "accepted"
    assert set(doc["outputs"]) >= {"meeting", "office", "pdf", "public", "public_pdf", "public_csv_items",
                                   "public_csv_kpis", "receipt", "answers"}
    feedback = Path(doc["feedback"]["総務課.xlsx"])
    sent_back = openpyxl.load_workbook(feedback)
    assert sent_back.worksheets[0]["A1"].value == "平成30年度 行財政改革取組状況調査票の修正のお願い（総務課）"
    comments = [c.comment for ws in sent_back.worksheets for row in ws.iter_rows() for c in row if c.comment]
    assert comments and {c.author for c in comments} == {"行革推進課"}  # signed by this city's office

    packet = "".join(texts_of(Path(doc["outputs"]["pdf"])).split())  # (the PDF's text without its spacing)
    assert "南山市行財政改革実施計画" in packet and "南山市南山市" not in packet  # the city once
    for said in ("平成30年度行財政改革の取組状況", "南山市行財政改革推進本部資料", "柱1", "柱5", "取組一覧（平成30年度）",
                 "担当課未定", "実施（取組開始）", "南山市行革推進課"):
        assert said in packet, said
    public = "".join(texts_of(Path(doc["outputs"]["public_pdf"])).split())
    assert "平成30年度（2018年度）（計画期間平成30年度（2018年度）～令和3年度（2021年度））" in public

    # 令和元年度: every section answers; the year before across the eras; formulas recalculate to
    # the values written (the KPI measured from its first report included).
    assert main(["templates", "--year", "R1", "--out", "調査票R1"]) == 0
    fill_year(plan, sorted((workdir / "調査票R1").glob("*.xlsx")), workdir / "受信R1", 2019)
    capsys.readouterr()
    code, doc1 = run_json(["merge", "受信R1", "--year", "令和元年度", "--out", "出力R1"], capsys)
    assert code == 0
    meeting = Path(doc1["outputs"]["meeting"])
    assert meeting.name == "令和元年度_行財政改革推進本部会議資料.xlsx"
    again = recalculated(soffice, meeting, workdir / "recalc")
    _, differ = formulas_that_differ(meeting, again)
    assert differ == []

    # Not one trace of the bundled city: names, workbooks, PDFs, CSV, in every folder made.
    made = [p for p in workdir.rglob("*") if p.is_file() and "recalc" not in p.parts
            and p.suffix in (".xlsx", ".pdf", ".csv")]
    assert len(made) > 30
    traces = [(str(p.relative_to(workdir)), word) for p in made for word in BUNDLED_WORDS
              if word in str(p.relative_to(workdir)) or word in texts_of(p)]
    assert traces == []
