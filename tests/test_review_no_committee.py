"""A plan that names no committee (``committee`` is optional: docs/plan-format.md) gets no committee in any
output: no 「委員会意見」 column on the 推進室評価シート (and the sheet without one reads back), in 二次評価・意見,
公表用 (Excel, PDF, CSV) or the 回答一覧, no committee sentence in notes, covers and next year's 意見への対応 —
and 公表用 publishes the 対応方針 of the office's word, a section's 意見への対応 beside it. A plan with a
committee still asks for its column (tests/test_review.py has its whole year)."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import run_merge
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.records import FileStatus
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template
from review_sample import answers as bundled_answers
from review_sample import review_row
from second_plan import PLAN_FILE, answers
from sheet_reader import Table

COMMITTEE = "委員会"  # no output of a plan without one says it (the plan's words name none: 推進本部, 行革推進課)
SECTIONS = ("財政課", "市民課")
OFFICE = "売却が遅れているため B とした。"
HQ = "売却の時期を示すこと。"
POLICY = "令和元年度に売却計画を策定する。"
HQ_ONLY = "窓口の混雑を調べること。"
ANSWER = "売却計画を策定し、2件を公募した。"
ANSWER_TO_HQ = "混雑の調査を始めた。"


def _plan_without_committee(folder: Path):
    text = PLAN_FILE.read_text("utf-8")
    text = text.replace("  committee: 南山市行財政改革懇話会\n", "").replace("  committee_note: 市民・有識者の意見を聴く\n", "")
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    plan, _ = load_plan(folder / "plan.yaml")
    assert plan.committee == ""
    return plan


def _parts_saying(path: Path, word: str) -> list[str]:
    """The parts of a workbook (cells, notes, input prompts, headers, properties …) or the PDF's pages, or the
    CSV, that say ``word``."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return [n for n in z.namelist() if word in z.read(n).decode("utf-8", "replace")]
    if path.suffix == ".pdf":
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert text.strip(), path.name  # the PDF has text to search
        return [line for line in text.splitlines() if word in line]
    return [line for line in path.read_text("utf-8-sig").splitlines() if word in line]


def _sheet_text(path: Path, sheet: str) -> str:
    """A sheet's texts run together (a note wraps over a few rows)."""
    frame = pd.read_excel(path, sheet_name=sheet, header=None, engine="calamine")
    return "".join(str(v) for v in frame.to_numpy().ravel() if isinstance(v, str))


@pytest.fixture(scope="module")
def town(tmp_path_factory, soffice):
    """Two years of a plan without a committee: 平成30年度 answered, the 推進室評価シート filled in (a 二次評価 with
    the office's comment, the 本部会議's opinion and a 対応方針 on one answer, the 本部会議's opinion alone on
    another) and merged with 公表用 and PDF; 令和元年度's 調査票 and the sections' 意見への対応, merged."""
    root = tmp_path_factory.mktemp("no_committee")
    plan = _plan_without_committee(root)
    db = root / "reform.db"
    templates = write_templates(plan, 2018, root / "t30", list(SECTIONS))
    for path in templates:
        fill_template(path, answers(plan, path.stem.rsplit("_", 1)[1], 2018), root / "inbox30" / path.name)
    review = run_merge([root / "inbox30"], plan, 2018, db=db, out=root / "out30a").outputs["review"]
    zaisei, shimin = plan.items_for("財政課", 2018)[0].id, plan.items_for("市民課", 2018)[0].id
    wb = openpyxl.load_workbook(review)
    sheet = wb[layout.SHEET_REVIEW]
    cells = review_row(sheet, zaisei, "財政課")
    other = next(g for g in plan.grades if g.display != sheet[cells["進捗状況（課）"]].value)
    for label, value in (("推進室評価", other.display), ("推進室コメント", OFFICE), ("本部会議での意見", HQ),
                         ("対応方針", POLICY)):
        sheet[cells[label]] = value
    sheet[review_row(sheet, shimin, "市民課")["本部会議での意見"]] = HQ_ONLY  # the internal word alone
    wb.save(root / "評価.xlsx")
    merged = run_merge([root / "inbox30"], plan, 2018, db=db, out=root / "out30", reviews=[root / "評価.xlsx"],
                       public=True, pdf=True)
    t31 = write_templates(plan, 2019, root / "t31", list(SECTIONS), history=Ledger(db).answers([2018]))
    by31 = {p.stem.rsplit("_", 1)[1]: p for p in t31}
    for section, path in by31.items():
        got = answers(plan, section, 2019)
        item, answer = (zaisei, ANSWER) if section == "財政課" else (shimin, ANSWER_TO_HQ)
        got[layout.SHEET_RESPONSES] = {item: {"意見への対応": answer}}
        fill_template(path, got, root / "inbox31" / path.name)
    merged31 = run_merge([root / "inbox31"], plan, 2019, db=db, out=root / "out31", public=True)
    return SimpleNamespace(plan=plan, review=review, filled=root / "評価.xlsx", zaisei=zaisei, shimin=shimin,
                           other=other, merged=merged, t31=by31, merged31=merged31)


