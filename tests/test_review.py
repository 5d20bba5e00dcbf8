"""The office's and the committee's word (the A of PDCA): the 推進室評価シート merge writes, read back
with the same safe intake and its own codes, into the packet, 公表用 and next year's 調査票 — and
the sections' 意見への対応 into the next packet. The whole round trip is typed through LibreOffice."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import openpyxl
import pandas as pd
import pytest

from lo_fill import fill, require_uno
from reform_xlsx import outputs
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.ledger import store
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus
from reform_xlsx.report import review_form
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template
from review_sample import answers, review_row
from sheet_reader import Table

SECTIONS = ("財政課", "市民課", "DX推進課")
COMMITTEE = "未利用地の売却を加速すべきである。"
POLICY = "令和9年度に売却計画を策定する。"
HQ = "広告収入の目標額を示すこと。"
OFFICE = "売却の遅れを踏まえ C とした。"


def review_cells(path, row_id: str, section: str) -> dict[str, str]:
    """Header label → A1 of the review sheet's row for (ID, 担当課)."""
    return review_row(openpyxl.load_workbook(path)[layout.SHEET_REVIEW], row_id, section)


@pytest.fixture(scope="module")
def year8(plan, tmp_path_factory):
    """令和8年度: three sections answer; merge writes the 推進室評価シート."""
    root = tmp_path_factory.mktemp("year8")
    for template in write_templates(plan, 2026, root / "t8", list(SECTIONS)):
        section = template.stem.rsplit("_", 1)[1]
        fill_template(template, answers(plan, section, 2026), root / "inbox8" / template.name)
    result = run_merge([root / "inbox8"], plan, 2026, db=root / "reform.db", out=root / "out8")
    return root, result


def test_merge_writes_the_review_sheet_with_each_answer_locked_and_inputs_for_the_office(plan, year8):
    root, result = year8
    path = result.outputs["review"]
    assert path.name == outputs.review(2026) == "令和8年度_推進室評価シート.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_REVIEW]
    assert ws.protection.sheet
    cells = review_cells(path, "2-2-1", "財政課")
    assert ws[cells["進捗状況（課）"]].value == "B 概ね計画どおり" and ws[cells["進捗状況（課）"]].protection.locked
    assert "2-2-1 を進めた。" in ws[cells["取組実績・課題（課）"]].value
    for label in ("推進室評価", "推進室コメント", "本部会議での意見", "推進委員会意見", "対応方針"):
        assert not ws[cells[label]].protection.locked, label
    grade_rule = next(dv for dv in ws.data_validations.dataValidation if cells["推進室評価"] in str(dv.sqref) or
                      _covers(dv, cells["推進室評価"]))
    assert grade_rule.type == "list" and grade_rule.formula1 == layout.GRADE_LIST_NAME  # the plan's scale
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props[layout.META_FORM] == layout.FORM_REVIEW and props[layout.META_FISCAL_YEAR] == "R8"
    rows = Table(ws, "ID").rows
    assert len([k for k in rows]) >= 1 and "1-1-1" in rows  # one row per item and section (first of each ID)


def _covers(dv, cell: str) -> bool:
    from openpyxl.utils.cell import coordinate_from_string, range_boundaries

    col, row = coordinate_from_string(cell)
    from openpyxl.utils import column_index_from_string

    c = column_index_from_string(col)
    for rng in str(dv.sqref).split():
        min_col, min_row, max_col, max_row = range_boundaries(rng)
        if min_col <= c <= max_col and min_row <= row <= max_row:
            return True
    return False


def _edit(source, target, values: dict[tuple[str, str], dict[str, object]]):
    wb = openpyxl.load_workbook(source)
    ws = wb[layout.SHEET_REVIEW]
    for (row_id, section), by_label in values.items():
        cells = review_cells(source, row_id, section)
        for label, value in by_label.items():
            ws[cells[label]] = value
    wb.save(target)
    return target


def test_an_unknown_row_quotes_its_id_and_section_up_to_40_characters(plan, year8, tmp_path):
    """A row whose ID and 担当課 were typed over with 32,000 characters (A002): quoted as other messages quote what
    was typed, 40 characters and 「…」."""
    _root, result = year8
    path = _edit(result.outputs["review"], tmp_path / "長い.xlsx",
                 {("2-2-1", "財政課"): {"ID": "X" * 32000, "担当課": "課" * 32000}})
    unknown = next(p for p in read_return(path, plan, 2026).problems if p.code == "A002")
    assert f"ID「{'X' * 40}…」" in unknown.message and f"担当課「{'課' * 40}…」" in unknown.message
    assert len(unknown.message) < 300


def test_the_review_sheet_is_checked_with_its_own_codes_at_the_cell(plan, year8, tmp_path):
    root, result = year8
    source = result.outputs["review"]
    path = _edit(source, tmp_path / "評価.xlsx", {
        ("2-2-1", "財政課"): {"推進室評価": "S 大変よい"},  # not on the plan's scale
        ("1-1-1", "市民課"): {"推進室評価": "おおむね計画通り"},  # the same as the section's: fine
        ("1-1-1", "DX推進課"): {"推進室評価": "C 遅れ"},  # differs, without a reason
    })
    got = read_return(path, plan, 2026)
    assert got.form == layout.FORM_REVIEW and got.status == FileStatus.REJECTED
    found = {(p.code, p.row_id, p.column) for p in got.problems}
    assert found == {("A001", "2-2-1", "review_grade"), ("A004", "1-1-1", "office_comment")}
    a001 = next(p for p in got.problems if p.code == "A001")
    assert a001.cell == review_cells(source, "2-2-1", "財政課")["推進室評価"] and "「S 大変よい」" in a001.message
    values = {(a.id, a.section, a.field): a.value for a in got.answers}
    assert values[("1-1-1", "市民課", "review_grade")] == "B"

    wb = openpyxl.load_workbook(source)  # a row that is not this year's (ID and section rewritten)
    ws = wb[layout.SHEET_REVIEW]
    ws[review_cells(source, "2-2-1", "財政課")["担当課"]] = "企画課"
    wb.save(tmp_path / "行.xlsx")
    # … and the row of 2-2-1 財政課 is then missing: said too, so that its recorded evaluation is not erased
    assert [p.code for p in read_return(tmp_path / "行.xlsx", plan, 2026).problems] == ["A002", "A007"]
    # a row copied: said as a second row of the same item and section, with the first one's cell
    wb = openpyxl.load_workbook(source)
    ws = wb[layout.SHEET_REVIEW]
    first = review_cells(source, "2-2-1", "財政課")
    ws.append([c.value for c in ws[int(first["ID"][1:])]])
    wb.save(tmp_path / "複写.xlsx")
    (twice,) = read_return(tmp_path / "複写.xlsx", plan, 2026).problems
    assert twice.code == "A006" and first["ID"] in twice.message and twice.cell == f"A{ws.max_row}"
    # thousands of junk rows pasted below the table: 20 said one by one, the rest counted in one A009
    wb = openpyxl.load_workbook(source)
    ws = wb[layout.SHEET_REVIEW]
    start = ws.max_row + 1
    for n in range(3000):
        ws.append([f"X-{n}", "企画課"] if n % 2 else [c.value for c in ws[int(first["ID"][1:])]])
    wb.save(tmp_path / "大量.xlsx")
    codes = [p.code for p in read_return(tmp_path / "大量.xlsx", plan, 2026).problems]
    assert codes.count("A002") + codes.count("A006") == 20 and codes.count("A009") == 1 and len(codes) == 21
    more = next(p for p in read_return(tmp_path / "大量.xlsx", plan, 2026).problems if p.code == "A009")
    assert "2,980 行" in more.message and f"{start + 20}～{start + 2999} 行目" in more.message
    assert more.cell == f"A{start + 20}"
    # the section typed over in full-width letters is the same section
    wb = openpyxl.load_workbook(source)
    wb[layout.SHEET_REVIEW][review_cells(source, "1-1-1", "DX推進課")["担当課"]] = "ＤＸ推進課"
    wb.save(tmp_path / "全角.xlsx")
    assert not read_return(tmp_path / "全角.xlsx", plan, 2026).problems
    # a section of the plan that answered an item it is not named on: merge writes that row too
    assert "市民課" not in plan.item("2-2-1").sections
    wb = openpyxl.load_workbook(source)
    ws = wb[layout.SHEET_REVIEW]
    ws.append([c.value for c in ws[int(first["ID"][1:])]])
    ws[f"{first['担当課'][0]}{ws.max_row}"] = "市民課"
    wb.save(tmp_path / "他課.xlsx")
    other = read_return(tmp_path / "他課.xlsx", plan, 2026)
    assert other.status == FileStatus.ACCEPTED and not other.problems
    assert any((a.id, a.section) == ("2-2-1", "市民課") for a in other.answers)
    wb = openpyxl.load_workbook(source)
    wb[layout.SHEET_REVIEW].title = "評価"
    wb.save(tmp_path / "名前.xlsx")
    assert [p.code for p in read_return(tmp_path / "名前.xlsx", plan, 2026).problems] == ["A003"]


