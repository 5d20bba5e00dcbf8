"""回答一覧 and the 事務局用 「データ」: a column that does not wrap holds every word it is given on one line. 「推進室評価」
printed cut to 「推進室評」 in 区分 (8 wide) and シート (9 wide), 「意見への対応」 to 「意見への」 in シート, and 「金額（円）」
ran into the next cell in 値の種類 (9 wide): the cell beside is never empty, so a longer word is cut on paper."""

from __future__ import annotations

import pytest

from reform_xlsx.form import layout
from reform_xlsx.records import KIND_LABELS
from reform_xlsx.textwidth import text_units
from reform_xlsx.wareki import format_fiscal_year
from reform_xlsx.xlsx.answer_table import COLUMNS, GRADE, NUMBER, RATE, TEXT, YEN
from reform_xlsx.xlsx.sizing import line_capacity
from reform_xlsx.xlsx.style import fitted_scale

WORDS = {
    "year": (format_fiscal_year(2028), format_fiscal_year(2018)),  # 令和10年度, 平成30年度
    "kind": tuple(KIND_LABELS.values()),
    "value_kind": (RATE, YEN, NUMBER, GRADE, TEXT),
    "sheet": (layout.SHEET_ITEMS, layout.SHEET_KPI, layout.SHEET_RESPONSES, layout.SHEET_REVIEW),
}


@pytest.mark.parametrize(("key", "word"), [(key, word) for key, words in WORDS.items() for word in words])
def test_a_word_of_a_column_that_does_not_wrap_fits_it_on_one_line(key, word):
    column, = (c for c in COLUMNS if c.key == key)
    assert not column.wrap
    assert text_units(word) <= line_capacity(column.width)


def test_the_words_room_comes_from_the_texts_columns():
    """The table fitted to the page's width prints its 10 pt text at 9 pt or more (as before the words' columns
    grew: the texts' columns, which wrap, gave the room; the wider table printed at 8.0 pt in LibreOffice)."""
    assert 10 * fitted_scale(tuple(c.width for c in COLUMNS)) >= 9