def test_the_review_sheet_has_no_committee_column_and_reads_back_without_one(town):
    assert _parts_saying(town.review, COMMITTEE) == []  # its columns, note, input prompts
    ws = openpyxl.load_workbook(town.review)[layout.SHEET_REVIEW]
    rows = Table(ws, "ID")
    header = ["".join(str(c.value).split()) for c in ws[rows.header] if c.value]
    assert header[-4:] == ["推進室評価", "推進室コメント", "本部会議での意見", "対応方針"]
    note = "".join(str(c.value) for row in ws.iter_rows(max_row=rows.header - 1) for c in row if c.value)
    assert "本部会議の意見と対応方針は、会議の後に記入します。" in note and "公表用に対応方針が載り" in note
    # nothing asked for, nothing read
    got = read_return(town.filled, town.plan, 2018)
    assert got.status == FileStatus.ACCEPTED and not got.problems, got.problems
    assert "committee_opinion" not in {a.field for a in got.answers}
    assert {(a.id, a.field, a.value) for a in got.answers if a.value and a.field != "sheet_grade"} == {
        (town.zaisei, "review_grade", town.other.code), (town.zaisei, "office_comment", OFFICE),
        (town.zaisei, "hq_opinion", HQ), (town.zaisei, "policy", POLICY), (town.shimin, "hq_opinion", HQ_ONLY)}
    filled = next(f for f in town.merged.batch.files if f.result.form == layout.FORM_REVIEW)
    assert (filled.status, filled.current, filled.errors) == (FileStatus.ACCEPTED, True, 0)