def test_a_review_sheet_the_office_is_filling_is_never_overwritten(plan, year8, tmp_path):
    root, result = year8
    out = tmp_path / "out"
    first = run_merge([root / "inbox8"], plan, 2026, db=tmp_path / "r.db", out=out)
    typing = _edit(first.outputs["review"], first.outputs["review"], {("2-2-1", "財政課"): {"推進室コメント": "記入中"}})
    before = typing.read_bytes()
    (root / "inbox8" / "extra").mkdir(exist_ok=True)  # something new, so that merge writes its outputs again
    (root / "inbox8" / "extra" / "memo.txt").write_text("x", encoding="utf-8")
    again = run_merge([root / "inbox8"], plan, 2026, db=tmp_path / "r.db", out=out)
    assert typing.read_bytes() == before and "review" not in again.outputs
    assert any(outputs.review(2026) in note and "上書きしていません" in note for note in again.notes)
    (root / "inbox8" / "extra" / "memo.txt").unlink()
    (root / "inbox8" / "extra").rmdir()


@pytest.mark.libreoffice
def test_the_office_and_committee_word_goes_round_the_year(plan, year8, soffice, tmp_path):
    """Typed in LibreOffice, saved, dropped into the inbox, merged: the packet shows 二次評価 beside the
    self-assessment and the opinions, 公表用 the committee's opinions and 対応方針, next year's 調査票
    shows them locked and asks 意見への対応, which the next packet shows."""
    require_uno()
    root, result = year8
    source = result.outputs["review"]
    zaisei, shimin = review_cells(source, "2-2-1", "財政課"), review_cells(source, "1-1-1", "市民課")
    dx = review_cells(source, plan.items_for("DX推進課", 2026)[0].id, "DX推進課")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in (root / "inbox8").iterdir():
        (inbox / path.name).write_bytes(path.read_bytes())
    stored = fill(source, inbox / "推進室評価（記入済）.xlsx", {layout.SHEET_REVIEW: {
        zaisei["推進室評価"]: "C 遅れ", zaisei["推進室コメント"]: OFFICE, zaisei["本部会議での意見"]: HQ,
        zaisei["推進委員会意見"]: COMMITTEE, zaisei["対応方針"]: POLICY,
        shimin["推進室評価"]: "A 計画どおり",
        dx["推進室評価"]: "B 概ね計画どおり"}}, soffice=soffice)  # DX推進課: the same as its own grade
    assert stored[layout.SHEET_REVIEW][zaisei["推進室評価"]] == ["TEXT", "C 遅れ"]
    db, out = tmp_path / "reform.db", tmp_path / "out8"
    (db.parent / "reform.db").write_bytes((root / "reform.db").read_bytes())
    merged = run_merge([inbox], plan, 2026, db=db, out=out, public=True)
    review = next(f for f in merged.batch.files if f.result.form == layout.FORM_REVIEW)
    assert (review.status, review.current, review.errors) == (FileStatus.ACCEPTED, True, 0)

    # The packet: 二次評価 beside the section's grade, the count where they differ, the opinions.
    items = Table(openpyxl.load_workbook(merged.outputs["meeting"])["改革項目一覧"], "ID")
    row = next(r for r in range(items.header + 1, items.ws.max_row + 1)
               if items.ws.cell(r, items.cols["ID"]).value == "2-2-1" and items.ws.cell(r, items.cols["担当課"]).value == "財政課")
    assert items.ws.cell(row, items.cols["進捗状況"]).value == "B 概ね計画どおり"
    assert items.ws.cell(row, items.cols["二次評価"]).value == "C 遅れ"
    sheet = pd.read_excel(merged.outputs["meeting"], sheet_name="二次評価・意見", header=None, engine="calamine")
    text = " ".join(str(v) for v in sheet.to_numpy().ravel() if isinstance(v, str))
    assert "二次評価のある 3 件のうち、自己評価と異なるもの 2 件（自己評価より上 1 件・下 1 件）" in text
    assert all(words in text for words in (OFFICE, HQ, COMMITTEE, POLICY))
    # 公表用: the committee's opinions and 対応方針 — not the office's comment or the 本部会議's remarks.
    public = pd.read_excel(merged.outputs["public"], sheet_name="二次評価・意見", header=None, engine="calamine")
    shown = " ".join(str(v) for v in public.to_numpy().ravel() if isinstance(v, str))
    assert COMMITTEE in shown and POLICY in shown and OFFICE not in shown and HQ not in shown
    csv = pd.read_csv(merged.outputs["public_csv_items"], encoding="utf-8-sig", dtype=str)
    line = csv[(csv["改革項目ID"] == "2-2-1") & (csv["担当課"] == "財政課")].iloc[0]
    assert (line["二次評価コード"], line["推進委員会意見"], line["対応方針"]) == ("C", COMMITTEE, POLICY)

    # Next year's 調査票: last year's word, locked; 「意見への対応」 to fill in.
    t9 = write_templates(plan, 2027, tmp_path / "t9", list(SECTIONS), history=Ledger(db).answers([2026]))
    by = {p.stem.rsplit("_", 1)[1]: p for p in t9}
    wb = openpyxl.load_workbook(by["財政課"])
    assert layout.SHEET_RESPONSES in wb.sheetnames and layout.SHEET_RESPONSES not in openpyxl.load_workbook(
        by["DX推進課"]).sheetnames  # DX推進課's 二次評価 agrees with its own grade, with no word: nothing to answer
    responses = Table(wb[layout.SHEET_RESPONSES], "ID")
    assert list(responses.rows) == ["2-2-1"]
    assert responses.value("2-2-1", "令和8年度二次評価") == "C 遅れ"
    assert responses.value("2-2-1", "令和8年度意見") == f"【推進委員会】{COMMITTEE}\n【本部会議】{HQ}\n【人事行政課】{OFFICE}"
    assert responses.value("2-2-1", "令和8年度対応方針") == POLICY
    assert responses.cell("2-2-1", "令和8年度意見").protection.locked
    assert not responses.cell("2-2-1", "意見への対応").protection.locked
    told = " ".join(str(c.value) for row in wb[layout.SHEET_RESPONSES].iter_rows(max_row=responses.header) for c in row
                    if isinstance(c.value, str))  # what 公表用 will carry, said where it is written
    assert "推進委員会意見か対応方針のある項目の「意見への対応」は、公表用の資料にも載ります。" in told

    # 令和9年度: 財政課 answers the opinions, 市民課 leaves its answer blank (a warning at the cell).
    inbox9 = tmp_path / "inbox9"
    for section in SECTIONS:
        got = answers(plan, section, 2027)
        if section == "財政課":
            got[layout.SHEET_RESPONSES] = {"2-2-1": {"意見への対応": "売却計画を策定し、2件を公募した。"}}
        fill_template(by[section], got, inbox9 / by[section].name)
    shimin9 = read_return(inbox9 / by["市民課"].name, plan, 2027)
    (blank,) = [p for p in shimin9.problems if p.code == "V020"]
    assert (blank.sheet, blank.row_id, blank.column) == (layout.SHEET_RESPONSES, "1-1-1", "response")
    merged9 = run_merge([inbox9], plan, 2027, db=db, out=tmp_path / "out9", public=True)
    sheet9 = pd.read_excel(merged9.outputs["meeting"], sheet_name="二次評価・意見", header=None, engine="calamine")
    text9 = " ".join(str(v) for v in sheet9.to_numpy().ravel() if isinstance(v, str))
    assert "売却計画を策定し、2件を公募した。" in text9
    # … beside the word it answers: last year's opinions and 対応方針 (公表用: the committee's opinion and the
    # 対応方針 — what it publishes; the 対応方針 used to stand there without the opinion it answers)
    assert "前年度の意見・対応方針" in text9 and all(w in text9 for w in (COMMITTEE, HQ, OFFICE, f"【対応方針】{POLICY}"))
    public9 = pd.read_excel(merged9.outputs["public"], sheet_name="二次評価・意見", header=None, engine="calamine")
    shown9 = " ".join(str(v) for v in public9.to_numpy().ravel() if isinstance(v, str))
    assert "前年度の意見・対応方針" in shown9 and f"【推進委員会】{COMMITTEE}\n【対応方針】{POLICY}" in shown9
    assert "売却計画を策定し、2件を公募した。" in shown9 and HQ not in shown9 and OFFICE not in shown9


