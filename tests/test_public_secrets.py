"""公表用 as a hostile auditor reads it: every part of the workbook (each sheet's cells, hidden or not, defined names,
conditional formats, headers and footers, docProps), the CSV files and the PDF (its text and its metadata) — for a
year whose every internal field holds a planted secret: the 回答者欄, 算出根拠・備考, 推進室コメント, 本部会議での意見, an
answer to those alone, the file paths and times of receipt, the meeting date, a section sent back (差し戻し).

A secret found anywhere is named with the part it is in."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from reform_xlsx import records as ans
from reform_xlsx.plan.model import Revision
from reform_xlsx.plan.revisions import Revisions
from reform_xlsx.report.model import SHEET_COVER, SHEET_ITEMS, SHEET_OVERVIEW, SHEET_REVIEWS, sheet_name
from reform_xlsx.report.writer import write_reports
from report_sample import _row, sample_answers, sample_status
from sheet_reader import header_row

YEARS = (2026, 2027)
RETURNED = "土木課"  # its file of 令和9年度 was sent back
MEETING = dt.date(2028, 7, 13)  # 令和10年7月13日: a date nothing else in the report has
# What 公表用 must never carry, each planted where the office or a section writes it (docs/report.md 「公表用」).
SECRETS = {
    "person": "山田ZQ太郎", "extension": "内線ZQ4321", "mail": "zq.taro@zq-city.example.jp", "head": "課長ZQ確認",
    "note": "ZQ算出メモ（佐藤 内線ZQ8888）", "office_comment": "ZQ推進室の所見", "hq_opinion": "ZQ市長の発言",
    "internal_response": "ZQ市長の指摘を受けて見直した", "file": r"\\ZQ-server\秘密\受信", "sheet_grade": "ZQ評価欄",
}
FORBIDDEN = (*SECRETS.values(), "ZQ", "差し戻し", "要修正", "7月13日", "2028-07-13", "内線", "算出根拠", "本部会議での意見",
             "推進室コメント", ".xlsx", "受付")
COMMITTEE, POLICY, PUBLIC_RESPONSE = "委員会は効果の測定を求めた。", "効果を測る指標を定める。", "指標を定めて測った。"


def planted_answers(plan) -> pd.DataFrame:
    """Two years of the sample answers with a secret in every internal field (and the public word on one item)."""
    answers = sample_answers(plan, YEARS)
    answers["file"] = [f"{SECRETS['file']}\\{f}" for f in answers["file"]]
    rows = []
    for year in YEARS:
        for section in plan.sections:
            for field in ("person", "extension", "mail", "head"):
                rows.append(_row(year, section, "respondent", "回答者", field, SECRETS[field]))
        for kpi in plan.kpis:
            rows.append(_row(year, kpi.owner, "kpi", kpi.id, "note", SECRETS["note"]))
    grades = answers[answers["year"].eq(2026) & answers["field"].eq("grade")]
    for n, r in enumerate(grades.itertuples(index=False)):
        word = {"office_comment": SECRETS["office_comment"], "hq_opinion": SECRETS["hq_opinion"],
                "sheet_grade": SECRETS["sheet_grade"]}
        if n == 0:
            word |= {"review_grade": r.value, "committee_opinion": COMMITTEE, "policy": POLICY}
        for field, value in word.items():
            rows.append({**_row(2026, r.section, "review", r.id, field, value), "sheet": "推進室評価"})
        response = PUBLIC_RESPONSE if n == 0 else SECRETS["internal_response"]
        rows.append(_row(2027, r.section, "item", r.id, "response", response))
    return pd.concat([answers, pd.DataFrame(rows)], ignore_index=True)


def planted_status(plan) -> pd.DataFrame:
    status = sample_status(plan, YEARS)
    status["file"] = [None if f is None else f"{SECRETS['file']}\\{f}" for f in status["file"]]
    # where the ledger keeps the 回答者欄: on each submission, the status's respondent (merge, report)
    status["respondent"] = [{k: SECRETS[k] for k in ("person", "extension", "mail", "head")}] * len(status)
    returned = status["year"].eq(2027) & status["section"].eq(RETURNED)
    status.loc[returned, "status"] = ans.SectionStatus.RETURNED
    return status


def revised(plan):
    """令和9年度 from a revision (計画の見直し in the workbook) whose reason is the plan's own public word."""
    return dataclasses.replace(plan, version="2027-03", revision=Revision(2027, reason="目標を見直した"))


def public_texts(paths: list[Path]) -> dict[str, str]:
    """Every part of the 公表用 outputs as text: each part of the workbook (XML entities read, the schemas'
    addresses left out), the CSV files, and the PDF's text and metadata."""
    parts: dict[str, str] = {}
    for path in paths:
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    text = z.read(name).decode("utf-8", errors="replace")
                    text = re.sub(r'(xmlns(:\w+)?|Type|ContentType)="[^"]*"', "", text)
                    parts[f"{path.name}:{name}"] = html.unescape(text)
        elif path.suffix == ".csv":
            parts[path.name] = path.read_text(encoding="utf-8-sig")
        elif path.suffix == ".pdf":
            for tool in (["pdftotext", "-layout", str(path), "-"], ["pdfinfo", str(path)]):
                parts[f"{path.name}:{tool[0]}"] = subprocess.run(tool, capture_output=True, text=True,
                                                                 check=True).stdout
    return parts


