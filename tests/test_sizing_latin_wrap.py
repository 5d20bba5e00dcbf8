"""Row heights of text holding Latin words, numbers and URLs: LibreOffice keeps such a run whole between its break
places and moves it to the next line, so a line holds fewer characters than the estimate allows. ``line_count``
counts such a paragraph as the wrap by LibreOffice's rules gives (the lines expected are what LibreOffice 7.4
printed in a cell of that width); a Japanese paragraph costs and counts what it did."""

import datetime as dt

import pytest

from pdf_measure import find_clipped
from reform_xlsx.report.model import SHEET_ITEMS
from reform_xlsx.report.writer import write_reports
from reform_xlsx.textwidth import text_units
from reform_xlsx.xlsx import sizing
from reform_xlsx.xlsx.sizing import line_count, units_lines
from report_sample import sample_answers, sample_status

URL = "https://www.city.example.lg.jp/soshiki/dx/online-application/index.html"
SPACES_THEN_URL = "e-Tax市民の行政手続に係る負担軽減のため、   http://example.jp/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p"


@pytest.mark.parametrize("text, width, printed", [
    # LibreOffice: 「https://」「www.city.exam」「ple.lg.jp/」「soshiki/dx/」「online-」「application/」「index.html?」 …
    (URL + "?id=123&lang=ja#section-2_a~b", 13, 10),
    (URL + "?id=123&lang=ja#section-2_a~b", 20, 7),
    ("詳細は" + URL + "を参照。", 17, 7),  # 「詳細はhttps://」「www.city.example.」「lg.jp/soshiki/」 …
    ("Business Process Re-engineering (BPR) and Robotic Process Automation", 13, 7),  # words kept whole
    ("財政効果額は▲12,500,000円（前年度比）であり、" * 2, 13, 8),  # 「▲12,500,000」 on a line of its own
    # after 「/」 only when the line is not full to its edge: 「aaaa/」「bbbb/」, not 「aaaa/bbbb/」; never at 「.」「_」「=」
    ("aaaa/bbbb/cccc/dddd/eeee/ffff.gggg.hhhh.iiii-jjjj-kkkk_llll_mmmm=nnnn&oooo?pppp:qqqq;rrrr,ssss", 10, 13),
    ("ｈｔｔｐｓ：／／ｗｗｗ．ｃｉｔｙ．ｅｘａｍｐｌｅ．ｌｇ．ｊｐ／ｓｏｓｈｉｋｉ／", 13, 7),  # full-width: the estimate
    # beside a run: full-width letters and digits break as kanji do (「ＲＰ」「Ａの」), not kept whole
    ("ｈｔｔｐｓ：／／ｗｗｗ．ｃｉｔｙ．ｅｘａｍｐｌｅ．ｌｇ．ｊｐ／ｓｏｓｈｉｋｉ／（1,234件）", 13, 8),
    ("ＲＰＡの導入により、年間約２，４００時間の事務処理時間を削減した（回答数1,234件）。", 13, 7),
    ("ＲＰＡの導入により、年間約２，４００時間の事務処理時間を削減した（回答数1,234件）。", 20, 5),
    ("利用者アンケート（回答数1,234件）で満足度は87.5%となった。窓口での「書かない」受付を試行し、"
     "利用者アンケート（回答数1,234件）で満足度は87.5%となった。", 33, 5),
    # no break between 「。」 and a word: 「…上昇し」「た。Business Process Re-engineering」「(BPR) a」
    ("ｺﾝﾋﾞﾆ交付ｻｰﾋﾞｽの利用率は上昇した。Business Process Re-engineering (BPR) a", 39, 3),
    # a URL after a space: the line ends at the space, the URL is cut at the edge (「Robotic Process」
    # 「Automationhttps://www.city.exa」「mple.lg.jp/soshiki/dx/online-」); after 「Re-」 all the same
    ("Business Process Re-engineering (BPR) and Robotic Process Automation" + URL, 30, 6),
    ("Business Process Re-engineering (BPR) and Robotic Process Automation" + URL, 41, 4),
    # after 「・」 a run may begin a line: 「…uvwxyz・」「abcdefghijklm…」
    ("Business Process Re-engineering (BPR) and Robotic Process Automation" + "abcdefghijklmnopqrstuvwxyz" * 2 + "・"
     + "abcdefghijklmnopqrstuvwxyz" * 2 + "Business Process Re-enginee", 39, 7),
    # a path breaks after 「\\」 as after 「/」 (「C:\\」「Users\\」「yamada\\」「Document」「s\\」「reform\\」「2026\\」…), and after 「/」
    # before a digit unless a digit stands before it: 「gyokaku/」「2026/」, but 「2024/03/15/000123456.html」 whole
    ("C:\\Users\\yamada\\Documents\\reform\\2026\\plan_v3.xlsx", 8, 9),
    ("\\\\fileserver01\\共有\\行政改革\\2026\\回答.xlsx", 10, 6),  # 「\\\\」「fileserver」「01\\共有\\行」…
    ("/mnt/share/gyokaku/2026/kaitou_final_v2.xlsx", 13, 5),
    ("https://docs.google.com/spreadsheets/d/1A2b3C4d5E6f7G8h9I0jKlMnOpQrStUvWxYz/edit#gid=0", 13, 9),
    ("詳細はwww.city.example.lg.jp/kurashi/2024/03/15/000123456.htmlを参照。", 26, 5),
    # a full-width space does not stand past the edge: 「…受付を試行」「し、87.5%を参照。」「jouhou_seisaku_ka@city.example」
    # 「.lg.jp（前年度比）であり、」「dx-」「suishin@city.example.lg.jp年間」「約２，４００時間の・ｆｉｌ」…
    ("窓口での「書かない」受付を試行し、87.5%を参照。\u3000jouhou_seisaku_ka@city.example.lg.jp   （前年度比）であり、"
     "\u3000dx-suishin@city.example.lg.jp年間約２，４００時間の\u3000・\u3000ｆｉｌｅｓｅｒｖｅｒ／共有／ｄｘ／回答．ｘｌｓｘ R6.4.1・※",
     30, 9),
    # …nor begins a line where a place before it may end one: 「…reform\\2026\\」「plan_v3.xlsx　SaaSNo.12 …」
    ("保存場所はC:\\Users\\yamada\\Documents\\reform\\2026\\plan_v3.xlsx\u3000SaaSNo.12 BusinessR6.4.1 オンライン化を念頭に"
     "置きつつ 市民の行政手続に係る負担軽減のため、  Automationｆｉｌｅｓｅｒｖｅｒ／共有／ｄｘ／回答．ｘｌｓｘ-1,234.56\u3000を参照。"
     "\u3000▲1,234,567https://www.city.example.lg.jp/soshiki/dx/online-application/index.html", 60, 7),
    # a space takes its room at a line's end too, and a line never ends before it: the spaces that do not fit make a
    # line of their own when a URL follows (「…負担軽減のため、」「 」「http://example.jp/a/…/k/l」「/m/n/o/p」, 改革項目一覧)
    (SPACES_THEN_URL, 41.7109375, 4),
    # 「a_very_long_folder_name_without_spaces\\file.xlsx」 fills the line: it ends before 「file」, not at the space
    ("www.city.example.lg.jp/kurashi/2024/03/15/000123456.html\\\\fs01\\share\\dx\\a_very_long_folder_name_without_"
     "spaces\\file.xlsx\\\\fs01\\share\\dx\\a_very_long_folder_name_without_spaces\\file.xlsx \\\\fileserver01\\共有\\"
     "行政改革\\2026\\回答.xlsx オンライン化を念頭に置きつつ\u3000\\\\fs01\\share\\dx\\a_very_long_folder_name_without_"
     "spaces\\file.xlsx", 48.7109375, 9),
])
def test_latin_words_numbers_and_urls_are_counted_as_libreoffice_wraps_them(text, width, printed):
    assert line_count(text, width) == printed