def test_a_section_that_answers_again_after_the_review_gets_its_review_questioned(plan, year8, tmp_path):
    """The office reviewed 財政課's B; then 財政課 sent a corrected file with C: A005 on the review's cell."""
    root, result = year8
    db = tmp_path / "r.db"
    db.write_bytes((root / "reform.db").read_bytes())
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    reviewed = _edit(result.outputs["review"], inbox / "評価.xlsx", {("2-2-1", "財政課"): {"推進室評価": "B 概ね計画どおり"}})
    template = next(p for p in (root / "t8").iterdir() if "財政課" in p.name)
    again = answers(plan, "財政課", 2026)
    again[layout.SHEET_ITEMS]["2-2-1"]["進捗状況"] = "C 遅れ"
    fill_template(template, again, inbox / "財政課_再提出.xlsx")
    merged = run_merge([inbox], plan, 2026, db=db, out=tmp_path / "out")
    review = next(f for f in merged.batch.files if f.result.name == reviewed.name)
    (stale,) = [p for p in review.problems if p.code == "A005"]
    assert (stale.sheet, stale.cell) == (layout.SHEET_REVIEW, review_cells(reviewed, "2-2-1", "財政課")["進捗状況（課）"])
    assert "「B 概ね計画どおり」" in stale.message and "「C 遅れ」" in stale.message


def test_the_review_sheet_given_as_merge_wrote_it_is_not_read_and_a_rerun_changes_nothing(plan, year8, tmp_path):
    """`merge 受信 --review 令和8年度_推進室評価シート.xlsx` (the --help example, --out the working folder): the sheet
    as merge wrote it was read as one more submission on every run, and written again from it as a new file for
    the next run to read — the ledger grew by a submission and ~280 answers a run, and 「台帳も出力も変わりません」
    did not hold."""
    root, _result = year8
    shutil.copytree(root / "inbox8", tmp_path / "受信")
    db, out = tmp_path / "reform.db", tmp_path / "work"
    first = run_merge([tmp_path / "受信"], plan, 2026, db=db, out=out)
    sheet = first.outputs["review"]
    runs = [run_merge([tmp_path / "受信"], plan, 2026, db=db, out=out, reviews=[sheet]) for _ in range(2)]
    ledger_bytes = db.read_bytes()
    third = run_merge([tmp_path / "受信"], plan, 2026, db=db, out=out, reviews=[sheet])
    assert db.read_bytes() == ledger_bytes and third.unchanged
    assert all(sheet.name not in {f.result.name for f in r.batch.files} for r in (*runs, third))
    assert any("merge が書いたまま" in n and sheet.name in n for n in third.notes)
    filled = _edit(sheet, tmp_path / "評価.xlsx", {("1-1-1", "DX推進課"): {"推進室評価": "おおむね計画通り"}})
    read = run_merge([tmp_path / "受信"], plan, 2026, db=db, out=out, reviews=[filled])  # the office's typing: read
    assert filled.name in {f.result.name for f in read.batch.files} and not read.unchanged


def test_the_review_sheet_put_in_the_inbox_as_merge_wrote_it_is_merges_own(plan, year8, tmp_path):
    """The sheet copied into the 受信 folder before the office typed in it was read as a new submission on every
    rerun (each run wrote the sheet again): it is merge's own (F025), and reruns leave the ledger as it was."""
    root, _result = year8
    shutil.copytree(root / "inbox8", tmp_path / "受信")
    db, out = tmp_path / "reform.db", tmp_path / "work"
    first = run_merge([tmp_path / "受信"], plan, 2026, db=db, out=out)
    shutil.copy(first.outputs["review"], tmp_path / "受信" / first.outputs["review"].name)
    second = run_merge([tmp_path / "受信"], plan, 2026, db=db, out=out)
    (copy,) = [f for f in second.batch.files if f.result.name == first.outputs["review"].name]
    assert [p.code for p in copy.problems] == ["F025"] and copy.status == FileStatus.IGNORED
    ledger_bytes = db.read_bytes()
    for _ in range(2):
        assert run_merge([tmp_path / "受信"], plan, 2026, db=db, out=out).unchanged
    assert db.read_bytes() == ledger_bytes