def leaks(parts: dict[str, str]) -> list[tuple[str, str]]:
    return [(part, secret) for part, text in parts.items() for secret in FORBIDDEN if secret in text]


@pytest.fixture(scope="module")
def published(plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("public")
    result = write_reports(revised(plan), 2027, planted_answers(plan), planted_status(plan), out, public=True,
                           final=True, meeting_date=MEETING, created=dt.datetime(2028, 5, 1, 10, 0),
                           revisions=Revisions((plan, revised(plan))))
    return result


def test_the_secrets_are_in_the_packet_so_the_sweep_would_find_them(published):
    """The office's copy carries what the office keeps: the sweep below reads the same kinds of parts."""
    parts = public_texts([published.workbook, published.office])
    found = {secret for _, secret in leaks(parts)}
    for key in ("note", "office_comment", "hq_opinion", "internal_response"):
        assert SECRETS[key] in found, key
    assert "差し戻し" in found and "7月13日" in found


def test_no_part_of_the_publication_carries_what_the_office_keeps(published):
    paths = [published.public, *published.public_csv]
    assert [p.name for p in paths if p.suffix == ".csv"] and published.public.exists()
    parts = public_texts(paths)
    assert any(COMMITTEE in t for t in parts.values()) and any(PUBLIC_RESPONSE in t for t in parts.values())
    assert leaks(parts) == []


def test_the_publication_counts_only_the_answers_it_publishes(published):
    """概要 of 公表用 counts the 意見への対応 it publishes (the one to the committee's opinion), not the answers to
    the office's comment or the 本部会議's remarks (it used to say 「前年度の意見への各課の対応 46 件」 beside one row)."""
    def overview(path):
        ws = openpyxl.load_workbook(path)[SHEET_OVERVIEW]
        return " ".join(str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str))

    packet = overview(published.workbook)
    counted = re.search(r"前年度の意見への各課の対応 (\d+) 件", packet)
    assert counted and int(counted.group(1)) > 1
    assert "前年度の意見への各課の対応 1 件" in overview(published.public)


def test_a_year_with_only_the_office_s_word_has_no_review_sheet_in_the_publication(plan, tmp_path):
    """The office wrote only 推進室コメント and 本部会議での意見 (no 二次評価, no committee opinion, no 対応方針), and the
    sections answered them: 公表用 has nothing of it to show — no 「二次評価・意見」 sheet saying 「まだありません」
    under a cover that lists it, no empty 二次評価 column, no count of answers it does not publish."""
    answers = planted_answers(plan)
    public_word = answers["field"].isin(("review_grade", "committee_opinion", "policy")) | answers["value"].eq(
        PUBLIC_RESPONSE)
    result = write_reports(plan, 2027, answers[~public_word], planted_status(plan), tmp_path, public=True,
                           created=dt.datetime(2028, 5, 1, 10, 0))
    assert SHEET_REVIEWS in openpyxl.load_workbook(result.workbook).sheetnames  # the packet shows the word
    pub = openpyxl.load_workbook(result.public)
    assert SHEET_REVIEWS not in pub.sheetnames
    cover = " ".join(str(c.value) for row in pub[SHEET_COVER].iter_rows() for c in row if c.value)
    assert SHEET_REVIEWS not in cover
    items = pub[sheet_name(SHEET_ITEMS, plan.words)]
    assert "二次評価" not in [c.value for c in items[header_row(items, "ID")]]
    overview = " ".join(str(c.value) for row in pub[SHEET_OVERVIEW].iter_rows() for c in row if c.value)
    assert "二次評価" not in overview and "意見への各課の対応" not in overview
    csv = pd.read_csv(result.public_csv[0], encoding="utf-8-sig", dtype=str)
    assert csv["意見への対応"].dropna().empty
    assert leaks(public_texts([result.public, *result.public_csv])) == []


def test_the_published_pdf_carries_none_of_it_in_its_text_or_its_metadata(plan, soffice, tmp_path):
    """The PDF LibreOffice prints from 公表用: its text (pdftotext) and its document information (pdfinfo: the
    author is the city and the office, the title what the cover says)."""
    result = write_reports(revised(plan), 2027, planted_answers(plan), planted_status(plan), tmp_path, public=True,
                           pdf=True, final=True, meeting_date=MEETING, created=dt.datetime(2028, 5, 1, 10, 0),
                           revisions=Revisions((plan, revised(plan))))
    assert result.public_pdf is not None, result.notes
    parts = public_texts([result.public_pdf])
    assert COMMITTEE[:6] in parts[f"{result.public_pdf.name}:pdftotext"]  # (a cell's text wraps: its start)
    info = dict(line.split(":", 1) for line in parts[f"{result.public_pdf.name}:pdfinfo"].splitlines() if ":" in line)
    assert (info["Author"].strip(), info["Title"].strip()) == (
        f"{plan.city} {plan.office}", "令和9年度 第2次二本松市市政改革推進行動計画 取組状況（公表用）")
    assert leaks(parts) == []