@pytest.mark.parametrize("text, width", [
    ("市民の行政手続に係る負担軽減のため、オンライン化を念頭に置きつつ手続方法の見直しを進めた。" * 5, 33),
    ("窓口での「書かない」受付を試行し、満足度は８７．５％となった。\n支所・出張所への展開は令和9年度以降とする。", 20),
    ("ＲＰＡの導入により、年間約２，４００時間の事務処理時間を削減した。ＤＸ推進計画に基づく。", 41),
    ("KPI", 8),  # a run of three: the estimate
])
def test_a_japanese_text_counts_and_costs_what_it_did(monkeypatch, text, width):
    estimate = units_lines([text_units(p) for p in text.split("\n")], width)

    def no_wrap(*args, **kwargs):
        raise AssertionError("a Japanese paragraph is not wrapped")

    monkeypatch.setattr(sizing, "_wrap", no_wrap, raising=False)
    assert line_count(text, width) == estimate
    assert sizing._lines(text, width, 10) == estimate


def test_a_text_with_latin_runs_is_never_counted_fewer_lines_than_the_estimate():
    text = "効果検証の結果は次回の本部会議で報告する予定である。" * 3 + "abcd"
    assert line_count(text, 20) >= units_lines([text_units(text)], 20)


MIXED = ("窓口での「書かない」受付を試行し、Business Process Re-engineering (BPR) and Robotic Process Automation を"
         "進めた。詳細は " + URL + " を参照。財政効果額は▲12,500,000円（前年度比）であり、"
         "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz の検証は " + URL + "?id=123&lang=ja で公開する。")


