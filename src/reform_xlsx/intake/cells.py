"""A1 cell references and blank cells, without a spreadsheet library (the worker stays small)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

from reform_xlsx.messages import Msg

_A1 = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")
MAX_COLUMN, MAX_ROW = 16384, 1048576  # XFD, Excel's last column and row


def nfkc(text: str) -> str:
    """``text`` in Unicode NFKC (how every reader compares what was typed: 「１－３」 is 「1-3」). The last texts are
    remembered: a file's cells are looked at so several times (the header searches pass over the same cells, an ID
    is read twice, a text cell's checks each compare its NFKC), and every return of a form holds the same labels and
    notes; NFKC of a text with a full-width character takes ~20 µs. A long text is worked out each time (no giant
    is kept)."""
    return _recent_nfkc(text) if type(text) is str and len(text) <= _RECENT_TEXT else _nfkc(text)


# Characters NFKC keeps as they are and never joins to the character before them (none is the second of a composition
# nor a combining mark): printable ASCII, 、。「」, hiragana, katakana with ・ー, the CJK ideographs. NFKC of a text is
# NFKC of its pieces cut before each of these (Unicode's normalization boundaries), so only the pieces holding another
# character are normalized: a Japanese answer with one 「（」 is one short piece, not the whole text decomposed and
# composed again (~20 µs for 60 characters, ~5 µs so). A short text is normalized whole.
_STABLE = "\u0020-\u007e\u3001\u3002\u300c\u300d\u3041-\u3096\u30a1-\u30fc\u4e00-\u9fff"
_UNSTABLE_PIECE = re.compile(f"[{_STABLE}]?[^{_STABLE}]+")
_WHOLE = 32  # characters: a shorter text is normalized whole


def _nfkc(text: str) -> str:
    if type(text) is not str or len(text) < _WHOLE or unicodedata.is_normalized("NFKC", text):
        return unicodedata.normalize("NFKC", text)
    return _UNSTABLE_PIECE.sub(_normalized_piece, text)


def _normalized_piece(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


_RECENT_TEXT = 1024
_recent_nfkc = functools.lru_cache(maxsize=512)(_nfkc)


def column_number(letters: str) -> int:
    """``A`` → 1, ``XFD`` → 16384."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def column_letters(number: int) -> str:
    """1 → ``A``, 16384 → ``XFD``."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def a1(row: int, col: int) -> str:
    """0-based (row, col) → ``A1``."""
    return f"{column_letters(col + 1)}{row + 1}"


def row_col(ref: str) -> tuple[int, int] | None:
    """``A1`` → 0-based (row, col); None for what is not one cell's reference."""
    m = _A1.match(ref or "")
    return (int(m.group(2)) - 1, column_number(m.group(1)) - 1) if m else None


def is_a1(ref: str) -> bool:
    """A single cell inside Excel's grid (``A1`` … ``XFD1048576``)."""
    m = _A1.match(ref or "")
    return bool(m) and column_number(m.group(1)) <= MAX_COLUMN and 1 <= int(m.group(2)) <= MAX_ROW


def is_blank(value: object) -> bool:
    """A cell left empty: nothing, or only spaces (「　」 typed to clear it)."""
    return value is None or (isinstance(value, str) and not value.strip())


# What :func:`reform_xlsx.intake.workbook_reader.doubtful_cells` finds in a cell readers may read apart
DUPLICATED = "duplicated"  # the same cell twice (calamine and LibreOffice keep the last, Excel repairs the file)
AMBIGUOUS = "ambiguous"  # a cell's value written two ways, or so that calamine reads less than is shown


def report_doubtful(report: Callable[..., None], sheet: str, doubtful: dict[str, tuple[str, str]]) -> None:
    """F040 (at the first cell written twice, naming them all) and F041 (at each cell written ambiguously) for a sheet
    :func:`~reform_xlsx.intake.workbook_reader.doubtful_cells` found cells in (it was not read)."""
    twice = [cell for cell, (kind, _what) in doubtful.items() if kind == DUPLICATED]
    if twice:
        report(Msg.INTAKE_CELL_TWICE, sheet, twice[0], cells="、".join(twice))
    for cell, (kind, what) in doubtful.items():
        if kind != DUPLICATED:
            report(Msg.INTAKE_CELL_AMBIGUOUS, sheet, cell if is_a1(cell) else None,
                   detail=what if is_a1(cell) else f"{cell}: {what}")


def report_shown_otherwise(report: Callable[..., None], sheet: str, cell: str, value: object, code: str, shown: str,
                           how: str = "", **where: object) -> str | None:
    """F042 at ``cell``, whose format ``code`` shows ``shown`` ("" for nothing) instead of ``value``
    (:func:`~reform_xlsx.intake.workbook_reader.masked_cells`); F043 when a conditional format does (``how``
    ``"conditional"``, ``code`` what it does), F044 when the cell's font is the colour of its background (``"font"``,
    ``code`` the two colours: :func:`~reform_xlsx.intake.workbook_reader.unseen_cells`). Returns the value as typed
    (「2026/5/1」 for a date written as such), to keep as the answer's raw text. ``where``: the reporter's own place."""
    import datetime as dt

    from reform_xlsx.intake import normalise as norm

    raw = norm.raw_text(value)
    if isinstance(value, dt.date):  # a date written as such (t="d") shown as its day number: 「2026/5/1」
        raw = f"{value.year}/{value.month}/{value.day}"
    said = f"「{norm.quoted(shown)}」と表示されます" if shown.strip() else "何も表示されません"
    if how == "font":
        report(Msg.INTAKE_CELL_UNSEEN_COLOUR, sheet, cell, **where, colours=code, raw=norm.quoted(raw))
    elif how == "conditional":
        report(Msg.INTAKE_CELL_SHOWN_CONDITIONALLY, sheet, cell, **where, rule=code, shown=said, raw=norm.quoted(raw))
    else:
        report(Msg.INTAKE_CELL_SHOWN_OTHERWISE, sheet, cell, **where, format=norm.quoted(code), shown=said,
               raw=norm.quoted(raw))
    return raw
