"""A 担当者 and a 内線 typed into 連絡先.xlsx (or a 回答者欄) the way an office clerk types them — 「佐藤 花子様」 with the
honorific, a name wrapped with Alt+Enter, 「内線 1234」 with the word, the outside number 「024-555-0123」 — make drafts
that greet once and on one line (「佐藤 花子 様」, never 「佐藤 花子様 様」), sign without honouring the office itself, and
never say 「内線 内線 1234」."""

from __future__ import annotations

import email
import email.policy

import openpyxl
import pytest

from reform_xlsx.mail import read_directory, write_directory
from reform_xlsx.mail.drafts import message, request_draft, resubmit_draft
from reform_xlsx.records import respondent_text
from sheet_reader import Table

OFFICE_MAIL, ZAISEI_MAIL = "gyokaku@city.nihonmatsu.lg.jp", "zaisei@city.nihonmatsu.lg.jp"


@pytest.mark.parametrize(("typed", "name"), [
    ("佐藤 花子", "佐藤 花子"),
    ("佐藤 花子様", "佐藤 花子"),
    ("佐藤 花子 様", "佐藤 花子"),
    ("佐藤 花子　様", "佐藤 花子"),
    ("佐藤殿", "佐藤"),
    ("佐藤さま", "佐藤"),
    ("鈴木\n一郎", "鈴木 一郎"),
    ("鈴木様、田中様", "鈴木、田中"),
    ("様子見 太郎", "様子見 太郎"),  # 様 inside a name is the name's
    ("佐藤様\n鈴木様", "佐藤 鈴木"),  # two names on two lines (Alt+Enter), each with its 様
    ("佐藤様 鈴木様", "佐藤 鈴木"),
    ("佐藤さま　鈴木さま", "佐藤 鈴木"),
    ("殿村 一郎", "殿村 一郎"),
    ("大殿 一郎", "大殿 一郎"),  # a surname ending in 殿 before the given name is the name's
    ("", ""),
])
def test_a_name_as_typed_is_the_name_to_greet(typed, name):
    from reform_xlsx.mail.directory import plain_name

    assert plain_name(typed) == name


@pytest.mark.parametrize(("typed", "shown"), [
    ("1234", "内線 1234"),
    ("0123", "内線 0123"),
    ("内線 123", "内線 123"),
    ("内線123", "内線 123"),
    ("内線：123", "内線 123"),
    ("内線:123", "内線 123"),
    ("024-555-0123", "電話 024-555-0123"),
    ("0245550123", "電話 0245550123"),
    ("内線 024-555-0123", "内線 024-555-0123"),  # what the clerk called it
    ("電話 024-555-0123", "電話 024-555-0123"),  # the word typed: said once, as for 内線
    ("電話番号：024-555-0123", "電話 024-555-0123"),
    ("TEL 024-555-0123", "電話 024-555-0123"),
    ("Tel.024-555-0123", "電話 024-555-0123"),
    ("℡024-555-0123", "電話 024-555-0123"),
    ("ＴＥＬ：0245550123", "電話 0245550123"),
    ("0120-123-456", "電話 0120-123-456"),  # a free dial is a whole number too
    ("1234（直通）", "内線 1234（直通）"),
    ("内線", ""),
    ("", ""),
    (None, ""),
])
def test_an_extension_as_typed_is_said_once(typed, shown):
    from reform_xlsx.records import extension_text

    assert extension_text(typed) == shown


def test_a_respondent_with_the_word_typed_is_listed_without_it_twice():
    assert respondent_text({"person": "伊藤", "extension": "内線 555", "mail": "ito@example.jp"}) == \
        "伊藤（内線 555、ito@example.jp）"


def typed_directory(plan, tmp_path):
    """連絡先.xlsx as the clerk filled it: the office's own name with 「様」 and its 内線 with the word, a section's name
    wrapped on two lines and typed with 「様」 after it."""
    path = write_directory(plan, tmp_path / "連絡先.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["連絡先"]
    table = Table(ws, "課名")
    col = {label: c for label, c in table.cols.items()}
    for section, person, mail, extension in ((plan.office, "山田 太郎 様", OFFICE_MAIL, "内線 1234"),
                                             ("財政課", "鈴木\n一郎様", ZAISEI_MAIL, "024-555-0123")):
        row = table.rows[section]
        for label, value in (("担当者", person), ("メール", mail), ("内線", extension)):
            ws.cell(row, col[label], value)
    wb.save(path)
    return read_directory(path, plan)


def parsed(draft) -> tuple[email.message.EmailMessage, str]:
    msg = email.message_from_bytes(message(draft).as_bytes(), policy=email.policy.default)
    assert msg.defects == []
    return msg, msg.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_a_draft_greets_a_name_typed_with_its_honorific_once_and_signs_without_one(plan, tmp_path):
    directory = typed_directory(plan, tmp_path)
    form = tmp_path / "調査票.xlsx"
    form.write_bytes(b"PK")
    msg, body = parsed(request_draft(plan, 2027, "財政課", form, directory=directory, deadline=None, contact=None))
    assert body.startswith("財政課\n鈴木 一郎 様\n")
    assert "様 様" not in body and "様様" not in body
    office_line = f"{plan.office} 山田 太郎（内線 1234、{OFFICE_MAIL}）"
    assert f"■ 問い合わせ先: {office_line}" in body and f"{plan.city} {office_line}" in body
    assert "内線 内線" not in body
    (sender,) = msg["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (f"{plan.office} 山田 太郎", OFFICE_MAIL)
    (to,) = msg["To"].addresses
    assert (to.display_name, to.addr_spec) == ("財政課 鈴木 一郎", ZAISEI_MAIL)
    assert directory.get("財政課").text() == f"財政課 鈴木 一郎（電話 024-555-0123、{ZAISEI_MAIL}）"


def test_a_respondent_who_typed_the_honorific_is_greeted_once(plan, tmp_path):
    directory = typed_directory(plan, tmp_path)
    copy = tmp_path / "令和9年度_財政課_要修正.xlsx"
    copy.write_bytes(b"PK")
    draft = resubmit_draft(plan, 2027, "財政課", copy, directory=directory, resubmit_by=None, contact=None,
                           respondent={"person": "小野 様", "mail": "ono@city.nihonmatsu.lg.jp"}, errors=1,
                           warnings=0, source_name="財政課.xlsx")
    msg, body = parsed(draft)
    assert body.startswith("財政課\n小野 様\n")
    (to,) = msg["To"].addresses
    assert to.display_name == "財政課 小野"