def test_the_packet_and_the_publication_say_no_committee_and_publish_the_policy(town):
    outputs = town.merged.outputs
    assert outputs.get("pdf") and outputs.get("public_pdf"), town.merged.notes
    for role, path in outputs.items():  # packet, 事務局用, 公表用 (Excel, PDF, CSV), 回答一覧, the sheet again …
        if Path(path).suffix in (".xlsx", ".pdf", ".csv"):
            assert _parts_saying(Path(path), COMMITTEE) == [], (role, Path(path).name)
    # the packet shows every word but a committee's; 公表用 the 二次評価 and the 対応方針
    packet = _sheet_text(outputs["meeting"], "二次評価・意見")
    assert all(w in packet for w in (OFFICE, HQ, POLICY, HQ_ONLY))
    assert "意見は南山市行財政改革推進本部（本部会議）のもの、対応方針は行革推進課がまとめたもの。" in packet
    assert "行革推進課の二次評価（自己評価と並べて）、本部会議の意見、対応方針" in _sheet_text(outputs["meeting"], "表紙")
    public = _sheet_text(outputs["public"], "二次評価・意見")
    assert POLICY in public and OFFICE not in public and HQ not in public and HQ_ONLY not in public
    assert "対応方針は、二次評価と意見を受けた南山市の方針です。" in public
    assert "行革推進課の二次評価（自己評価と並べて）、対応方針" in _sheet_text(outputs["public"], "表紙")
    csv = pd.read_csv(outputs["public_csv_items"], encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(csv.columns[-4:]) == ["二次評価コード", "二次評価", "対応方針", "意見への対応"]
    line = csv[(csv["取組ID"] == town.zaisei) & (csv["担当課"] == "財政課")].iloc[0]
    assert (line["二次評価コード"], line["二次評価"], line["対応方針"]) == (town.other.code, town.other.label, POLICY)


def test_next_years_response_sheet_says_no_committee(town):
    for path in town.t31.values():
        assert _parts_saying(path, COMMITTEE) == [], path.name
    wb = openpyxl.load_workbook(town.t31["財政課"])
    responses = Table(wb[layout.SHEET_RESPONSES], "ID")
    assert responses.value(town.zaisei, "平成30年度意見") == f"【本部会議】{HQ}\n【行革推進課】{OFFICE}"
    assert responses.value(town.zaisei, "平成30年度対応方針") == POLICY
    told = "".join(str(c.value) for row in wb[layout.SHEET_RESPONSES].iter_rows(max_row=responses.header - 1)
                   for c in row if isinstance(c.value, str))
    assert "二次評価と、本部会議・行革推進課の意見、対応方針です。" in told
    assert "対応方針のある項目の「意見への対応」は、公表用の資料にも載ります。" in told


def test_the_publication_carries_an_answer_beside_the_policy_it_answers(town):
    """With no committee, 公表用 publishes a section's 意見への対応 beside last year's 対応方針 — not one that
    answers the 本部会議's opinion alone (internal like it)."""
    outputs = town.merged31.outputs
    for role, path in outputs.items():
        if Path(path).suffix in (".xlsx", ".csv"):
            assert _parts_saying(Path(path), COMMITTEE) == [], (role, Path(path).name)
    packet = _sheet_text(outputs["meeting"], "二次評価・意見")
    assert ANSWER in packet and ANSWER_TO_HQ in packet
    public = _sheet_text(outputs["public"], "二次評価・意見")
    assert f"【対応方針】{POLICY}" in public and ANSWER in public
    assert ANSWER_TO_HQ not in public and HQ not in public and HQ_ONLY not in public
    csv = pd.read_csv(outputs["public_csv_items"], encoding="utf-8-sig", dtype=str, keep_default_na=False)
    said = {(r["取組ID"], r["担当課"]): r["意見への対応"] for _, r in csv.iterrows() if r["意見への対応"]}
    assert said == {(town.zaisei, "財政課"): ANSWER}


def _review_sheet(plan, year: int, section: str, filled: dict, tmp_path):
    """The 推進室評価シート merge writes after ``section``'s form, filled with ``filled``, came in (opened to edit)."""
    (template,) = write_templates(plan, year, tmp_path / "forms", [section])
    fill_template(template, filled, tmp_path / "inbox" / template.name)
    first = run_merge([tmp_path / "inbox"], plan, year, db=tmp_path / "reform.db", out=tmp_path / "out")
    return openpyxl.load_workbook(first.outputs["review"])


@pytest.mark.parametrize("column", ["none", "left from before"])
def test_a_review_sheet_of_a_plan_without_a_committee_reads_with_or_without_a_committee_column(tmp_path, column):
    """The sheet has no committee's column, and every input column is asked for: it reads. A sheet merge wrote
    before the plan lost its committee (or before the tool left the column out) still has 「委員会意見」: it reads
    too, and the column is not read (no committee's word is recorded, to be shown)."""
    plan = _plan_without_committee(tmp_path)
    section = "財政課"
    wb = _review_sheet(plan, 2018, section, answers(plan, section, 2018), tmp_path)
    ws = wb[layout.SHEET_REVIEW]
    rows = Table(ws, "ID")
    item = plan.items_for(section, 2018)[0].id
    ws[review_row(ws, item, section)["対応方針"]] = POLICY
    committee = next((c.column for c in ws[rows.header] if c.value == "委員会意見"), None)
    if column == "none" and committee is not None:
        ws.delete_cols(committee)
    elif column == "left from before":
        committee = committee or ws.max_column + 1
        ws.cell(rows.header, committee).value = "委員会意見"
        ws.cell(rows.rows[item], committee).value = "何かの意見"
    wb.save(tmp_path / "評価.xlsx")
    got = read_return(tmp_path / "評価.xlsx", plan, 2018)
    assert got.status == FileStatus.ACCEPTED and not got.problems, got.problems
    assert [(a.field, a.value) for a in got.answers if a.value and a.field in ("policy", "committee_opinion")] == [
        ("policy", POLICY)]


def test_a_plan_with_a_committee_still_asks_for_its_column(plan, tmp_path):
    """The bundled plan names its committee: a sheet without 「推進委員会意見」 is refused (A003), as before."""
    section = "財政課"
    wb = _review_sheet(plan, 2026, section, bundled_answers(plan, section, 2026), tmp_path)
    ws = wb[layout.SHEET_REVIEW]
    next(c for c in ws[Table(ws, "ID").header] if c.value == "推進委員会意見").value = "メモ"
    wb.save(tmp_path / "列なし.xlsx")
    got = read_return(tmp_path / "列なし.xlsx", plan, 2026)
    assert [p.code for p in got.problems] == ["A003"] and "「推進委員会意見」" in got.problems[0].message
