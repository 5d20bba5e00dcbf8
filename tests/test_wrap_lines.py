"""Notes written one line a row (the packet's KPI and section notes, legends): where the lines break.

A printed line must not begin with 「、」「。」「）」 …, end with 「（」「「」 …, or split a number or a
word; joined again, the lines are the text; no line is wider than the span. Each rule has a case
below that fails without it (checked by removing the rules one at a time).
"""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reform_xlsx.textwidth import text_units
from reform_xlsx.xlsx.sizing import NO_LINE_END, NO_LINE_START, line_capacity, wrap_lines

# width 10 at 10 pt: line_capacity 10 half-width units, 9 after the 4 % slack (4 full-width characters)
WIDTH = 10


def capacity(width=WIDTH, font_size=10):
    return max(2, int(line_capacity(width, font_size) / 1.04))


def test_the_capacity_these_cases_assume():
    assert capacity() == 9


@pytest.mark.parametrize("text, lines", [
    ("あいうえおかきくけこ", ["あいうえ", "おかきく", "けこ"]),  # no rule involved: as many as fit
    ("あいうえ。かきくけ", ["あいう", "え。かき", "くけ"]),  # 「。」 never starts a line: 「え」 goes with it
    ("あいうえ、、かきく", ["あいう", "え、、か", "きく"]),  # two in a row: both follow 「え」
    ("あいう（かきくけ）", ["あいう", "（かきく", "け）"]),  # 「（」 never ends a line
    ("あいうえ」。かきく", ["あいう", "え」。か", "きく"]),
    ("あいうえっとかきく", ["あいう", "えっとか", "きく"]),  # small kana
    ("あいうえーかきくけ", ["あいう", "えーかき", "くけ"]),  # long vowel mark
    ("あいう25℃です", ["あいう", "25℃です"]),  # a unit sign stays with its number
    ("あい 33.3% です", ["あい ", "33.3% で", "す"]),  # a number stays whole; the space ends the line
    ("あいう 1,234 円", ["あいう ", "1,234 円"]),
    ("あいう 2024-2026", ["あいう ", "2024-2026"]),  # a hyphen between digits is no minus to start a line
    ("あいうKPI-01", ["あいう", "KPI-01"]),
    ("あいうえ -12 円", ["あいうえ ", "-12 円"]),  # a sign stays with its number
    ("あいうえ-12円", ["あいうえ", "-12円"]),
    ("あいう▲12.5%", ["あいう", "▲12.5%"]),  # 「▲」 is this tool's minus
    ("あいうえ　かきくけ", ["あいうえ　", "かきくけ"]),  # a full-width space ends a line too
    ("あいう（\u3000かきく", ["あいう", "（\u3000かき", "く"]),  # the rules look past the space
    ("abc def ghi jk", ["abc def ", "ghi jk"]),  # words break at spaces
    ("あ abcdefgh", ["あ ", "abcdefgh"]),  # a short line rather than a split word
    ("abcdefghijklmnopqrstuvwxyz", ["abcdefghi", "jklmnopqr", "stuvwxyz"]),  # a word longer than a line
    ("あいうえお\nかきくけ。こ", ["あいうえ", "お", "かきく", "け。こ"]),  # paragraphs break on their own
    ("あい\r\nうえ\rお", ["あい", "うえ", "お"]),  # Windows and old Mac line ends too
    ("", [""]),
])
def test_line_breaks(text, lines):
    assert wrap_lines(text, WIDTH) == lines


@pytest.mark.parametrize("text, width, first", [
    # a long line ends a few characters early where a word more likely ends (「意見は／二本松市」, not 「二／本松市」)
    ("公表用の推進委員会意見は二本松市行政改革推進委員会の意見です。本部会議の意見は二本松市市政改革推進本部会議での意見を"
     "記録したものです。この資料は二本松市市政改革推進本部会議の資料です。", 134, "…この資料は"),  # not 「は二本」
    ("公表用の推進委員会意見は二本松市行政改革推進委員会の意見です。本部会議の意見は二本松市市政改革推進本部会議での意見を"
     "記録したものです。この資料は二本松市市政改革推進本部会議の資料です。", 110, "…での意見を"),  # not 「記録し」
    ("あいうえおかきくけこさしすせそ、たちつてとなにぬねの" * 6, 100, None),  # no softer place near: as many as fit
    ("推進委員会の意見（要旨）　市民の利便性向上の観点から" * 4, 22, None),  # never a line that starts with a space
])
def test_a_long_line_ends_at_a_softer_place_nearby(text, width, first):
    lines = wrap_lines(text, width, 9)
    assert "".join(lines) == text and not any(line[:1] in " \u3000" for line in lines)
    if first is not None:
        assert lines[0].endswith(first.lstrip("…"))
    else:
        assert len(lines[0]) >= len(wrap_lines(text.replace("、", "あ"), width, 9)[0]) - 6