def test_a_replaced_review_sheet_says_it_was_replaced(plan, year8, tmp_path):
    """The office sends its sheet again with the missing reason added: the first one's A004 stayed listed
    as if still open, with nothing to say the sheet was no longer in use."""
    root, result = year8
    shutil.copy(root / "reform.db", tmp_path / "reform.db")
    (tmp_path / "受信").mkdir()
    first = _edit(result.outputs["review"], tmp_path / "受信" / "評価_1.xlsx",
                  {("1-1-1", "DX推進課"): {"推進室評価": "C 遅れ"}})  # differs, no reason: A004 (a warning)
    os.utime(first, (1_800_000_000, 1_800_000_000))
    run_merge([tmp_path / "受信"], plan, 2026, db=tmp_path / "reform.db", out=tmp_path / "out")
    second = _edit(first, tmp_path / "受信" / "評価_2.xlsx",
                   {("1-1-1", "DX推進課"): {"推進室評価": "C 遅れ", "推進室コメント": OFFICE}})
    os.utime(second, (1_800_100_000, 1_800_100_000))
    again = run_merge([tmp_path / "受信"], plan, 2026, db=tmp_path / "reform.db", out=tmp_path / "out")
    by_name = {f.result.name: f for f in again.batch.files}
    assert by_name["評価_2.xlsx"].current and [p.code for p in by_name["評価_2.xlsx"].problems] == []
    old = by_name["評価_1.xlsx"]
    assert not old.current and [p.code for p in old.problems] == ["A004", "L002"]
    assert "評価_2.xlsx を受理したので、このファイルの回答は使いません" in old.problems[-1].message
    assert old.problems[-1].message.startswith("人事行政課（推進室評価シート）から")


def test_outputs_of_a_run_stopped_before_it_recorded_them_are_still_its_own(plan, year8, tmp_path, monkeypatch):
    """Ctrl-C (or a kill) after merge put the 推進室評価シート and a 差し戻し copy in place but before it
    recorded its outputs: the next merge still knows both as its own — it writes the sheet again (no
    「記入中」 note) and removes the copy once the section has answered — because each file is noted
    in the ledger as it is put in place."""
    root, _ = year8
    inbox, out, db = tmp_path / "inbox", tmp_path / "out", tmp_path / "r.db"
    shutil.copytree(root / "inbox8", inbox)
    template = write_templates(plan, 2026, tmp_path / "t", ["税務課"])[0]
    wrong = answers(plan, "税務課", 2026)
    for row in wrong[layout.SHEET_ITEMS].values():
        if "進捗状況" in row:
            row["進捗状況"] = "計画通り？"  # not on the scale: rejected, a 差し戻し copy
    fill_template(template, wrong, inbox / "税務課_1.xlsx")

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Ledger, "remember_outputs", stopped)
    with pytest.raises(KeyboardInterrupt):
        run_merge([inbox], plan, 2026, db=db, out=out)
    monkeypatch.undo()
    review, copy = out / outputs.review(2026), out / outputs.FEEDBACK_FOLDER / outputs.feedback(2026, "税務課")
    assert review.is_file() and copy.is_file()
    with Ledger(db) as ledger:
        assert ledger.wrote(review, 2026) and ledger.wrote(copy, 2026) and ledger.knows_content(2026, review)

    fill_template(template, answers(plan, "税務課", 2026), inbox / "税務課_2.xlsx")  # the section answers
    again = run_merge([inbox], plan, 2026, db=db, out=out)
    assert again.outputs["review"] == review and not any("上書きしていません" in n for n in again.notes)
    item = plan.items_for("税務課", 2026)[0].id
    sheet = openpyxl.load_workbook(review)[layout.SHEET_REVIEW]
    assert sheet[review_cells(review, item, "税務課")["進捗状況（課）"]].value == "B 概ね計画どおり"  # written again
    assert not copy.exists() and not any("差し戻しの写しではない" in n for n in again.notes)
    with Ledger(db) as ledger:
        assert ledger.recorded_outputs(2026, "written") == []  # the notes gave way to the recorded outputs


def test_two_answers_too_long_for_one_cell_are_each_cut_and_say_so():
    """取組実績 and 課題 share one cell of the 推進室評価シート: together past 32,767 characters each is cut to its
    share with 「…（以下略、全 N 字。全文は回答一覧）」 (the 課題 vanished and the 実績 stopped mid-sentence)."""
    from types import SimpleNamespace

    from reform_xlsx.intake.normalise import EXCEL_MAX_TEXT, excel_length
    from reform_xlsx.report.review_form import _answer_text

    result, plan_next = "実績𠮷" * 11_000, "課題" * 5_000
    text = _answer_text(SimpleNamespace(result=result, plan_next=plan_next))
    assert excel_length(text) <= EXCEL_MAX_TEXT
    first, second = text.split("\n【課題・今後の方針】")
    assert first.startswith("【取組実績】実績𠮷") and first.endswith(f"（以下略、全 {len(result) + 6:,} 字。全文は回答一覧）")
    assert second.startswith("課題課題")
    assert _answer_text(SimpleNamespace(result="短い", plan_next="短い")) == "【取組実績】短い\n【課題・今後の方針】短い"


def test_the_answer_list_shows_what_the_office_typed_on_the_review_sheet_under_its_own_headings(plan, year8, tmp_path):
    """回答一覧 listed every row of the accepted 推進室評価シート, blank or not (46 rows of each field,
    sections that had not answered too), headed 「sheet_grade」「review_grade」「office_comment」…: only the
    cells the office typed are listed, under the sheet's headings, with the section's grade the row showed."""
    root, result = year8
    shutil.copy(root / "reform.db", tmp_path / "reform.db")
    (tmp_path / "受信").mkdir()
    reviewed = _edit(result.outputs["review"], tmp_path / "受信" / "評価.xlsx", {
        ("1-1-1", "DX推進課"): {"推進室評価": "C 遅れ", "推進室コメント": OFFICE},
        ("2-2-1", "財政課"): {"推進委員会意見": COMMITTEE, "対応方針": "　"},  # a blank typed as a space
    })
    merged = run_merge([tmp_path / "受信"], plan, 2026, db=tmp_path / "reform.db", out=tmp_path / "out")
    ws = openpyxl.load_workbook(merged.outputs["answers"]).worksheets[0]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    header, rows = rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]
    assert header[:4] == ("課名", "区分", "ID", "項目")
    office = [(r["課名"], r["ID"], r["項目"], r["値"], r["セル"]) for r in rows if r["区分"] == "推進室評価"]
    dx, zaisei = review_cells(reviewed, "1-1-1", "DX推進課"), review_cells(reviewed, "2-2-1", "財政課")
    assert office == [  # the plan's order of sections
        ("DX推進課", "1-1-1", "進捗状況（課）", "B", dx["進捗状況（課）"]),
        ("DX推進課", "1-1-1", "推進室評価", "C", dx["推進室評価"]),
        ("DX推進課", "1-1-1", "推進室コメント", OFFICE, dx["推進室コメント"]),
        ("財政課", "2-2-1", "進捗状況（課）", "B", zaisei["進捗状況（課）"]),
        ("財政課", "2-2-1", "推進委員会意見", COMMITTEE, zaisei["推進委員会意見"]),
    ]
    # right after the section's own answer to the item
    at = next(n for n, r in enumerate(rows) if r["区分"] == "推進室評価" and r["課名"] == "DX推進課")
    assert (rows[at - 1]["課名"], rows[at - 1]["区分"], rows[at - 1]["ID"]) == ("DX推進課", "取組状況", "1-1-1")
    sections = {"取組状況": {"進捗状況", "取組実績", "課題・今後の方針", "財政効果額（円）"}, "KPI": {"実績値", "算出根拠・備考"}}
    for r in rows:
        if r["区分"] in sections:
            assert r["項目"] in sections[r["区分"]], r


