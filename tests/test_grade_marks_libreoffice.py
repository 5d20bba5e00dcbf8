"""A plan graded with marks (◎ ○ △ ×) through LibreOffice Calc: sections pick the drop-down's text or type the marks
by hand in the ja-JP locale (「〇」, which Calc stores as the number 0; 「x」, 「✕」, 「◯」), merge --pdf --public reads each
as the grade meant, and the 会議資料, its PDF and the 公表用 PDF and CSV show the marks and count them right
(docs/plan-format.md 「進捗状況の区分の記号」)."""

from __future__ import annotations

import csv
import json
import subprocess
from collections import Counter
from pathlib import Path

import openpyxl

from lo_fill import fill_by_id, require_uno
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.templates.fill import fill_template
from second_plan import ACTUALS, PLAN_FILE
from sheet_reader import columns, header_row

MARKS = (("◎", "予定以上に進んでいる"), ("○", "予定どおり"), ("△", "やや遅れ"), ("×", "遅れ・未着手"))
SHOWN = {code: f"{code} {label}" for code, label in MARKS}
# (what is typed, the grade meant): by hand in Calc's ja-JP keyboard path, and the drop-down's own text
BY_HAND = [("〇", "○"), ("x", "×"), ("✕", "×"), ("◯", "○"), ("△", "△")]
PICKED = [(SHOWN[code], code) for code, _ in MARKS]
CALC = {"企画課": BY_HAND, "建設課": BY_HAND[3:], "市民課": PICKED, "財政課": PICKED[1:]}  # the rest: openpyxl
HAND = ("企画課", "建設課")


def _plan_file(folder: Path) -> Path:
    text = PLAN_FILE.read_text("utf-8")
    grades = "grades:\n" + "".join(
        f"  - {{code: {code}, label: {label}, definition: 今年度は{label}{', behind: true' if code in '△×' else ''}}}\n"
        for code, label in MARKS)
    path = folder / "計画.yaml"
    path.write_text(text[:text.index("grades:\n")] + grades + text[text.index("judgement:\n"):], encoding="utf-8")
    return path


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_marks_typed_in_calc_are_read_counted_and_printed(soffice, workdir, capsys):
    require_uno()
    plan_file = _plan_file(workdir)
    plan, warnings = load_plan(plan_file)
    assert warnings == [] and [g.code for g in plan.grades] == [c for c, _ in MARKS]
    assert main(["templates", "--plan", str(plan_file), "--year", "H30", "--out", "調査票"]) == 0
    inbox, given, stored = workdir / "受信", {}, []
    inbox.mkdir()
    for n, path in enumerate(sorted((workdir / "調査票").glob("*.xlsx"))):
        section = path.stem.rsplit("_", 1)[1]
        typed = CALC.get(section, PICKED[n % 4:] + PICKED[:n % 4])
        rows = {}
        for i, item in enumerate(plan.items_for(section, 2018)):
            text, code = typed[i % len(typed)]
            rows[item.id] = {"進捗状況": text, "取組実績": "実施した。", "課題・今後の方針": "続ける。"}
            given[(item.id, section)] = (text, code)
        answers = {layout.SHEET_ITEMS: rows}
        if plan.kpis_for(section):
            answers[layout.SHEET_KPI] = {k.id: {"実績値": ACTUALS[2018][k.id][0], "算出根拠・備考": "実数"}
                                         for k in plan.kpis_for(section)}
        if section in CALC:
            cells = fill_by_id(path, inbox / path.name, answers, soffice=soffice, keyboard=section in HAND)
            stored += cells[layout.SHEET_ITEMS].values()
        else:
            fill_template(path, answers, inbox / path.name)
    assert {text for text, _ in given.values()} >= {t for t, _ in BY_HAND + PICKED}  # every form typed somewhere
    # Calc (ja-JP) keeps 「〇」 as the number 0 (the reason 0 is read as ○); the other marks as text
    assert ["VALUE", 0.0] in stored or ["TEXT", "〇"] in stored
    assert ["TEXT", "x"] in stored and ["TEXT", "✕"] in stored
    capsys.readouterr()

    code = main(["merge", str(inbox), "--plan", str(plan_file), "--db", "reform.db", "--year", "H30", "--out", "出力",
                 "--pdf", "--public", "--json"])
    doc = json.loads(capsys.readouterr().out)
    issues = [i["message"] for f in doc["files"] for i in f["issues"] if i["severity"] == "error"]
    assert (code, issues) == (0, []) and all(f["status"] == "accepted" for f in doc["files"])
    counts = Counter(code for _, code in given.values())
    assert set(counts) == set(SHOWN)

    # 公表用 CSV: each answer's code, value for value
    with Path(doc["outputs"]["public_csv_items"]).open(encoding="utf-8-sig", newline="") as f:
        read = {(r["取組ID"], r["担当課"]): r["進捗状況コード"] for r in csv.DictReader(f) if r["回答状況"] == "回答あり"}
    assert read == {key: code for key, (_, code) in given.items()}

    # 会議資料: 総括's totals (the cached values of its formulas) by mark
    summary = openpyxl.load_workbook(doc["outputs"]["meeting"], data_only=True)["総括"]
    top = header_row(summary, "名称")
    heads = columns(summary, top)
    total = next(r for r in summary.iter_rows(min_row=top + 1) if r[0].value == "合計")
    assert {c: total[heads[c] - 1].value for c in SHOWN} == dict(counts)

    # the PDF packet and the 公表用 PDF print the marks: 概要's counts, each answer's row
    said = "、".join(f"{SHOWN[c]} {counts[c]} 件" for c, _ in MARKS)
    for pdf in (doc["outputs"]["pdf"], doc["outputs"]["public_pdf"]):
        text = _pdf_text(Path(pdf))
        flat = "".join(text.split())
        assert "".join(f"進捗状況: {said}。".split()) in flat, pdf
        for (item, section), (_, code) in given.items():
            assert any(item in line and section in line and SHOWN[code] in line for line in text.splitlines()), \
                (pdf, item, section, code)