def test_what_moves_down_is_broken_again_when_it_does_not_fit_either():
    """Two half-width characters a line (width 3): 「1」 moves down with 「、」, which then needs a line of its own."""
    assert capacity(3) == 2
    assert wrap_lines(".1、", 3) == [".", "1", "、"]


def test_a_run_of_punctuation_longer_than_a_line_is_broken_anyway():
    """No place in the line is allowed: the rules give way, the line is full."""
    lines = wrap_lines("あ。。。。。。。。。。。。", WIDTH)
    assert "".join(lines) == "あ。。。。。。。。。。。。"
    assert all(text_units(line) <= capacity() for line in lines)
    assert len(lines) == 4


SPACES = " \u3000"


def _checked(text: str, width: float, font_size: float) -> None:
    lines = wrap_lines(text, width, font_size)
    room = capacity(width, font_size)
    assert "".join(lines) == text
    for n, line in enumerate(lines):
        assert text_units(line.rstrip(SPACES)) <= room, (line, room)
        if n + 1 < len(lines) and lines[n + 1] and "\n" not in text:
            following = lines[n + 1]
            assert following[0] not in " \u3000"
            half = text_units(line.rstrip(SPACES)) * 2 >= room
            if half:  # the rules were kept (or would have emptied the line below half)
                kept = following[0] not in NO_LINE_START and line.rstrip(SPACES)[-1:] not in NO_LINE_END
                forced = text_units(line) + text_units(following[0]) > room
                assert kept or forced, (line, following)


ALPHABET = "あいうえおかきくけこ改革推進計画。、（）「」ー・っ0123456789.,% abcXYZ-　"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=120), st.sampled_from([3, 6, 10, 25, 60]), st.sampled_from([9, 10]))
def test_any_text_joins_again_and_fits(text, width, font_size):
    _checked(text, width, font_size)


JAPANESE = "あいうえおかきくけこ改革推進計画。、（）「」ー・っ！"


def _legal(before: str, after: str) -> bool:
    """The rules, said again plainly for text without spaces, digits or Latin letters."""
    return after not in NO_LINE_START and before not in NO_LINE_END


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=JAPANESE, max_size=120), st.sampled_from([8, 12, 25, 60]))
def test_a_rule_gives_way_only_where_the_line_has_no_allowed_place(text, width):
    lines = wrap_lines(text, width)
    assert "".join(lines) == text
    for line, following in zip(lines, lines[1:]):
        if not _legal(line[-1], following[0]):
            assert not [q for q in range(1, len(line)) if _legal(line[q - 1], line[q])], (line, following)


def test_the_packet_notes():
    """The notes the packet prints (KPI 判定 rule, 担当課別) at the widths they are printed."""
    notes = [
        "進捗率 = (実績値 − 基準値) ÷ (目標値 − 基準値)。期待進捗 e = 33.3%。判定: 進捗率 ≧ 100% で達成、≧ e × 1 で順調、"
        "≧ e × 0.8 で概ね順調、それ以外は遅れ、実績値がなければ未報告。",
        "年度目標値の「参考（按分）」は、計画に年度ごとの目標がないため、基準値から目標値までを年数で按分した参考の値です"
        "（計画の目標ではありません）。表示は指標の単位に丸めています。",
        "進捗状況は各課が担当する改革項目の回答数、KPI は各課が報告する指標の数です。未提出・差し戻しの課は回答が集計に入って"
        "いないため、件数を「－」で示します（未回答の数は示します）。",
    ]
    rng = random.Random(3)
    for note in notes:
        for width in [rng.uniform(40, 160) for _ in range(40)]:
            lines = wrap_lines(note, width, font_size=9)
            assert "".join(lines) == note
            assert max(text_units(line.rstrip(SPACES)) for line in lines) <= capacity(width, 9)
            assert not [line for line in lines[1:] if line[0] in NO_LINE_START or line[0] in " \u3000"]
            assert not [line for line in lines[:-1] if line.rstrip(SPACES)[-1] in NO_LINE_END]