@pytest.mark.parametrize(("kind", "field", "label"), [
    ("item", "grade", "進捗状況"),
    ("item", "effect_yen", "財政効果額（円）"),
    ("item", "response", "意見への対応"),  # from the plan's second year
    ("kpi", "actual", "実績値"),
    ("kpi", "note", "算出根拠・備考"),
    ("review", "sheet_grade", "進捗状況（課）"),
    ("review", "review_grade", "推進室評価"),
    ("review", "office_comment", "推進室コメント"),
    ("review", "hq_opinion", "本部会議での意見"),
    ("review", "committee_opinion", "推進委員会意見"),
    ("review", "policy", "対応方針"),
])
def test_each_field_of_the_answer_list_is_headed_as_its_sheet_heads_it(plan, kind, field, label):
    from reform_xlsx.xlsx.answer_table import field_labels

    assert field_labels(plan)[(kind, field)] == label


def test_a_section_answering_for_the_first_time_questions_only_the_review_rows_the_office_filled(plan, year8, tmp_path):
    """The sheet as merge wrote it (税務課 not yet answered), accepted with one comment typed on one of 税務課's
    rows; then 税務課 answers for the first time. Every 税務課 row got A005 「…（評価シートの作成後に再提出され
    ました）。推進室評価を見直してください」: nothing was resubmitted, and on the blank rows nothing to look at again."""
    root, result = year8
    db = tmp_path / "r.db"
    db.write_bytes((root / "reform.db").read_bytes())
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    rows = [i.id for i in plan.items_for("税務課", 2026)]
    assert len(rows) > 1
    reviewed = _edit(result.outputs["review"], inbox / "前回の評価シート.xlsx",
                     {(rows[0], "税務課"): {"推進室コメント": "未提出のため評価保留。"}})
    template = write_templates(plan, 2026, tmp_path / "t", ["税務課"])[0]
    fill_template(template, answers(plan, "税務課", 2026), inbox / template.name)
    merged = run_merge([inbox], plan, 2026, db=db, out=tmp_path / "out")
    review = next(f for f in merged.batch.files if f.result.name == reviewed.name)
    assert review.result.status == FileStatus.ACCEPTED
    (stale,) = [p for p in review.problems if p.code == "A005"]
    assert stale.cell == review_cells(reviewed, rows[0], "税務課")["進捗状況（課）"]
    assert "評価シートでは「未回答」でしたが、いまの回答は「B 概ね計画どおり」です" in stale.message
    assert "再提出" not in stale.message and "評価シートの作成後に受理した課のファイル" in stale.message


def test_a_copy_of_the_sheet_filled_apart_never_erases_what_another_copy_recorded(plan, year8, tmp_path):
    """Two copies of the same 推進室評価シート: one with the office's evaluation, merged; the other with only the
    本部会議's remarks, saved later. The newest sheet replaces the whole evaluation, so the second used to erase the
    first's entries without a word (A010). The first copy itself, filled on later, keeps them and is read."""
    root, result = year8
    db = tmp_path / "r.db"
    db.write_bytes((root / "reform.db").read_bytes())
    source = result.outputs["review"]
    for n in (1, 2, 3):
        (tmp_path / f"inbox{n}").mkdir()
    first = _edit(source, tmp_path / "inbox1" / "評価_推進室.xlsx",
                  {("2-2-1", "財政課"): {"推進室評価": "C 遅れ", "推進室コメント": OFFICE, "対応方針": POLICY}})
    merged = run_merge([first.parent], plan, 2026, db=db, out=tmp_path / "out")
    assert [f.status for f in merged.batch.files] == [FileStatus.ACCEPTED]
    other = _edit(source, tmp_path / "inbox2" / "評価_会議後.xlsx", {("2-2-1", "財政課"): {"本部会議での意見": HQ}})
    again = run_merge([other.parent], plan, 2026, db=db, out=tmp_path / "out")
    (refused,) = again.batch.files
    older = next(p for p in refused.problems if p.code == "A010")
    cells = review_cells(other, "2-2-1", "財政課")
    assert refused.status == FileStatus.REJECTED and older.cell == cells["推進室評価"]
    assert "評価_推進室.xlsx を記録する前に" in older.message
    assert "2-2-1（財政課）の推進室評価、2-2-1（財政課）の推進室コメント、2-2-1（財政課）の対応方針" in older.message
    kept = Ledger(db).answers([2026])
    words = kept[kept["kind"].eq("review") & kept["id"].eq("2-2-1") & kept["section"].eq("財政課")]
    values = dict(zip(words["field"], words["value"]))
    assert (values["review_grade"], values["office_comment"], values["policy"]) == ("C", OFFICE, POLICY)
    assert values.get("hq_opinion") is None

    # the first copy filled on after the meeting (its entries still in it): read, the remarks added
    on = _edit(first, tmp_path / "inbox3" / "評価_推進室.xlsx", {("2-2-1", "財政課"): {"本部会議での意見": HQ}})
    third = run_merge([on.parent], plan, 2026, db=db, out=tmp_path / "out")
    assert [f.status for f in third.batch.files] == [FileStatus.ACCEPTED]
    kept = Ledger(db).answers([2026])
    words = kept[kept["kind"].eq("review") & kept["id"].eq("2-2-1") & kept["section"].eq("財政課")]
    values = dict(zip(words["field"], words["value"]))
    assert (values["review_grade"], values["office_comment"], values["hq_opinion"]) == ("C", OFFICE, HQ)


def test_a_word_typed_on_a_row_inserted_without_an_id_is_said_not_lost(plan, year8, tmp_path):
    """A hurried clerk inserts a row under an item (the sheet unprotected) and writes a longer remark there: the row
    has no ID, so no item or section to put it on. It used to vanish without a word (the sheet accepted, nothing
    said); it is said at its cell (A012, a warning: the other rows are read)."""
    _root, result = year8
    source = result.outputs["review"]
    wb = openpyxl.load_workbook(source)
    ws = wb[layout.SHEET_REVIEW]
    cells = review_cells(source, "2-2-1", "財政課")
    row = int("".join(ch for ch in cells["推進室コメント"] if ch.isdigit()))
    ws.protection.sheet = False
    ws.insert_rows(row + 1)
    column = "".join(ch for ch in cells["推進室コメント"] if ch.isalpha())
    ws[f"{column}{row + 1}"] = "補足: 売却の時期を本部会議で確認する。"
    ws[cells["推進室評価"]] = "C 遅れ"
    ws[cells["推進室コメント"]] = OFFICE
    wb.save(tmp_path / "評価.xlsx")
    read = read_return(tmp_path / "評価.xlsx", plan, 2026)
    said = [p for p in read.problems if p.code == "A012"]
    assert [p.cell for p in said] == [f"{column}{row + 1}"] and read.status == FileStatus.ACCEPTED
    assert f"{row + 1} 行目には ID がありません" in said[0].message
    assert "「推進室コメント」に「補足: 売却の時期を本部会議で確認する。」" in said[0].message
    assert {(a.field, a.value) for a in read.answers if a.id == "2-2-1" and a.section == "財政課"} >= {
        ("review_grade", "C"), ("office_comment", OFFICE)}


