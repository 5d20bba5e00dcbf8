"""The headquarters' meeting is named after the plan's headquarters (Words.headquarters_meeting): a
〇〇推進本部 meets as the 「本部会議」 (the bundled plan), a 〇〇推進会議 as the 「推進会議」 — in the
記入要領, V014, the 推進室評価シート (and reading it back), the meeting packet and next year's 意見への対応."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import run_merge
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.records import FileStatus
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template
from second_plan import PLAN_FILE, answers
from sheet_reader import header_row

HQ = "電子申請の目標を前倒しすること。"


@pytest.mark.parametrize(("headquarters", "meeting"), [
    ("二本松市市政改革推進本部会議", "本部会議"),  # the bundled plan: unchanged
    ("北陵県行財政改革推進会議", "推進会議"),
    ("南山市行財政改革推進本部", "本部会議"),
    ("東浜町行政改革戦略会議", "戦略会議"),
    ("西野村行財政改革推進チーム", "会議"),  # no kind the tool knows: the last resort
])
def test_the_headquarters_meeting_is_named_after_the_kind_of_body(plan, headquarters, meeting):
    assert replace(plan.words, headquarters=headquarters).headquarters_meeting == meeting


def test_the_bundled_plan_keeps_saying_honbu_kaigi(plan):
    assert plan.words.headquarters_meeting == "本部会議"
    assert layout.review_label("hq_opinion", plan.words) == "本部会議での意見"


def _texts(path: Path) -> list[str]:
    """Every text a reader sees in a workbook: cells, comments, input prompts, sheet names."""
    found = []
    for ws in openpyxl.load_workbook(path).worksheets:
        found.append(ws.title)
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    found.append(c.value)
                if c.comment:
                    found.append(c.comment.text)
        for dv in ws.data_validations.dataValidation:
            found += [dv.prompt or "", dv.promptTitle or ""]
    return found


def _said(path: Path, word: str) -> list[str]:
    return [t for t in _texts(path) if word in t]


def _review_cell(path: Path, label: str, row_id: str, section: str) -> str:
    ws = openpyxl.load_workbook(path)[layout.SHEET_REVIEW]
    header = header_row(ws, layout.ID_LABEL_REVIEW)
    cols = {"".join(str(c.value).split()): c.column_letter for c in ws[header] if c.value}
    for r in range(header + 1, ws.max_row + 1):
        if ws[f"{cols['ID']}{r}"].value == row_id and ws[f"{cols['担当課']}{r}"].value == section:
            return f"{cols[label]}{r}"
    raise AssertionError((row_id, section))


def test_a_plan_whose_headquarters_is_a_suishin_kaigi_says_suishin_kaigi_everywhere(tmp_path):
    text = PLAN_FILE.read_text("utf-8")
    text = text.replace("headquarters: 南山市行財政改革推進本部", "headquarters: 南山市行財政改革推進会議")
    text = text.replace("headquarters_note: 本部長：市長、副本部長：副市長", "headquarters_note: 議長：市長")
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    plan, _ = load_plan(tmp_path / "plan.yaml")
    section = "財政課"
    item = plan.items_for(section, 2018)[0].id

    # The 記入要領 says whose meeting takes up the items behind (V014).
    (template,) = write_templates(plan, 2018, tmp_path / "t30", [section])
    assert _said(template, "本部会議") == []
    assert any("推進会議で取り上げる項目です" in t for t in _said(template, "推進会議"))
    behind = answers(plan, section, 2018)
    behind[layout.SHEET_ITEMS][item] |= {"進捗状況": "C 未実施（検討中）", "取組実績": None}
    blank = read_return(fill_template(template, behind, tmp_path / "blank" / template.name), plan, 2018)
    (v014,) = [p for p in blank.problems if p.code == "V014"]
    assert "推進会議で取り上げる項目です" in v014.message and "本部会議" not in v014.message

    # merge writes the 推進室評価シート with the headquarters' column named after its meeting.
    fill_template(template, answers(plan, section, 2018), tmp_path / "inbox" / template.name)
    db = tmp_path / "reform.db"
    first = run_merge([tmp_path / "inbox"], plan, 2018, db=db, out=tmp_path / "out1")
    review = first.outputs["review"]
    assert _said(review, "本部会議") == []
    assert "推進会議での意見" in _texts(review)
    assert any(t.startswith("推進会議で出た、この項目への意見") for t in _said(review, "推進会議で出た"))

    # The office fills in the meeting's opinion; merge reads it back by that header.
    cell = _review_cell(review, "推進会議での意見", item, section)
    wb = openpyxl.load_workbook(review)
    wb[layout.SHEET_REVIEW][cell] = HQ
    wb.save(tmp_path / "評価.xlsx")
    got = read_return(tmp_path / "評価.xlsx", plan, 2018)
    assert got.status == FileStatus.ACCEPTED, got.problems
    assert [(a.id, a.section, a.value) for a in got.answers if a.field == "hq_opinion" and a.value] == [
        (item, section, HQ)]

    # A sheet written before the column took the plan's word (「本部会議での意見」) still reads back.
    header = header_row(wb[layout.SHEET_REVIEW], layout.ID_LABEL_REVIEW)
    old = next(c for c in wb[layout.SHEET_REVIEW][header] if c.value and "推進会議での意見" in c.value)
    old.value = old.value.replace("推進会議での意見", "本部会議での意見")
    wb.save(tmp_path / "評価（前の版）.xlsx")
    before = read_return(tmp_path / "評価（前の版）.xlsx", plan, 2018)
    assert before.status == FileStatus.ACCEPTED, before.problems
    assert [a.value for a in before.answers if a.field == "hq_opinion" and a.value] == [HQ]

    second = run_merge([tmp_path / "inbox"], plan, 2018, db=db, out=tmp_path / "out2", reviews=[tmp_path / "評価.xlsx"])
    for path in (second.outputs["meeting"], second.outputs["review"]):
        assert _said(path, "本部会議") == [], path.name
    meeting = _texts(second.outputs["meeting"])
    assert HQ in meeting and "推進会議での意見" in meeting
    assert any("推進会議での意見 1 件" in t for t in meeting)  # 概要
    assert any("南山市行財政改革推進会議（推進会議）" in t for t in meeting)  # 二次評価・意見
    assert any("推進会議・懇話会の意見" in t for t in meeting)  # 表紙

    # Next year's 意見への対応 names whose opinion it is.
    (t31,) = write_templates(plan, 2019, tmp_path / "t31", [section], history=Ledger(db).answers([2018]))
    assert _said(t31, "本部会議") == []
    assert f"【推進会議】{HQ}" in _texts(t31)
    assert any("懇話会・推進会議・行革推進課の意見" in t for t in _texts(t31))


@pytest.mark.parametrize(("headquarters", "committee", "meeting"), [
    ("西野村行財政改革推進委員会", "西野村行政改革推進委員会", "行財政改革推進委員会"),  # both 推進委員会: its own name
    ("西野村行財政改革委員会", "", "行財政改革委員会"),  # beside the 「委員会意見」 of a plan naming no committee
    ("西野村行財政改革推進委員会", "西野村行政改革懇話会", "推進委員会"),  # no clash: the kind
])
def test_a_headquarters_of_the_committees_kind_is_named_apart_from_it(plan, headquarters, committee, meeting):
    """A 〇〇推進委員会 headquarters beside a 〇〇推進委員会 committee: both were 「推進委員会」 — columns 「推進委員会での意見」
    and 「推進委員会意見」 side by side on the review sheet (one published, one not), 「【推進委員会】…」 twice."""
    words = replace(plan.words, city="西野村", headquarters=headquarters, committee=committee)
    assert words.headquarters_meeting == meeting
    assert words.headquarters_meeting != words.committee_role
    assert layout.review_label("hq_opinion", words) != layout.review_label("committee_opinion", words)
