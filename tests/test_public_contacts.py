"""公表用 publishes what the sections wrote as they wrote it — and a section writes 「詳細は担当 佐藤（内線2101）まで」 or
its e-mail address into 取組実績. 公表用 leaves out the 回答者欄, but the same name, address or number inside a
published text went onto the city's website unseen. R008 tells the office before it publishes (the text stays)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reform_xlsx.report import public
from reform_xlsx.report.public import contact_details
from reform_xlsx.report.writer import write_reports
from report_sample import _row, sample_answers, sample_status

PERSON = "佐藤 一郎"


def _planted(plan) -> pd.DataFrame:
    answers = sample_answers(plan)
    first, second, third = plan.items[0], plan.items[1], plan.items[2]

    def text(item, field, value, cell):  # a section's published text, at its own cell
        at = answers["kind"].eq("item") & answers["id"].eq(item.id) & answers["field"].eq(field) \
            & answers["section"].eq(item.sections[0])
        assert at.any()
        answers.loc[at, ["value", "raw", "cell"]] = [value, value, cell]

    text(first, "result", "窓口の案内を強化した。詳細は担当の佐藤一郎（内線2101）まで。", "G5")
    text(second, "plan_next", "問い合わせは sato@city.example.jp または ０２４３－５５－１２３４ へ。", "H6")
    text(third, "result", "1-1-1 の手続を令和8年度に 12,500円 削減した（2026-2030 の計画）。", "G7")  # nothing personal
    rows = []
    review = {**_row(2026, third.sections[0], "review", third.id, "committee_opinion",
                     "委員会の連絡先 iinkai@city.example.jp に意見を寄せた。"), "sheet": "推進室評価", "cell": "K9"}
    office_only = {**_row(2026, third.sections[0], "review", third.id, "office_comment",
                          "佐藤一郎さんに 0243-55-9999 で確認済み。"), "sheet": "推進室評価", "cell": "L9"}
    return pd.concat([answers, pd.DataFrame([*rows, review, office_only])], ignore_index=True)


def _status(plan) -> pd.DataFrame:
    """The ledger keeps each section's 回答者欄 on its submission: the status's ``respondent``."""
    status = sample_status(plan)
    status["respondent"] = [{"person": PERSON, "extension": "2101", "mail": "sato@city.example.jp", "head": "確認済"}
                            if s == plan.items[0].sections[0] else {} for s in status["section"]]
    return status


@pytest.fixture(scope="module")
def written(plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("contacts")
    return write_reports(plan, 2026, _planted(plan), _status(plan), out, public=True,
                         created=dt.datetime(2026, 5, 1, 10, 0))


def test_a_name_a_mail_address_or_a_phone_number_in_a_published_text_is_r008_at_its_cell(plan, written):
    found = [p for p in written.problems if p.code == "R008"]
    where = sorted((p.row_id, p.column, p.cell) for p in found)
    first, second, third = plan.items[0], plan.items[1], plan.items[2]
    assert where == sorted([(first.id, "result", "G5"), (second.id, "plan_next", "H6"),
                            (third.id, "committee_opinion", "K9")])
    by_cell = {p.cell: p for p in found}
    assert "名前「佐藤 一郎」" in by_cell["G5"].message and "内線番号「内線2101」" in by_cell["G5"].message
    assert first.sections[0] in by_cell["G5"].message and "取組実績" in by_cell["G5"].message
    assert "sato@city.example.jp" in by_cell["H6"].message and "0243-55-1234" in by_cell["H6"].message
    assert "課題・今後の方針" in by_cell["H6"].message
    assert by_cell["G5"].file == f"令和8年度_市政改革取組状況調査票_{first.sections[0]}.xlsx"
    # the text is published as written: the office decides
    csv_text = written.public_csv[0].read_text(encoding="utf-8-sig")
    assert "佐藤一郎（内線2101）" in csv_text


def test_without_public_there_is_nothing_to_warn_of(plan, tmp_path):
    result = write_reports(plan, 2026, _planted(plan), _status(plan), tmp_path,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    assert [p for p in result.problems if p.code == "R008"] == []


@pytest.mark.parametrize(("text", "names", "expected"), [
    ("詳細は佐藤一郎まで", ("佐藤 一郎",), ["名前「佐藤 一郎」"]),
    ("詳細は佐藤　一郎まで", ("佐藤一郎",), ["名前「佐藤一郎」"]),
    # a name typed on two lines (Alt+Enter) or with a tab is quoted on one line, as the screen's tables show it: the
    # message was cut in two on the screen and in 受付結果
    ("詳細は佐藤一郎まで", ("佐藤\n一郎",), ["名前「佐藤 一郎」"]),
    ("詳細は佐藤一郎まで", ("佐藤\r\n\t一郎",), ["名前「佐藤 一郎」"]),
    ("詳細は佐藤一郎まで", ("佐藤　一郎",), ["名前「佐藤　一郎」"]),  # (a full-width space as typed)
    ("担当: 内線 2101", (), ["内線番号「内線 2101」"]),
    ("ｓａｔｏ＠ｃｉｔｙ．ｅｘａｍｐｌｅ．ｊｐ へ", (), ["メールアドレス「sato@city.example.jp」"]),
    ("電話 0243-55-1234", (), ["電話番号「0243-55-1234」"]),
    ("電話 (0243)55-1234", (), ["電話番号「(0243)55-1234」"]),
    ("電話 09012345678", (), ["電話番号「09012345678」"]),
    ("項目 1-1-1 と 2-2-10、2026-2030年度、12,500円、0.5%、令和8年4月1日", ("佐藤 一郎",), []),
    ("確認済", ("確認済",), []),  # a 所属長確認 of 「確認済」 is no name
    ("", ("佐藤 一郎",), []),
])
def test_what_counts_as_a_contact_detail(text, names, expected):
    assert contact_details(text, names) == expected


@pytest.mark.parametrize(("text", "names", "expected"), [
    # a 所属長確認 written as the post, not the name (the form asks the name; 「課長」 is what a hurried section types):
    # every published text with 「課長」 in it was said to name someone
    ("各課長に周知し、課長会議で共有した。", ("課長",), []),
    ("部長級の会議で報告した。", ("部長",), []),
    ("変更なし。引き続き実施する。", ("なし",), []),  # a 回答者欄 answered 「なし」
    ("内容を確認しました。", ("確認しました",), []),
    ("佐藤課長が説明した。", ("佐藤課長",), ["名前「佐藤課長」"]),  # a name with the post is a name
    ("長田さんが説明した。", ("長田",), ["名前「長田」"]),
    # a free dial or a navigation dial is a public service's line, never a person's
    ("専用ダイヤル（0120-123-456）と 0570-000-123、0800-123-4567 を開設した。", (), []),
    ("専用ダイヤル 0120-123-456、担当 0243-55-1234", (), ["電話番号「0243-55-1234」"]),
])
def test_a_post_a_mark_or_a_service_line_is_no_persons_contact(text, names, expected):
    assert contact_details(text, names) == expected


@pytest.mark.parametrize(("text", "names", "expected"), [
    ("市民課長が窓口で説明した。", ("市民課長",), []),  # the section's chief: a post
    ("市民の利便性が向上した。", ("市民",), []),  # the section's name without its 課: no one's name
    ("市民課の窓口で説明した。", ("市民課",), []),
    ("詳細は市民課佐藤まで", ("市民課 佐藤",), ["名前「市民課 佐藤」"]),
])
def test_a_section_written_as_the_respondent_names_no_one(text, names, expected):
    assert contact_details(text, names, sections=("市民課", "財政課")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a zero-padded number of another city's plan (「01-02-003」) is no telephone number: one has 10 digits (11 a mobile's)
    ("事業番号 01-02-003 と 01-01-0001 を実施した。", []),
    ("電話 03-5555-1234、携帯 090-1234-5678", ["電話番号「03-5555-1234」", "電話番号「090-1234-5678」"]),
])
def test_a_telephone_number_has_a_telephone_numbers_digits(text, expected):
    assert contact_details(text) == expected


def test_names_are_judged_and_made_bare_once_not_once_per_text(plan, tmp_path, monkeypatch):
    """R008 judged and made bare every 回答者欄 name again for every published text, and each judgement made every
    section of the plan bare (texts × names × sections: at 1,000 sections, ``report --public`` did not end). Now once a
    section, once or twice a name and once a text. Counted, never timed."""
    from reform_xlsx.report import public

    calls = {"bare": 0, "texts": 0}
    bare, details = public._bare, public.contact_details

    def counted_bare(text):
        calls["bare"] += 1
        return bare(text)

    def counted_details(text, names=(), sections=()):
        calls["texts"] += 1
        return details(text, names, sections)

    monkeypatch.setattr(public, "_bare", counted_bare)
    monkeypatch.setattr(public, "contact_details", counted_details)
    status = _status(plan)
    status["respondent"] = [{"person": f"担当 {n:03d}", "head": f"課長 {n:03d}"} for n in range(len(status))]
    result = write_reports(plan, 2026, _planted(plan), status, tmp_path, public=True,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    names, sections = 2 * len(status), len(plan.sections)
    assert calls["texts"] > 50 and names > 10  # many texts, many names: the product would show
    assert calls["bare"] <= calls["texts"] + 2 * names + sections
    assert [p for p in result.problems if p.code == "R008"]  # and the planted details are still found


@pytest.mark.parametrize(("pattern", "text", "inside"), [
    (public._MAIL, "yamada.taro@city.example.jp", 3),
    (public._MAIL, "a" * 200 + "@city.example.jp", 100),
    (public._EXTENSION, "内線 ：2101", None),
])
def test_an_address_is_taken_from_where_it_starts(pattern, text, inside):
    """R008's search takes an e-mail address from its first character, never from one inside it (tried from every letter,
    a text of 30,000 letters took seconds: the whole 公表用 waited on one answer), and the spaces after 「内線」 one way."""
    assert pattern.search(text).start() == 0 and pattern.search(text).end() == len(text)
    if inside is not None:
        assert pattern.search(text, inside) is None


@pytest.mark.parametrize("text", ["a" * 30000, "内線" + " " * 30000, "内線" + " " * 30000 + "12"])
def test_a_long_text_without_an_address_names_none(text):
    expected = ["内線番号「内線" + " " * 30000 + "12」"] if text.endswith("12") else []
    assert public.contact_details(text) == expected