@pytest.mark.parametrize("together", [False, True])
def test_an_older_save_of_the_sheet_beside_the_newer_one_is_replaced_not_refused(plan, year8, tmp_path, together):
    """The clerk saves the sheet twice (before and after the 本部会議) and both saves reach the inbox — in one merge,
    or the older after the newer was read. The newer is the evaluation; the older is replaced by it (L002), as a
    section's older file is — not refused as a copy filled apart (A010: being older it erases nothing), which showed
    it as a 差し戻し to fix and said the office had filled two copies."""
    root, result = year8
    db = tmp_path / "r.db"
    db.write_bytes((root / "reform.db").read_bytes())
    for n in (1, 2):
        (tmp_path / f"inbox{n}").mkdir()
    before = {"推進室評価": "C 遅れ", "推進室コメント": OFFICE}
    older = _edit(result.outputs["review"], tmp_path / "inbox2" / "評価シート.xlsx", {("2-2-1", "財政課"): before})
    newer = _edit(older, tmp_path / ("inbox2" if together else "inbox1") / "評価シート_最終.xlsx",
                  {("2-2-1", "財政課"): {**before, "本部会議での意見": HQ}})
    now = dt.datetime.now().replace(microsecond=0)  # saved before the merges read them (a later time is cut to it)
    times = {older.name: now - dt.timedelta(hours=2), newer.name: now - dt.timedelta(hours=1)}
    if not together:
        first = run_merge([tmp_path / "inbox1"], plan, 2026, db=db, out=tmp_path / "out",
                          received_at={newer.name: times[newer.name]})
        assert [f.status for f in first.batch.files] == [FileStatus.ACCEPTED]
    merged = run_merge([tmp_path / "inbox2"], plan, 2026, db=db, out=tmp_path / "out",
                       received_at={k: v for k, v in times.items() if together or k == older.name})
    files = {f.result.name: f for f in merged.batch.files}
    assert files[older.name].status == FileStatus.ACCEPTED
    assert [p.code for p in files[older.name].problems] == ["L002"]
    if together:
        assert files[newer.name].status == FileStatus.ACCEPTED and not files[newer.name].problems
    kept = Ledger(db).answers([2026])
    words = kept[kept["kind"].eq("review") & kept["id"].eq("2-2-1") & kept["section"].eq("財政課")]
    assert dict(zip(words["field"], words["value"]))["hq_opinion"] == HQ


def test_a_copy_filled_apart_and_saved_before_the_one_recorded_is_still_refused_not_dropped(plan, year8, tmp_path):
    """Two copies of the same sheet filled apart: the office's grades (saved at 10:00, merged first) and the
    本部会議's remarks (saved at 9:00, sent later). Being saved first, the remarks' copy was taken for an older save
    of the recorded sheet: accepted and replaced (L002), its remarks dropped though the recorded sheet never had
    them. It holds what the recorded sheet lacks, so it is no older save of it: A010, as for a copy saved later."""
    root, result = year8
    db = tmp_path / "r.db"
    db.write_bytes((root / "reform.db").read_bytes())
    for n in (1, 2):
        (tmp_path / f"inbox{n}").mkdir()
    source = result.outputs["review"]
    grades = _edit(source, tmp_path / "inbox1" / "評価_推進室.xlsx",
                   {("2-2-1", "財政課"): {"推進室評価": "C 遅れ", "推進室コメント": OFFICE}})
    remarks = _edit(source, tmp_path / "inbox2" / "評価_会議後.xlsx", {("2-2-1", "財政課"): {"本部会議での意見": HQ}})
    now = dt.datetime.now().replace(microsecond=0)
    first = run_merge([grades.parent], plan, 2026, db=db, out=tmp_path / "out",
                      received_at={grades.name: now - dt.timedelta(hours=1)})
    assert [f.status for f in first.batch.files] == [FileStatus.ACCEPTED]
    again = run_merge([remarks.parent], plan, 2026, db=db, out=tmp_path / "out",
                      received_at={remarks.name: now - dt.timedelta(hours=2)})
    (refused,) = again.batch.files
    assert refused.status == FileStatus.REJECTED and [p.code for p in refused.problems] == ["A010"]
    kept = Ledger(db).answers([2026])
    words = kept[kept["kind"].eq("review") & kept["id"].eq("2-2-1") & kept["section"].eq("財政課")]
    assert dict(zip(words["field"], words["value"]))["review_grade"] == "C"


_WRITTEN = dt.datetime(2026, 12, 7, 1, 0, 0, 400_000, tzinfo=dt.UTC)


@pytest.mark.parametrize("after, made", [
    (None, "2026-12-07T01:00:00+00:00"),  # no file recorded: when it is written, to the second
    (dt.datetime(2026, 12, 7, 0, 59, 59, tzinfo=dt.UTC), "2026-12-07T01:00:00+00:00"),
    (dt.datetime(2026, 12, 7, 1, 0, 0, tzinfo=dt.UTC), "2026-12-07T01:00:01+00:00"),  # recorded this second
    (dt.datetime(2026, 12, 7, 1, 0, 2, tzinfo=dt.UTC), "2026-12-07T01:00:03+00:00"),  # merges back to back
    (_WRITTEN.astimezone().replace(tzinfo=None), "2026-12-07T01:00:01+00:00"),  # local time, as the ledger keeps it
    (dt.datetime(2026, 12, 6, 1, 0, 0, tzinfo=dt.UTC), "2026-12-07T01:00:00+00:00"),
    (dt.datetime(2026, 12, 7, 1, 0, 59, tzinfo=dt.UTC), "2026-12-07T01:01:00+00:00"),  # as far as a merge follows
    # a minute or more ahead (a clock set back since, or once set ahead): a later merge records its files at its own
    # time, not after it (Ledger._batch_time), so neither is the sheet made after it
    (dt.datetime(2026, 12, 7, 1, 1, 0, tzinfo=dt.UTC), "2026-12-07T01:00:00+00:00"),
    (dt.datetime(2026, 12, 8, 1, 0, 0, tzinfo=dt.UTC), "2026-12-07T01:00:00+00:00"),
])
def test_the_review_sheet_is_made_a_second_after_the_newest_file_of_its_ledger_at_the_earliest(after, made):
    assert review_form.made_at(_WRITTEN, after).isoformat() == made


class _OneSecond(dt.datetime):
    """A clock that stays in one second (local and UTC alike): every merge of a test within it, as on a fast PC.
    :func:`_clock_after` sets it after what the ledger holds (the ``year8`` merge ran at the real time)."""

    AT = dt.datetime(2026, 12, 7, 10, 0, 0, 500_000, tzinfo=dt.UTC)

    @classmethod
    def now(cls, tz=None):
        at = cls.AT.astimezone(tz) if tz is not None else cls.AT.astimezone().replace(tzinfo=None)
        return cls(*at.timetuple()[:6], at.microsecond, tzinfo=at.tzinfo)


