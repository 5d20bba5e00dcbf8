"""連絡先.xlsx across a 組織改正 (docs/plan-format.md): what the clerk is told when a section's address is not used.

Found in an adversarial run: after 生活環境課 and 観光課 were merged into 環境観光課 with both old rows filled, D004 for
環境観光課 said only 「メールアドレスが連絡先にない」 (contacts --force had dropped both rows, naming them once on stderr);
after 市民課 was split into 窓口課 and 戸籍課, a 市民課 row typed again was not mentioned by 戸籍課's D004; and a note
typed under the table (「※4月に異動予定」 in the 課名 column) was D001 「課名を計画どおりに直してください」."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest

from reform_xlsx.cli import main
from reform_xlsx.mail import read_directory, request_draft, write_directory
from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
from reform_xlsx.plan.model import SectionMove

KANKYO, KANKO = "kankyo@city.example.lg.jp", "kanko@city.example.lg.jp"
SHIMIN = "shimin@city.example.lg.jp"


@pytest.fixture(scope="module")
def base():
    return parse_plan(bundled_plan_text(), "plan.yaml")[0]


def _revised(base, sections, moves):
    return dataclasses.replace(base, sections=tuple(sections), moves=tuple(SectionMove(2028, *m) for m in moves))


@pytest.fixture(scope="module")
def merged(base):
    return _revised(base, [("環境観光課" if s == "生活環境課" else s) for s in base.sections if s != "観光課"],
                    [("生活環境課", "環境観光課"), ("観光課", "環境観光課")])


@pytest.fixture(scope="module")
def split(base):
    return _revised(base, [x for s in base.sections for x in (("窓口課", "戸籍課") if s == "市民課" else (s,))],
                    [("市民課", "窓口課"), ("市民課", "戸籍課")])


def _filled(plan, path: Path, rows: dict[str, tuple[str, str]], below: list[list[str | None]] = ()) -> Path:
    """連絡先 as the office fills it: {課名: (担当者, メール)} in contacts' rows, ``below``: rows typed under the table."""
    write_directory(plan, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["連絡先"]
    for row in ws.iter_rows():
        if row[0].value in rows:
            row[1].value, row[2].value = rows[row[0].value]
    for values in below:
        ws.append(values)
    wb.save(path)
    return path


def _d004(plan, year, section, directory):
    draft = request_draft(plan, year, section, Path("調査票.xlsx"), directory=directory, deadline=None, contact=None)
    return [p.message for p in draft.problems if p.code == "D004"]


def test_d004_of_a_merged_section_names_the_filled_rows_of_the_sections_merged(base, merged, tmp_path):
    path = _filled(base, tmp_path / "連絡先.xlsx", {"生活環境課": ("山田", KANKYO), "観光課": ("佐藤", KANKO)})
    said = _d004(merged, 2028, "環境観光課", read_directory(path, merged, merged))
    assert len(said) == 1
    assert "統合前" in said[0] and f"生活環境課 山田（{KANKYO}）" in said[0] and f"観光課 佐藤（{KANKO}）" in said[0]
    assert "環境観光課の行に写して" in said[0]


def test_contacts_force_after_a_merge_keeps_the_rows_it_cannot_choose_between_and_d004_names_them(base, merged,
                                                                                                  tmp_path):
    """Both old rows filled: contacts --force (right not to guess) dropped both, so D004 could never say why."""
    path = _filled(base, tmp_path / "連絡先.xlsx", {"生活環境課": ("山田", KANKYO), "観光課": ("佐藤", KANKO)})
    write_directory(merged, path, read_directory(path, merged))  # what contacts --force does
    rows = [r[:3] for r in openpyxl.load_workbook(path)["連絡先"].iter_rows(values_only=True)]
    assert ("環境観光課", None, None) in rows  # the new section's row: for the clerk to fill …
    assert rows[-2:] == [("生活環境課", "山田", KANKYO), ("観光課", "佐藤", KANKO)]  # … from the rows kept below
    again = read_directory(path, merged, merged)
    assert again.problems == []
    said = _d004(merged, 2028, "環境観光課", again)
    assert len(said) == 1 and f"生活環境課 山田（{KANKYO}）" in said[0] and f"観光課 佐藤（{KANKO}）" in said[0]
    assert again.get("生活環境課").mail == KANKYO  # the years before the merge: each its own address, as before
    # the clerk copies one into the new row: it is used, and contacts --force no longer keeps the old rows
    wb = openpyxl.load_workbook(path)
    next(r for r in wb["連絡先"].iter_rows() if r[0].value == "環境観光課")[2].value = KANKO
    wb.save(path)
    chosen = read_directory(path, merged, merged)
    assert _d004(merged, 2028, "環境観光課", chosen) == [] and chosen.get("環境観光課").mail == KANKO
    write_directory(merged, path, chosen)
    assert [r[0] for r in openpyxl.load_workbook(path)["連絡先"].iter_rows(values_only=True)][-1] != "観光課"


def test_contacts_force_says_where_it_kept_the_rows_of_a_merge(tmp_path, monkeypatch, capsys):
    import five_years as fy

    monkeypatch.chdir(tmp_path)
    (tmp_path / "r11.yaml").write_text(fy.revised_yaml(2029), encoding="utf-8")
    before = parse_plan(bundled_plan_text(), "plan.yaml")[0]
    _filled(before, tmp_path / "連絡先.xlsx", {fy.MERGED[0]: ("高橋", "dx@city.example.lg.jp"),
                                               fy.MERGED[1]: ("伊藤", "hisho@city.example.lg.jp")})
    assert main(["contacts", "--plan", "r11.yaml", "--force"]) == 0
    err = capsys.readouterr().err
    kept = err.split("表の下に残しました")[1]
    assert f"{fy.MERGED[0]}: {fy.MERGED[0]} 高橋" in kept and f"{fy.MERGED[1]}: {fy.MERGED[1]} 伊藤" in kept
    assert f"{fy.MERGED_INTO}の行" in err and "残していません" not in err


def test_d004_of_a_part_of_a_split_names_the_row_typed_under_the_old_name(base, split, tmp_path):
    path = _filled(split, tmp_path / "連絡先.xlsx", {}, below=[["市民課", "鈴木", SHIMIN]])
    directory = read_directory(path, base, split)
    assert directory.problems == [] and directory.get("市民課").mail == SHIMIN  # the year before the split: its row
    for part in ("窓口課", "戸籍課"):
        said = _d004(split, 2028, part, directory)
        assert len(said) == 1 and "分割前" in said[0] and f"市民課 鈴木（{SHIMIN}）" in said[0]
        assert "窓口課と戸籍課に分かれた" in said[0] and f"{part}の行に" in said[0]


@pytest.mark.parametrize("typed, note", [
    ("※4月に異動予定", True), ("＊担当は4月に替わります", True), ("4月に異動予定", True),
    ("（注）財政課は兼務", True), ("財政課は4月から別の担当です。", True),
    ("税務課は兼務", True), ("財政課分は後日", True),  # a plan's name whole, and words beside it: a note naming it
    # a name that reads as a section's is a name to correct (D001), as before
    ("企画課", False), ("第３企画課", False), ("総務課（行政経営担当）", False), ("観光 振興課", False),
])
def test_a_note_typed_under_the_table_is_no_section_to_correct(base, tmp_path, typed, note):
    path = _filled(base, tmp_path / "連絡先.xlsx", {}, below=[[typed]])
    found = read_directory(path, base)
    assert [p.code for p in found.problems] == ([] if note else ["D001"])


def test_a_row_with_a_person_or_an_address_is_a_contact_whatever_its_name(base, tmp_path):
    path = _filled(base, tmp_path / "連絡先.xlsx", {}, below=[["※4月に異動予定", "鈴木", SHIMIN]])
    assert [p.code for p in read_directory(path, base).problems] == ["D001"]


def test_contacts_force_keeps_a_note_typed_under_the_table(base, tmp_path):
    path = _filled(base, tmp_path / "連絡先.xlsx", {"財政課": ("伊藤", "zaisei@city.example.lg.jp")},
                   below=[["※4月に異動予定", None, None, None, "財政課の担当"]])
    write_directory(base, path, read_directory(path, base))  # what contacts --force does
    rows = [r for r in openpyxl.load_workbook(path)["連絡先"].iter_rows(values_only=True)]
    assert rows[-1][0] == "※4月に異動予定" and rows[-1][4] == "財政課の担当"
    assert read_directory(path, base).problems == []



def test_a_clerk_typing_in_calc_a_row_under_the_old_name_and_a_note_is_told_about_both(base, split, soffice,
                                                                                         tmp_path):
    """The same typed in a Japanese LibreOffice Calc under the table of a 連絡先 made after the split: the 市民課 row
    (a full-width 「＠」) is named by 戸籍課's D004, the note is no D001."""
    from lo_fill import fill, require_uno
    from sheet_reader import Table

    require_uno()
    path = write_directory(split, tmp_path / "連絡先.xlsx")
    table = Table(openpyxl.load_workbook(path)["連絡先"], "課名")
    cols = {label: openpyxl.utils.get_column_letter(c) for label, c in table.cols.items()}
    below = max(table.rows.values()) + 1
    cells = {f"{cols['課名']}{below}": "市民課", f"{cols['担当者']}{below}": "鈴木",
             f"{cols['メール']}{below}": "shimin＠city.example.lg.jp", f"{cols['課名']}{below + 1}": "※4月に異動予定"}
    fill(path, tmp_path / "記入.xlsx", {}, keyboard=True, soffice=soffice,
         steps=[{"do": "type", "sheet": "連絡先", "cells": cells}])
    directory = read_directory(tmp_path / "記入.xlsx", base, split)
    assert directory.problems == [] and directory.get("市民課").mail == SHIMIN
    said = _d004(split, 2028, "戸籍課", directory)
    assert len(said) == 1 and f"市民課 鈴木（{SHIMIN}）" in said[0]


@pytest.mark.parametrize("typed", [
    # real sections' names of other municipalities (not in the bundled plan): a name to correct, never a note
    "会計管理者", "清掃工場", "危機管理監", "浄水場", "斎場", "中央卸売市場", "学校給食共同調理場", "債権管理官",
    "文化振興事業団", "市民ホール",
    "市民協働推進課", "議会事務局", "教育委員会事務局", "農業委員会", "選挙管理委員会", "消防本部", "上下水道局",
    "市民病院", "図書館", "保育所", "こども園", "公民館", "給食センター", "出張所", "支所", "水道事業所",
    "監査委員事務局", "行政経営担当", "DX推進担当", "市長公室", "秘書広報室", "企画政策部企画調整課（政策推進係）",
    # the plan's own names typed a little wrong: 「課」 left as kana, a stray full stop, a character mistyped
    "財政か", "財政課.", "人事行政か", "秘書政策化", "都市計画家",
])
def test_a_sections_name_typed_wrong_under_the_table_is_d001_never_a_note(base, tmp_path, typed):
    """is_note took 「会計管理者」「清掃工場」「危機管理監」 (no 「課」「室」… at the end) and 「財政か」 (the plan's 財政課 with
    its 課 left as kana) for notes: the row was read over with no D001, its name never corrected."""
    path = _filled(base, tmp_path / "連絡先.xlsx", {}, below=[[typed]])
    found = read_directory(path, base)
    assert [p.code for p in found.problems] == ["D001"] and found.notes == []


@pytest.mark.parametrize("later, formed", [
    ([("戸籍課", "戸籍税務課"), ("税務課", "戸籍税務課")], "戸籍税務課"),  # a part of the split merged with another
    ([("戸籍課", "市民戸籍課")], "市民戸籍課"),                              # a part of the split renamed
])
def test_d004_of_a_section_formed_later_from_a_part_of_a_split_names_the_row_before_the_split(base, tmp_path, later,
                                                                                                formed):
    """市民課 split into 窓口課 and 戸籍課 (令和10年度), then 戸籍課 merged with 税務課 (or renamed) the year after: the
    市民課 row was named by 窓口課's D004 and kept by contacts --force, but 戸籍税務課's D004 said nothing of it."""
    gone = {old for old, _ in later} | {"市民課"}
    sections = [x for s in base.sections if s not in gone - {"市民課"}
                for x in (("窓口課", formed) if s == "市民課" else (s,))]
    plan = dataclasses.replace(base, sections=tuple(sections), moves=(
        SectionMove(2028, "市民課", "窓口課"), SectionMove(2028, "市民課", "戸籍課"),
        *(SectionMove(2029, *m) for m in later)))
    path = _filled(base, tmp_path / "連絡先.xlsx", {"市民課": ("鈴木", SHIMIN)})
    directory = read_directory(path, plan, plan)
    assert directory.problems == [] and not directory.has_mail(formed)
    for section in ("窓口課", formed):
        said = _d004(plan, 2029, section, directory)
        assert len(said) == 1 and "分割前" in said[0] and f"市民課 鈴木（{SHIMIN}）" in said[0], (section, said)
        assert "市民課は窓口課と戸籍課に分かれた" in said[0] and f"{section}の行に" in said[0]


def test_contacts_force_twice_after_a_merge_never_takes_the_row_it_did_not_choose(tmp_path, monkeypatch, capsys):
    """DX推進課 with an address, 秘書政策課 with a person only: both filled, so no address is chosen for 政策推進課
    (D004). contacts --force kept the DX推進課 row below the table and dropped the 秘書政策課 one — and the next run
    found one filled row of the merged sections and took it for 政策推進課 without a word (a second --force wrote it
    there)."""
    import five_years as fy

    monkeypatch.chdir(tmp_path)
    (tmp_path / "r11.yaml").write_text(fy.revised_yaml(2029), encoding="utf-8")
    latest = parse_plan(fy.revised_yaml(2029), "r11.yaml")[0]
    dx, hisho, into = *fy.MERGED, fy.MERGED_INTO
    _filled(parse_plan(bundled_plan_text(), "plan.yaml")[0], tmp_path / "連絡先.xlsx",
            {dx: ("高橋", "dx@city.example.lg.jp"), hisho: ("伊藤", None)})
    first = read_directory(tmp_path / "連絡先.xlsx", latest, latest)
    assert not first.has_mail(into) and len(_d004(latest, 2029, into, first)) == 1
    for _ in range(2):
        assert main(["contacts", "--plan", "r11.yaml", "--force"]) == 0
        again = read_directory(tmp_path / "連絡先.xlsx", latest, latest)
        assert not again.has_mail(into), again.get(into)
        said = _d004(latest, 2029, into, again)
        assert len(said) == 1 and f"{dx} 高橋（dx@city.example.lg.jp）" in said[0]
        rows = [r[:3] for r in openpyxl.load_workbook(tmp_path / "連絡先.xlsx")["連絡先"].iter_rows(values_only=True)]
        assert rows[-2:] == [(dx, "高橋", "dx@city.example.lg.jp"), (hisho, "伊藤", None)]
        err = capsys.readouterr().err
        assert f"{dx}: {dx} 高橋" in err and f"{hisho}: {hisho} 伊藤（{into}の行に）" in err, err
        assert "残していません" not in err