@pytest.mark.parametrize("length, width, cut", [
    (100, 40, False),  # a short answer: whole
    (600, 40, False),  # tall, but within one row (38 lines of 20 characters)
    (3000, 40, True),
    (3000, 200, False),  # a wide column holds it
    (32767, 30, True),
])
def test_an_answer_fits_the_tallest_row_or_says_it_was_cut(length, width, cut):
    from reform_xlsx.xlsx.sizing import LINE_HEIGHT, MAX_ROW_HEIGHT, ROW_PADDING, fit_row, line_count

    def fits(text: str) -> bool:
        return line_count(text, width) * LINE_HEIGHT + 2 * ROW_PADDING <= MAX_ROW_HEIGHT

    text = ("境界の確定と鑑定評価を進め、公募の条件を整理した。" * 2000)[:length]
    shown = fit_row(text, width)
    assert (shown != text) is cut and fits(shown)
    if cut:
        kept, marker = shown.split("…（以下略、")
        assert text.startswith(kept) and marker == f"全 {length:,} 字）"
        assert not fits(text[:len(kept) + 30] + "…（以下略、" + marker)  # as much as fits is kept


@pytest.mark.parametrize(("width", "characters"), [
    (40, 600),   # 意見への対応
    (30, 450),   # 取組実績, first year
    (27, 400),   # 取組実績 beside last year's columns
    (26, 350),   # narrowed by a plan's long grade labels (Calc, typing 400, printed 387)
    (24, 350),   # 課題・今後の方針, first year
    (21.7, 300),  # 課題・今後の方針 beside last year's columns
    (3, 50),     # never less than 50
])
def test_print_capacity(width, characters):
    """What a text cell's prompt says prints whole: a row is at most 409 pt and never splits across pages."""
    from reform_xlsx.xlsx.sizing import print_capacity

    assert print_capacity(width) == characters


@pytest.mark.parametrize("text", ["あ" + " " * 3000 + "、", "あ" + "　" * 3000 + "」い", ("か" + " " * 300 + "。") * 10])
def test_a_run_of_spaces_is_judged_once_not_once_a_space(text, monkeypatch):
    """Where a line may end inside a run of spaces depends only on what stands on either side of the run: each place is
    judged once a run. Judged once a space (each judgement itself crossing the run), a note with a long run of spaces
    before a 「、」 grew with the square of the run (8,000 spaces took 5 s)."""
    from reform_xlsx.xlsx import sizing

    calls = []
    judge = sizing._may_break
    monkeypatch.setattr(sizing, "_may_break", lambda p, k: calls.append(k) or judge(p, k))
    lines = wrap_lines(text, WIDTH)
    assert "".join(lines).replace(" ", "").replace("　", "") == text.replace(" ", "").replace("　", "")
    assert len(calls) < 100


@pytest.mark.parametrize(("text", "units", "lines"), [
    ("実施（取組開始）", 12, "実施\n（取組開始）"),
    ("計画どおり・概ね計画どおり", 14, "計画どおり・\n概ね計画どおり"),
    ("あいうえおかきくけこ", 8, "あいうえ\nおかきく\nけこ"),
    ("（計画の見直し）", 12, "（計画の見直\nし）"),
    ("  短い  ", 10, "短い"),
])
def test_header_lines(text, units, lines):
    from reform_xlsx.xlsx.sizing import header_lines

    assert header_lines(text, units) == lines


@pytest.mark.parametrize("text", ["あ・" * 10000, "あ" * 20000, "あ" + " " * 20000 + "い・う" * 100])
def test_a_long_header_is_measured_once_a_character(text, monkeypatch):
    """A plan's 進捗状況 label of 20,000 characters: each line measured from running sums. Measuring the rest of the text
    again for each place in each line took minutes (the cube of its length), and a label of more than 1,000 lines
    ended in a RecursionError."""
    from reform_xlsx.xlsx import sizing

    measured = []
    units = sizing.text_units
    monkeypatch.setattr(sizing, "text_units", lambda s: measured.append(len(s)) or units(s))
    lines = sizing.header_lines(text, 10).split("\n")
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(units(line) <= 10 for line in lines)
    assert sum(measured) <= 2 * len(text)