def _clock_after(db, monkeypatch, later: dt.timedelta = dt.timedelta(hours=1)) -> dt.datetime:
    """Freeze the ledger's and the review sheet's clock ``later`` after the newest file ``db`` holds, at half a second
    (a fixed instant, not the real time: the test says the same on any day it runs); that instant, in UTC."""
    with Ledger(db) as ledger:
        newest = ledger.last_received()
    at = newest.astimezone(dt.UTC) + later + dt.timedelta(microseconds=500_000)
    monkeypatch.setattr(_OneSecond, "AT", at)
    monkeypatch.setattr(store, "datetime", _OneSecond)
    monkeypatch.setattr(review_form, "datetime", _OneSecond)
    return at


def test_the_sheet_merge_writes_in_the_second_it_recorded_an_evaluation_is_made_after_it(plan, year8, tmp_path,
                                                                                        monkeypatch):
    """The sheet a merge writes holds the evaluation it just recorded, also within the same second (a fast PC): a
    cell cleared on it on purpose is read, not refused as a copy made before that evaluation (A010 — both times were
    the same second, and the same second counts as before). A copy of that sheet filled apart from one recorded later
    within the same second is still refused (this test froze its clock at 2026-12-07 10:00 UTC, before the ledger
    year8 wrote at the real time when run after it, and failed from then on: see the next test)."""
    root, result = year8
    db = tmp_path / "r.db"
    db.write_bytes((root / "reform.db").read_bytes())
    _clock_after(db, monkeypatch)
    for n in (1, 2, 3):
        (tmp_path / f"inbox{n}").mkdir()
    first = _edit(result.outputs["review"], tmp_path / "inbox1" / "評価_推進室.xlsx",
                  {("2-2-1", "財政課"): {"推進室評価": "C 遅れ", "推進室コメント": OFFICE}})
    merged = run_merge([first.parent], plan, 2026, db=db, out=tmp_path / "out")
    assert [f.status for f in merged.batch.files] == [FileStatus.ACCEPTED]
    written = tmp_path / "written.xlsx"  # the sheet that merge wrote (the next merge writes over it)
    shutil.copy(merged.outputs["review"], written)

    cleared = _edit(written, tmp_path / "inbox2" / "評価_会議後.xlsx",
                    {("2-2-1", "財政課"): {"推進室コメント": None, "本部会議での意見": HQ}})
    again = run_merge([cleared.parent], plan, 2026, db=db, out=tmp_path / "out")
    (read,) = again.batch.files
    assert ([p.code for p in read.problems if p.code == "A010"], read.status) == ([], FileStatus.ACCEPTED)
    kept = Ledger(db).answers([2026])
    words = kept[kept["kind"].eq("review") & kept["id"].eq("2-2-1") & kept["section"].eq("財政課")]
    values = dict(zip(words["field"], words["value"]))
    assert (values["review_grade"], values.get("office_comment"), values["hq_opinion"]) == ("C", None, HQ)

    apart = _edit(written, tmp_path / "inbox3" / "評価_別.xlsx", {("2-2-1", "財政課"): {"対応方針": POLICY}})
    third = run_merge([apart.parent], plan, 2026, db=db, out=tmp_path / "out")
    (refused,) = third.batch.files
    assert refused.status == FileStatus.REJECTED and "A010" in [p.code for p in refused.problems]


def test_a_copy_filled_apart_is_refused_against_a_later_evaluation_when_the_ledger_holds_a_time_ahead(
        plan, year8, tmp_path, monkeypatch):
    """A merge ran once with the PC's clock a day ahead (set right since): the ledger's newest file was received a
    day ahead. The sheet a merge wrote after was made a second after that day (made_at followed any ledger time),
    so a copy of it filled apart from an evaluation recorded later (at the real time, a merge follows no time that
    far ahead) counted as made after that evaluation: read without A010, erasing its 対応方針 without a word."""
    root, result = year8
    db = tmp_path / "r.db"
    db.write_bytes((root / "reform.db").read_bytes())
    base = _clock_after(db, monkeypatch)
    for n in (1, 2, 3, 4):
        (tmp_path / f"inbox{n}").mkdir()
    monkeypatch.setattr(_OneSecond, "AT", base + dt.timedelta(days=1))  # the clock a day ahead
    first = _edit(result.outputs["review"], tmp_path / "inbox1" / "評価_推進室.xlsx",
                  {("2-2-1", "財政課"): {"推進室評価": "C 遅れ", "推進室コメント": OFFICE}})
    ahead = run_merge([first.parent], plan, 2026, db=db, out=tmp_path / "out")
    assert [f.status for f in ahead.batch.files] == [FileStatus.ACCEPTED]

    monkeypatch.setattr(_OneSecond, "AT", base)  # set right
    after_meeting = _edit(ahead.outputs["review"], tmp_path / "inbox2" / "評価_会議後.xlsx",
                          {("2-2-1", "財政課"): {"本部会議での意見": HQ}})
    merged = run_merge([after_meeting.parent], plan, 2026, db=db, out=tmp_path / "out")
    assert [f.status for f in merged.batch.files] == [FileStatus.ACCEPTED]
    written = tmp_path / "written.xlsx"
    shutil.copy(merged.outputs["review"], written)

    monkeypatch.setattr(_OneSecond, "AT", base + dt.timedelta(minutes=5))
    policy = _edit(written, tmp_path / "inbox3" / "評価_方針.xlsx", {("2-2-1", "財政課"): {"対応方針": POLICY}})
    later = run_merge([policy.parent], plan, 2026, db=db, out=tmp_path / "out")
    assert [f.status for f in later.batch.files] == [FileStatus.ACCEPTED]

    monkeypatch.setattr(_OneSecond, "AT", base + dt.timedelta(minutes=10))
    apart = _edit(written, tmp_path / "inbox4" / "評価_別.xlsx", {("2-2-1", "財政課"): {"推進室コメント": "別の案"}})
    third = run_merge([apart.parent], plan, 2026, db=db, out=tmp_path / "out")
    (refused,) = third.batch.files
    assert refused.status == FileStatus.REJECTED and "A010" in [p.code for p in refused.problems]
    kept = Ledger(db).answers([2026])
    words = kept[kept["kind"].eq("review") & kept["id"].eq("2-2-1") & kept["section"].eq("財政課")]
    values = dict(zip(words["field"], words["value"]))
    assert (values["office_comment"], values["hq_opinion"], values["policy"]) == (OFFICE, HQ, POLICY)