def test_a_mixed_answer_prints_whole_in_its_row(soffice, plan, tmp_path):
    """An answer of Japanese, English words, URLs and big numbers prints whole in 改革項目一覧: its row is as tall as
    LibreOffice's lines of it (the estimate alone left its last lines below the row, cut on paper)."""
    answers = sample_answers(plan, (2026,))
    texts = [MIXED, MIXED * 2, MIXED[40:] + MIXED, (MIXED + "\n") * 3]
    for at, text in zip(answers.index[answers["field"].isin(["result", "plan_next"])], texts):
        answers.loc[at, ["value", "raw"]] = text
    result = write_reports(plan, 2026, answers, sample_status(plan, (2026,)), tmp_path, pdf=True,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    assert find_clipped(result.pdf, result.workbook, sheets=[SHEET_ITEMS]) == []


@pytest.mark.parametrize("text, width, printed", [
    ("a\tb\tc\td\t" * 20, 13, 27),  # 「abcd」「abc」「dab」…: each tab took up to four characters' room
    ("a\tb\tc\td\t" * 20, 26, 14),
    ("あ\t" * 60, 13, 20),  # no Latin run: the estimate, its tabs counted so (「あああ」「あああ」…)
])
def test_a_tab_takes_the_room_libreoffice_gives_it(text, width, printed):
    """A tab pasted into an answer (a table copied from a web page or Word) takes LibreOffice up to four half-width
    characters' room in a wrapped cell, not one: counted as one, 「a」「タブ」「b」「タブ」… printed 27 lines in a row sized for 14,
    cut at its bottom. The count is never fewer than LibreOffice's lines (a tab's room depends on where it stands)."""
    assert line_count(text, width) >= printed


# paths on the office's share in an answer, as LibreOffice printed them in a cell 48.7 wide: 4, 4 and 8 lines
PATHS = ["\\\\fs01\\share\\dx\\a_very_long_folder_name_without_spaces\\file.xlsx\u3000▲１２，５００千円 手続方法の見直しを"
         "進めた。\u3000詳細は 87.5%",
         "\\\\fileserver01\\共有\\行政改革\\2026\\回答.xlsx \\\\fs01\\share\\dx\\a_very_long_folder_name_without_spaces\\"
         "file.xlsx\u3000担当：",
         "\\\\fs01\\share\\dx\\a_very_long_folder_name_without_spaces\\file.xlsx\u3000\\\\fileserver01\\共有\\行政改革\\2026\\"
         "回答.xlsx\u3000問合せ先  http://example.jp/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p（前年度比）であり、"
         "https://www.city.example.lg.jp/soshiki/dx/index.html?id=123&lang=ja#section-2"]


@pytest.mark.parametrize("text, printed", list(zip(PATHS, (4, 4, 8))))
def test_a_path_is_counted_as_libreoffice_wraps_it(text, printed):
    """「\\」 ends a line as 「/」 does, even in a path after a space (「…xlsx\\\\」「fs01\\share\\dx\\」)."""
    assert line_count(text, 48.7109375) == printed


def test_paths_print_whole_in_their_rows(soffice, plan, tmp_path):
    """Answers naming files on the office's share (「\\\\fileserver01\\共有\\…」) print whole in 改革項目一覧 (counted
    with a break only after 「/」, their last line was cut)."""
    answers = sample_answers(plan, (2026,))
    results = answers.index[answers["field"] == "result"]
    for n, at in enumerate(results):
        answers.loc[at, ["value", "raw"]] = PATHS[n % len(PATHS)]
    answers.loc[answers["field"] == "plan_next", ["value", "raw"]] = "継続する。"
    result = write_reports(plan, 2026, answers, sample_status(plan, (2026,)), tmp_path, pdf=True,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    assert find_clipped(result.pdf, result.workbook, sheets=[SHEET_ITEMS]) == []


def test_spaces_before_a_url_print_whole_in_their_row(soffice, plan, tmp_path):
    """課題・今後の方針 of spaces then a URL (a stress packet's): LibreOffice printed the spaces that did not fit on a line
    of their own, and the URL's last line below a row sized for three lines."""
    answers = sample_answers(plan, (2026,))
    answers.loc[answers["field"] == "result", ["value", "raw"]] = "手続を見直した。"
    answers.loc[answers["field"] == "plan_next", ["value", "raw"]] = SPACES_THEN_URL
    result = write_reports(plan, 2026, answers, sample_status(plan, (2026,)), tmp_path, pdf=True,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    assert find_clipped(result.pdf, result.workbook, sheets=[SHEET_ITEMS]) == []