def test_the_review_sheet_moved_into_a_new_book_says_so_and_where_the_sheet_to_fill_is(plan, year8, tmp_path):
    """The office copied the 推進室評価 sheet into a new book (Excel's 「移動またはコピー」 → 新しいブック) to fill it
    there: the book has no record, and merge said M001 「配布した調査票ではない…配布した調査票に記入し直して」 — a
    調査票 the office never had. F039 names the sheet and the book merge wrote, and the file is not read."""
    root, result = year8
    written = openpyxl.load_workbook(result.outputs["review"])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = layout.SHEET_REVIEW
    for row in written[layout.SHEET_REVIEW].iter_rows(values_only=True):
        sheet.append(row)
    inbox = tmp_path / "受信"
    inbox.mkdir()
    book.save(inbox / "評価シート（コピー）.xlsx")
    done = run_merge([inbox], plan, 2026, db=tmp_path / "reform.db", out=tmp_path / "out")
    (read,) = done.batch.files
    assert ([p.code for p in read.problems], read.status) == (["F039"], FileStatus.SKIPPED)
    assert "シート「推進室評価」は merge が書いた推進室評価シートのもの" in read.problems[0].message
    assert "「令和8年度_推進室評価シート.xlsx」に記入し直して" in read.problems[0].message
    assert read.result.answers == []


def test_a_copy_of_the_sheet_filled_in_beside_the_one_read_is_said_not_lost(plan, year8, tmp_path):
    """The clerk copies the sheet (「推進室評価 (2)」) and fills the copy, leaving 「推進室評価」 as merge wrote it. Only
    「推進室評価」 is read: the copy's entries vanished without a word. Said once for the sheet (A013, a warning: what is on
    「推進室評価」 is read), with what to do."""
    _root, result = year8
    source = result.outputs["review"]
    wb = openpyxl.load_workbook(source)
    copy = wb.copy_worksheet(wb[layout.SHEET_REVIEW])
    copy.title = f"{layout.SHEET_REVIEW} (2)"
    cells = review_cells(source, "2-2-1", "財政課")
    copy[cells["推進室評価"]] = "C"
    copy[cells["推進室コメント"]] = OFFICE
    wb.save(tmp_path / "評価.xlsx")
    read = read_return(tmp_path / "評価.xlsx", plan, 2026)
    (said,) = [p for p in read.problems if p.code == "A013"]
    assert said.sheet == f"{layout.SHEET_REVIEW} (2)" and read.status == FileStatus.ACCEPTED
    assert f"読むのはシート「{layout.SHEET_REVIEW}」だけです" in said.message
    assert not any(a.value == OFFICE for a in read.answers)  # (the copy is not read: said, not guessed)
    wb.remove(copy)
    wb.save(tmp_path / "そのまま.xlsx")  # the sheet as merge wrote it, nothing beside it: nothing said
    assert [p for p in read_return(tmp_path / "そのまま.xlsx", plan, 2026).problems if p.code == "A013"] == []


def test_the_grade_columns_prompt_speaks_to_the_office(plan, year8):
    """The 推進室評価 column's prompt was the sections' own (「必須です」, 「区分の説明は「記入要領」シート」): the office's
    sheet has no 記入要領, and a blank 二次評価 is no error there."""
    _root, result = year8
    ws = openpyxl.load_workbook(result.outputs["review"])[layout.SHEET_REVIEW]
    header = next(r for r in ws.iter_rows() if r[0].value == layout.ID_LABEL_REVIEW)
    column = next(c.column_letter for c in header if c.value == layout.review_label("review_grade"))
    (rule,) = [v for v in ws.data_validations.dataValidation if column in str(v.sqref).split(":")[0]]
    assert rule.type == "list" and rule.prompt.startswith("推進室の二次評価を、セル右の ▼ を押して一覧から選んでください。")
    assert "記入要領" not in rule.prompt and "必須" not in rule.prompt
    assert "／".join(g.display for g in plan.grades) in rule.prompt


def test_a_hidden_sheet_holding_values_beside_the_review_sheet_is_said_to_be_hidden(plan, year8, tmp_path):
    """A copy of the sheet filled in, then hidden (or a sheet the office hid): A013 named it, but the clerk looking for
    「推進室評価 (2)」 among the tabs never finds it. Said hidden, as S016 says of a 調査票's hidden sheet."""
    _root, result = year8
    wb = openpyxl.load_workbook(result.outputs["review"])
    copy = wb.copy_worksheet(wb[layout.SHEET_REVIEW])
    copy.title = f"{layout.SHEET_REVIEW} (2)"
    copy[review_cells(result.outputs["review"], "2-2-1", "財政課")["推進室コメント"]] = OFFICE  # filled, then hidden
    copy.sheet_state = "hidden"
    wb.save(tmp_path / "評価.xlsx")
    (said,) = [p for p in read_return(tmp_path / "評価.xlsx", plan, 2026).problems if p.code == "A013"]
    assert f"シート「{layout.SHEET_REVIEW} (2)」（非表示のシートです。シート見出しを右クリックして「再表示」" in said.message


def test_a_word_on_a_row_without_an_id_never_says_the_other_rows_were_read_when_the_sheet_is_not(plan, year8, tmp_path):
    """The ID of a row cleared (a slip) with a comment typed on it: A007 refuses the sheet (the row is missing), and
    A012 said beside it 「ほかの行は読みました」 — the 受付結果 saying both that the sheet was read and that it was not.
    A012 is still said (a warning: the word is shown), and A007 still refuses the sheet."""
    _root, result = year8
    cells = review_cells(result.outputs["review"], "2-2-1", "財政課")
    path = _edit(result.outputs["review"], tmp_path / "評価.xlsx",
                 {("2-2-1", "財政課"): {"ID": None, "推進室コメント": OFFICE}})
    read = read_return(path, plan, 2026)
    assert read.status == FileStatus.REJECTED and {p.code for p in read.problems} == {"A007", "A012"}
    (said,) = [p for p in read.problems if p.code == "A012"]
    assert said.cell == cells["推進室コメント"] and "読んでいません。行を挿入して" in said.message
    assert "ほかの行は読みました" not in said.message
    fine = _edit(result.outputs["review"], tmp_path / "挿入.xlsx", {})
    wb = openpyxl.load_workbook(fine)
    wb[layout.SHEET_REVIEW][cells["推進室コメント"].rstrip("0123456789") + "200"] = "メモ"
    wb.save(fine)
    (note,) = read_return(fine, plan, 2026).problems
    assert note.code == "A012" and "読んでいません（ほかの行は読みました）。" in note.message


def test_words_on_many_rows_without_an_id_are_counted_past_the_ones_said(plan, year8, tmp_path):
    """Notes typed on 25 rows below the table: 20 are said one by one (A012), and the last of them counts the other 5
    with their rows — they were dropped without a word."""
    _root, result = year8
    source = result.outputs["review"]
    wb = openpyxl.load_workbook(source)
    ws = wb[layout.SHEET_REVIEW]
    column = "".join(ch for ch in review_cells(source, "2-2-1", "財政課")["推進室コメント"] if ch.isalpha())
    ws.protection.sheet = False
    first = ws.max_row + 2
    for n in range(25):
        ws[f"{column}{first + n}"] = f"メモ {n + 1}"
    wb.save(tmp_path / "評価.xlsx")
    read = read_return(tmp_path / "評価.xlsx", plan, 2026)
    said = [p for p in read.problems if p.code == "A012"]
    assert len(said) == 20 and read.status == FileStatus.ACCEPTED
    assert [p.cell for p in said] == [f"{column}{first + n}" for n in range(20)]
    assert f"このほかにも、ID のない行への記入が 5 行（{first + 20}～{first + 24} 行目の間）あります。" in said[-1].message
    assert all("このほかにも" not in p.message for p in said[:-1])
