"""Read the cells of a returned workbook — in a worker process (see :mod:`.worker`).

python-calamine reads the cell values (fast, Rust), but only after the sheet's real used
range has been measured from its XML (the cells actually present, not the ``<dimension>`` a
file declares: calamine sizes its range by the cells, and a false declaration harms nothing).
What calamine cannot tell — that an input cell holds a formula (it gives the cached value, or
nothing), or an error value (it gives an empty string), or a text longer than Excel's 32,767
characters (it cuts it) — is read from the sheet XML with defusedxml, only for sheets that
contain any. The result is plain data (lists, dicts, str, float, dates) that pickles.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import posixpath
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from xml.parsers.expat import ExpatError

from defusedxml import ElementTree
from python_calamine import CalamineError, CalamineWorkbook

from reform_xlsx.form.layout import REFERENCE_MARK
from reform_xlsx.intake import parts
from reform_xlsx.intake.cells import AMBIGUOUS, DUPLICATED, a1, column_number, is_a1, is_blank, row_col
from reform_xlsx.intake.date_format import BUILTIN_ERA_FORMATS, is_era_format
from reform_xlsx.intake.normalise import (
    DAY_ZERO,
    DAY_ZERO_1904,
    EXCEL_MAX_TEXT,
    excel_length,
    number_text,
    quoted,
    raw_text,
)
from reform_xlsx.intake.rich_values import DATA_TYPE, PICTURE, RICH_FALLBACK, RichValues, rich_kind
from reform_xlsx.intake.safety import Inspection

# The cells present, whatever <dimension> says, as calamine will place them: every attribute r however it
# is written (after any character that cannot end an attribute name — even a quote with no space —, with
# spaces around =, either quote, letters of either case, leading zeros), and the cell and row elements,
# for those that have no r of their own (calamine puts them after the one before).
_REF = re.compile(rb"""r(?<![\w.-]r)\s*=\s*["']\s*([A-Za-z]*)\s*(\d+)""")
_CELL_OR_ROW = re.compile(rb"<(?:[\w.-]+:)?(c|row)(?=[\s/>])")
# a cell's start tag: its attributes (a quoted value is taken whole, whatever it holds)
_CELL_START = re.compile(rb"""<(?:[\w.-]+:)?c(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)""")
# A cell, value, inline text or row element's name with a namespace prefix (「<x:c」「</x:v>」「<x:is>」「<x:row」): every
# prefixed match of the sheet patterns below holds one. A sheet without one (as every program writes them) is searched
# with their plain forms instead, led by their literal 「<c」「<v」「</v」, not tried at every '<' of the sheet: the same
# matches, for less.
_PREFIXED_NAME = re.compile(rb":(?:c|v|is|row)\b")


def _unprefixed(xml: bytes) -> bool:
    """Whether no cell, value, inline text or row element of the sheet's XML is written with a prefix."""
    return _PREFIXED_NAME.search(xml) is None


def _plain_form(pattern: re.Pattern[bytes], prefixed: bytes, plain: bytes) -> re.Pattern[bytes]:
    """``pattern`` with its element's optional prefix ``prefixed`` (its first) written ``plain``, for a sheet without one."""
    if prefixed not in pattern.pattern:
        raise ValueError(prefixed)
    return re.compile(pattern.pattern.replace(prefixed, plain, 1), pattern.flags)



def read_cells(data: bytes, inspection: Inspection, wanted: tuple[str, ...], max_cells: int) -> dict:
    """Read the ``wanted`` sheets of the checked workbook ``data``.

    Returns ``{"sheet_names", "properties", "sheets": {name: {"rows", "special", "merged", "percent"}},
    "oversized": {name: (last_row, last_col)}, "doubtful": {name: {A1: (kind, detail)}}, "date1904"}``
    (a sheet in ``oversized`` or ``doubtful`` — :func:`doubtful_cells` — is not read). ``rows`` start at A1; ``special`` maps A1
    cells to ``("formula", text)``, ``("error", "#DIV/0!")`` or ``("too_long", length)``;
    ``percent`` is the set of A1 cells formatted as a percentage, ``era`` the cells that show a date in
    和暦 (A1 → format code), ``numbers`` the cells that show a number other than as General (「#,##0」,
    「0.00E+00」, 「#,##0;(#,##0)」: A1 → format code), so that a free-text cell's number reads as shown;
    ``date1904``: the workbook counts its days from 1904 (:func:`date1904`).
    """
    result: dict = {"sheet_names": [name for name, _part, _state in inspection.sheets],
                    "properties": inspection.properties or {}, "sheets": {}, "oversized": {}, "doubtful": {},
                    "date1904": date1904(inspection.parts.get(parts.WORKBOOK_PART, b""))}
    book = None
    rich: RichValues | None = None  # what the workbook's rich values are, read once a sheet has a cell of one
    styles: NumberStyles | None = None
    shared = inspection.parts.get(parts.SHARED_STRINGS, b"")
    hidden = hidden_text_strings(shared)
    for name, part, _state in inspection.sheets:
        if name not in wanted or name in result["sheets"]:
            continue
        xml = inspection.parts.get(part, b"")
        refs = _REF.findall(xml)
        last_row, last_col = sheet_extent(xml, refs)
        if last_row * last_col > max_cells:
            result["oversized"][name] = (last_row, last_col)
            continue
        doubtful = doubtful_cells(xml, refs, hidden)
        if doubtful:  # a cell whose value Excel, LibreOffice and calamine may read apart: the sheet is not read
            result["doubtful"][name] = doubtful
            continue
        if book is None:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        refused: dict[str, tuple[str, str]] = {}
        if _may_be_refused(xml):
            # a cell calamine reads but LibreOffice shows otherwise (a truth value 「true」: TRUE, and FALSE; a shared
            # string 「-1」 or 「x」: the first string, and a blank; a number 「inf」: ∞, and 0; a cell of no type holding
            # 「hello」: the text, and 0) is made blank in a copy and named, as one it refuses
            fixed, refused = refused_cells(xml, len(_SHARED_ITEM.findall(shared)))
            if UNPLACED in refused:  # such a cell with no place (r) of its own: calamine would read it (「hello」, ∞)
                result["doubtful"][name] = {UNPLACED: (AMBIGUOUS, refused[UNPLACED][1])}
                continue
        try:
            sheet = (CalamineWorkbook.from_filelike(io.BytesIO(_with_part(data, part, fixed))) if refused
                     else book).get_sheet_by_name(name)
        except CalamineError:  # a cell calamine refuses (a newer error value, a broken number): read without it
            fixed, refused = refused_cells(xml, len(_SHARED_ITEM.findall(shared)))
            fixed = parsed_ranges(fixed)  # and a <dimension> or <mergeCell> that names no range: without it
            if fixed == xml:
                raise
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(_with_part(data, part, fixed))).get_sheet_by_name(name)
        rows = sheet.to_python(skip_empty_area=False)
        if rich is None and _VALUE_METADATA.search(xml):
            rich = RichValues.of(inspection.parts)
        special = special_cells(xml, rich) if _may_have_special(xml) else {}
        special.update(refused)
        if len(xml) + len(shared) >= EXCEL_MAX_TEXT and any(  # a text that long needs as many bytes (and half
                isinstance(v, str) and 2 * len(v) >= EXCEL_MAX_TEXT for row in rows for v in row):  # as many characters)
            special.update(long_texts(xml, shared))
        if styles is None:
            styles = _quietly_number_styles(inspection.parts.get(parts.STYLES, b""))
        result["sheets"][name] = ({"rows": rows, "special": special, "merged": merged_ranges(sheet)}
                                  | formatted_cells(xml, styles)
                                  | {"masked": unseen_cells(xml, rows, inspection.parts.get(parts.STYLES, b""),
                                                          inspection.parts.get(parts.THEME, b""),
                                                          sheet_tables(part, inspection.parts, xml))
                                     | masked_cells(xml, rows, styles, DAY_ZERO_1904 if result["date1904"] else DAY_ZERO)})
    return result


_WORKBOOK_PR = re.compile(rb"""<(?:[\w.-]+:)?workbookPr\b((?:[^>"']|"[^"]*"|'[^']*')*)""")


def date1904(workbook_xml: bytes) -> bool:
    """Whether the workbook uses the 1904 date system (``<workbookPr date1904="1"/>``, as Excel for Mac and some
    saves write it): its serial 0 is 1904-01-01, four years and a day after the 1900 system's (1899-12-30).
    calamine reads a date cell right in either; a number the reader turns into a day itself needs to know."""
    tag = _WORKBOOK_PR.search(workbook_xml)
    return tag is not None and _attributes(tag[1]).get("date1904", "").strip().lower() in ("1", "true")


def merged_ranges(sheet) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The sheet's merged cells, each ((first row, first column), (last row, last column)), 0-based: only the
    first cell of a merge holds its value, the others read as blank (the form's own merges are none of its input
    cells; a section that merged several rows' 進捗状況 sees one value for all of them)."""
    return [((int(a), int(b)), (int(c), int(d))) for (a, b), (c, d) in (sheet.merged_cell_ranges or ())]  # (≥ 0.4)


# --- number formats: which cells show their number as a percentage ------------------------
# calamine gives a cell's number without its format; a rate typed as 「120%」 is stored 1.2 and
# shown 120.0 %. What the section sees is what is read, so the reader needs to know which cells
# are formatted as percentages: the styles part says which cell formats (xf) are, the sheet which
# cells use them.
_BUILTIN_PERCENT = {9, 10}  # 0% and 0.00%
_ATTR_R = re.compile(rb"\br=\"([A-Z]{1,3}\d{1,7})\"")
_QUOTED = re.compile(r'"[^"]*"|\\.')


def is_percent_format(code: str) -> bool:
    """Whether a number format shows numbers as percentages (a ``%`` outside quotes and escapes)."""
    return "%" in _QUOTED.sub("", code)


_COMMENT = re.compile(rb"<!--.*?-->", re.S)
_NUM_FMT = re.compile(rb"<(?:[\w.-]+:)?numFmt\b([^>]*)>")
_CELL_XFS = re.compile(rb"<(?:[\w.-]+:)?cellXfs\b[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?cellXfs\s*>)", re.S)
_XF_FORMAT = re.compile(rb"""<(?:[\w.-]+:)?xf\b(?:[^>]*?\snumFmtId\s*=\s*["']\s*(\d*))?""")
_ATTRIBUTE = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REFERENCE = re.compile(r"&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _attributes(tag: bytes) -> dict[str, str]:
    """The attributes of one start tag, by local name, their character and entity references resolved
    (the part has passed the DTD check, so no other entity can appear)."""
    return {name.rpartition(b":")[2].decode("utf-8", "replace"): _unescape((double or single).decode("utf-8", "replace"))
            for name, double, single in _ATTRIBUTE.findall(tag)}


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    return _REFERENCE.sub(lambda m: _ENTITIES[m[3]] if m[3] else _char(int(m[1]) if m[1] else int(m[2], 16)), text)


def _char(code: int) -> str:
    return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"


@dataclass(frozen=True)
class NumberStyles:
    """What the reader needs of a workbook's cell formats (``cellXfs``), by index."""

    percent: frozenset[int] = frozenset()  # shows its number as a percentage
    era: dict[int, str] = field(default_factory=dict)  # shows a date in 和暦: the format code
    numbers: dict[int, str] = field(default_factory=dict)  # shows a number otherwise than General: the format code
    dates: dict[int, str] = field(default_factory=dict)  # shows a number as a date or a time: the format code
    marked: frozenset[int] = frozenset()  # shows the form's mark of a reference 年度目標値 (「"※"#,##0」)
    masking: dict[int, str] = field(default_factory=dict)  # may show a value as something else (「;;;」): the format code


@parts.by_content
def number_styles(styles_xml: bytes) -> NumberStyles:
    """The cell formats (``cellXfs``) whose number format is a percentage, or a date in an era (和暦).

    The styles part is scanned, not parsed into a tree: it is read for every file, and only two of
    its lists matter — the number formats and the cell formats' ``numFmtId`` in order."""
    if not styles_xml:
        return NumberStyles()
    if b"<!--" in styles_xml:
        styles_xml = _COMMENT.sub(b"", styles_xml)
    codes: dict[int, str] = dict(BUILTIN_ERA_FORMATS)
    for tag in _NUM_FMT.findall(styles_xml):
        attributes = _attributes(tag)
        if attributes.get("numFmtId", "").isdigit():
            codes[int(attributes["numFmtId"])] = attributes.get("formatCode", "")
    cell_xfs = _CELL_XFS.search(styles_xml)
    formats = [int(n or 0) for n in _XF_FORMAT.findall(cell_xfs[1] or b"")] if cell_xfs else []
    numbers = {**_BUILTIN_NUMBER_FORMATS, **codes}
    dates = {**_BUILTIN_DATE_FORMATS, **codes}
    return NumberStyles(
        frozenset(n for n, fmt in enumerate(formats) if fmt in _BUILTIN_PERCENT or is_percent_format(codes.get(fmt, ""))),
        {n: codes[fmt] for n, fmt in enumerate(formats) if fmt in codes and is_era_format(codes[fmt])},
        {n: numbers[fmt] for n, fmt in enumerate(formats) if fmt in numbers and is_number_format(numbers[fmt])},
        {n: dates.get(fmt, "") for n, fmt in enumerate(formats)
         if fmt in _BUILTIN_DATE_FORMATS and fmt not in codes or is_date_format(codes.get(fmt, ""))},
        frozenset(n for n, fmt in enumerate(formats) if REFERENCE_MARK in codes.get(fmt, "")),
        {n: codes[fmt] for n, fmt in enumerate(formats) if fmt in codes and may_show_otherwise(codes[fmt])})


# The built-in number formats (no numFmt element names them) that show a number otherwise than General; the currency
# ones (5-8: 「¥1,000」 typed; 37-40: the same with no ¥, 「-1,000」 and not English Excel's 「(1,000)」; 41-44: the
# accounting formats of the 通貨表示形式 button and the cell styles) as Japanese Excel shows them (ECMA-376 Part 1
# §18.8.30 leaves them to the locale)
_BUILTIN_NUMBER_FORMATS = {1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 11: "0.00E+00", 37: "#,##0;-#,##0",
                           38: "#,##0;[Red]-#,##0", 39: "#,##0.00;-#,##0.00", 40: "#,##0.00;[Red]-#,##0.00",
                           48: "##0.0E+0",
                           5: '"¥"#,##0;"¥"\\-#,##0', 6: '"¥"#,##0;[Red]"¥"\\-#,##0', 7: '"¥"#,##0.00;"¥"\\-#,##0.00',
                           8: '"¥"#,##0.00;[Red]"¥"\\-#,##0.00', 41: '_ * #,##0_ ;_ * \\-#,##0_ ;_ * "-"_ ;_ @_ ',
                           42: '_ "¥"* #,##0_ ;_ "¥"* \\-#,##0_ ;_ "¥"* "-"_ ;_ @_ ',
                           43: '_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * "-"??_ ;_ @_ ',
                           44: '_ "¥"* #,##0.00_ ;_ "¥"* \\-#,##0.00_ ;_ "¥"* "-"??_ ;_ @_ '}


# The built-in date and time formats, as Japanese Excel shows them (ids 14-22, 27-36, 45-47, 50-58)
_BUILTIN_DATE_FORMATS = {14: "yyyy/m/d", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
                         19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "yyyy/m/d h:mm", 30: "m/d/yy",
                         31: 'yyyy"年"m"月"d"日"', 32: 'h"時"mm"分"', 33: 'h"時"mm"分"ss"秒"', 34: 'yyyy"年"m"月"',
                         35: 'm"月"d"日"', 45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss.0", 52: 'yyyy"年"m"月"',
                         53: 'm"月"d"日"', 55: 'yyyy"年"m"月"', 56: 'm"月"d"日"', **BUILTIN_ERA_FORMATS}


def is_date_format(code: str) -> bool:
    """Whether a number format shows a number as a date or a time (「m"月"d"日"」, 「yyyy/m/d」, 「h:mm」,
    「[$-411]ge.m.d」): a y, m, d, h, s or g outside quotes, escapes and brackets — or an elapsed time 「[h]」."""
    plain = _BRACKETS.sub("", _QUOTED.sub("", code)).lower().replace("general", "")
    return any(ch in plain for ch in "ymdhsg") or bool(_ELAPSED.search(code))


_ELAPSED = re.compile(r"\[[hms]+\]", re.I)


def is_number_format(code: str) -> bool:
    """Whether a number format shows a number with digits of its own (「#,##0」, 「0.00E+00」, the accounting
    「_ "¥"* #,##0_ ;…;_ @_ 」 whose last section is for a text): neither General, text, a percentage
    (:func:`is_percent_format`) nor a date or time."""
    plain = _BRACKETS.sub("", _QUOTED.sub("", ";".join("".join(s) for s in _numeric(_sections(code)))))
    return (any(ch in plain for ch in "0#?") and not is_percent_format(code)
            and not any(ch in plain.lower() for ch in "ymdhsg@"))


_BRACKETS = re.compile(r"\[[^\][]*\]")  # [$-411], [Red], [>=100]


def percent_styles(styles_xml: bytes) -> frozenset[int]:
    """Indexes of the cell formats (``cellXfs``) whose number format is a percentage."""
    return number_styles(styles_xml).percent


# --- formats that show a value as something else ---------------------------------------------------------------------
# A format's sections (「正;負;ゼロ;文字列」) each show a number with digit placeholders (0 # ?), General, a date or time, or
# a text with @; a section with none of them shows only its own words, or nothing (「;;;」 hides every value, 「0;0;0;"A 計画
# どおり"」 shows any text as 「A 計画どおり」, 「[>100]"多い";0」 shows 500 as 「多い」). Such a cell's value is not what the
# section's chief saw. Tokens taken whole, one pass: linear on any code.
_FORMAT_TOKEN = re.compile(r'"[^"]*"?|\\.?|[_*].?|\[[^\]]*\]?|;|[^"\\_*\[;]+')
_CONDITION = re.compile(r"\[\s*(<=|>=|<>|<|>|=)\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*\]")
_DASHES = frozenset("-‐‑‒–—―−－ー─ \u3000")  # a zero shown as a dash (accounting formats): a zero, as every reader sees it
# …with a currency sign or word beside the dash (「¥ -」, Japanese Excel's 通貨表示形式 「_ "¥"* "-"_ 」; 「$ -」; 「-円」)
_CURRENCY_SIGNS = frozenset("¥￥$＄€£円\\")


def _sections(code: str) -> list[list[str]]:
    """A format code's sections, each as its tokens (a quoted text, an escape, a fill or a pad, a bracket, the rest)."""
    sections: list[list[str]] = [[]]
    for token in _FORMAT_TOKEN.findall(code):
        if token == ";":
            sections.append([])
        else:
            sections[-1].append(token)
    return sections


def _numeric(sections: list[list[str]]) -> list[list[str]]:
    """A format's sections for numbers: the first three, but a last of two or three that shows a text (@) is the text
    section (「#,##0;@」, Japanese Excel's 「yyyy/m/d;@」: every number by the first section, -500 as 「-500」)."""
    if 1 < len(sections) < 4 and _shows_value(sections[-1], text=True):
        return sections[:-1]
    return sections[:3]


def _shows_value(tokens: list[str], text: bool = False) -> bool:
    """Whether a section shows the value itself: a text (@) for a text section, else digits, General or a date."""
    plain = "".join(t for t in tokens if t[:1] not in ('"', "\\", "_", "*", "["))
    if text:
        return "@" in plain
    lower = plain.lower()
    return (any(ch in plain for ch in "0#?@") or "general" in lower or any(ch in lower for ch in "ymdhsge")
            or any(_ELAPSED.fullmatch(t) for t in tokens))


def _literal(tokens: list[str]) -> str:
    """What a section that does not show the value shows instead: its quoted texts, escaped and plain characters."""
    out = []
    for t in tokens:
        if t.startswith('"'):
            out.append(t[1:-1] if t.endswith('"') and len(t) > 1 else t[1:])
        elif t.startswith("\\"):
            out.append(t[1:])
        elif t[:1] not in ("_", "*", "["):
            out.append(t)
    return "".join(out)


def may_show_otherwise(code: str) -> bool:
    """Whether a number format can show a cell's value as something else (:func:`shown_instead`): a numeric section
    without digits, General or a date (「;;;」, 「"計画どおり"」, 「[>100]"多い";0」), or a text section without @
    (「0;0;0;"A 計画どおり"」). Not General, 「0」, 「#,##0」, 「0.0%」, 「@」, a date, nor Excel's accounting formats."""
    if not code.strip() or code.strip().lower() == "general":
        return False
    sections = _sections(code)
    return (any(not _shows_value(s) for s in sections[:3]) or any(_scaled(s) for s in sections[:3])
            or len(sections) > 3 and not _shows_value(sections[3], text=True) or _unsigned_negative(sections))


_SCALING = re.compile(r"[0#?](,+)[^0#?]*$")  # commas after a section's last digit: each one shows the figure ÷ 1,000
_SIZE_WORDS = re.compile(r"[千万億兆]|百万|[kKmM]")  # …and a word that says so (「#,##0,"千円"」: 5,000千円 is 5,000,000 円)


def _unscaled(tokens: list[str]) -> str:
    """A scaled section (:func:`_scaled`) as a format code without its scaling commas, to render the figure it shows."""
    out = list(tokens)
    for i in range(len(out) - 1, -1, -1):
        if out[i][:1] not in ('"', "\\", "_", "*", "[") and (m := _SCALING.search(out[i])) is not None:
            out[i] = out[i][:m.start(1)] + out[i][m.end(1):]
            break
    return "".join(out)


def _scaled(tokens: list[str]) -> int:
    """How many thousands a numeric section divides its figure by (「#,##0,」 shows 5,000,000 as 「5,000」, 「0.0,,」 as
    「5.0」) when no word of the section says it (「#,##0,"千円"」 says it: a figure in 千円): 0 for any other section."""
    plain = "".join(t for t in tokens if t[:1] not in ('"', "\\", "_", "*", "["))
    m = _SCALING.search(plain)
    if m is None or _SIZE_WORDS.search(_literal([t for t in tokens if t[:1] in ('"', "\\")])):
        return 0
    return len(m[1])


# What marks a negative section's figure as negative: a minus, 「△」「▲」, parentheses, a word, or a colour of its own
# (「#,##0;[Red]#,##0」, Japanese Excel's 「[赤]1,234」: a 赤字 as the office reads it). 「ー」 (the katakana long vowel, typed
# for a minus) only just before the digits: in 「"ケース"0」 it is a letter of a word.
_SIGNS = frozenset("-‐‑‒–—―−－△▲▼()（）")
_LONG_VOWEL = "ー"
_SIGN_WORDS = ("マイナス", "赤字", "減", "負", "不足", "損")
_COLOUR = re.compile(r"\[(?:black|blue|cyan|green|magenta|red|white|yellow|colou?r\s*\d+|黒|青|水|緑|紫|赤|白|黄|色\s*\d+)\]",
                     re.I)
# a colour as one name however written: Japanese Excel's 「[赤]」 is 「[Red]」, 「[色10]」 「[Color10]」, and the palette's first
# eight are the named ones (「[Color3]」 is red)
_COLOUR_NAMES = {"黒": "black", "青": "blue", "水": "cyan", "緑": "green", "紫": "magenta", "赤": "red", "白": "white",
                 "黄": "yellow"}
_PALETTE = ("black", "white", "red", "green", "blue", "yellow", "magenta", "cyan")  # [Color1] … [Color8]


def _colour(tokens: list[str]) -> str:
    """A section's colour as one name (「red」, 「color10」); 「black」 for none."""
    name = next((t[1:-1].lower() for t in tokens if _COLOUR.fullmatch(t)), "black")
    if (number := re.search(r"\d+", name)) is not None:
        n = int(number[0])
        return _PALETTE[n - 1] if 1 <= n <= len(_PALETTE) else f"color{n}"
    return _COLOUR_NAMES.get(name, name)


def _before_digits(tokens: list[str]) -> str:
    """What a section shows just before its first digit (0 # ?), the spaces before it aside."""
    out = []
    for t in tokens:
        if t[:1] in ('"', "\\"):
            out.append(_literal([t]))
        elif t[:1] not in ("_", "*", "["):
            if (digit := re.search(r"[0#?]", t)) is not None:
                out.append(t[:digit.start()])
                break
            out.append(t)
    return "".join(out).rstrip(" \u3000")


def _unsigned_negative(sections: list[list[str]]) -> bool:
    """Whether a format's negative section shows a negative number's digits with nothing that marks it negative
    (「0;0」「#,##0;#,##0」「0;[Black]0」: -500,000 shows as 「500,000」, as a positive one): a section with its own negative
    part drops the minus. A format with conditions (「[<0]…」) is left to them."""
    numeric = _numeric(sections)
    if len(numeric) < 2 or any(_condition(s) is not None for s in numeric):
        return False
    negative = numeric[1]
    if not _shows_value(negative):  # (a section of words only: :func:`shown_instead` says what it shows)
        return False
    literal = _literal(negative)
    return not (set(literal) & _SIGNS or _before_digits(negative).endswith(_LONG_VOWEL)
                or any(w in literal for w in _SIGN_WORDS) or _colour(negative) != _colour(numeric[0]))


def _condition(tokens: list[str]):
    for t in tokens:
        m = _CONDITION.fullmatch(t)
        if m:
            limit = float(m[2])
            return {"<": limit.__gt__, ">": limit.__lt__, "=": limit.__eq__, "<>": limit.__ne__,
                    "<=": limit.__ge__, ">=": limit.__le__}[m[1]]
    return None


def shown_instead(code: str, value: object) -> str | None:
    """What a cell of format ``code`` holding ``value`` shows instead of it ("" for nothing), or None when it shows the
    value (its digits, however written; a text through @; a truth value; a zero as a dash or a blank)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    sections = _sections(code)
    if isinstance(value, str):
        if len(sections) < 4 or _shows_value(sections[3], text=True):
            return None
        return _literal(sections[3])
    if not isinstance(value, (int, float)):
        return None
    numeric = _numeric(sections)
    conditions = [_condition(s) for s in numeric]
    if any(c is not None for c in conditions):
        chosen = None
        for tokens, test in zip(numeric, conditions):
            if test is None or test(value):
                chosen = tokens
                break
        if chosen is None:  # no section for it (Excel shows ####): not said
            return None
    elif len(numeric) == 1 or len(numeric) == 2 and value >= 0 or value > 0:
        chosen = numeric[0]
    elif value < 0:
        chosen = numeric[1]
    else:
        chosen = numeric[2]
    if value != 0 and _shows_value(chosen) and (times := _scaled(chosen)):  # 「#,##0,」: 5,000,000 shows 「5,000」
        figure = (abs(value) if chosen is not numeric[0] else value) / 1000 ** times
        return number_text(_unscaled(chosen), figure) or raw_text(figure)
    if _shows_value(chosen):
        if value < 0 and len(numeric) > 1 and chosen is numeric[1] and _unsigned_negative(sections):  # 「0;0」: -500,000 shows 「500,000」
            scale = 100 if is_percent_format(code) else 1  # (the renderer takes 「%」 as a character of the format's)
            return number_text(code, float(value) * scale) or raw_text(-float(value))
        return None
    shown = _literal(chosen)
    return None if value == 0 and _shows_zero(shown) else shown


def _shows_zero(shown: str) -> bool:
    """Whether a section's own words say zero: nothing, dashes (「-」), or dashes with a currency sign (「¥ -」, 「-円」);
    not a currency sign alone (「¥」: no figure)."""
    signs = set(shown) - _CURRENCY_SIGNS
    return signs <= _DASHES and (signs - {" ", "\u3000"} or signs == set(shown))


def masked_cells(xml: bytes, rows: list[list[object]], styles: NumberStyles,
                 day_zero: dt.datetime = DAY_ZERO) -> dict[str, tuple[str, str, str]]:
    """The cells whose format shows their value as something else (:func:`shown_instead`): A1 → (format code, what it
    shows, "": no conditional format nor colour, :func:`unseen_cells`). Only the cells of such formats are looked at (a workbook has none, or a truth value's 「"TRUE";"TRUE";"FALSE"」);
    and a date written as such (``t="d"``, 「2026-05-01」: no spreadsheet writes one without a date format) in a cell
    whose format is no date's: Excel and LibreOffice show its day number (46143), calamine reads the date."""
    found = _undated_dates(xml, rows, styles, day_zero) if _hinted(xml, _DATE_TYPE_HINT, _DATE_TYPE) else {}
    if not styles.masking:
        return found
    for ref, n in styled_cells(xml, frozenset(styles.masking)).items():
        at = row_col(ref)
        if at is None or at[0] >= len(rows) or at[1] >= len(rows[at[0]]):
            continue
        shown = shown_instead(styles.masking[n], rows[at[0]][at[1]])
        if shown is not None:
            found[ref] = (styles.masking[n], shown, "")
    return found


_DATE_TYPE = re.compile(rb"""t(?<![\w.-]t)\s*=\s*["']\s*d\s*["']""")  # a date's cell: t="d", however written
_DATE_TYPE_HINT = re.compile(rb"""d\s*["']""")  # (what it holds, rarer than its 't': :func:`_hinted`)


def _hinted(xml: bytes, hint: re.Pattern[bytes], pattern: re.Pattern[bytes]) -> bool:
    """Whether ``pattern`` is found in ``xml``, looked for only where ``hint`` — a part of every match of it, led by a
    rare byte, and linear as it is — is found first (most sheets have neither)."""
    return hint.search(xml) is not None and pattern.search(xml) is not None


def _undated_dates(xml: bytes, rows: list[list[object]], styles: NumberStyles,
                   day_zero: dt.datetime) -> dict[str, tuple[str, str, str]]:
    found = {}
    for tag in _CELL_START.finditer(xml):
        attributes = _attributes(tag[1])
        if attributes.get("t", "").strip() != "d":
            continue
        s = int(attributes["s"]) if attributes.get("s", "").strip().isdigit() else 0
        at = row_col(attributes.get("r", ""))
        if s in styles.dates or s in styles.era or at is None or at[0] >= len(rows) or at[1] >= len(rows[at[0]]):
            continue
        value = rows[at[0]][at[1]]
        if isinstance(value, dt.date):
            days = (dt.datetime.combine(value, dt.time()) if not isinstance(value, dt.datetime) else value) - day_zero
            serial = days.days + days.seconds / 86400
            found[f"{attributes['r'].upper()}"] = (styles.numbers.get(s, "標準"),
                                                   str(int(serial)) if serial == int(serial) else f"{serial:.10g}", "")
    return found


def _quietly_number_styles(styles_xml: bytes) -> NumberStyles:
    try:
        return number_styles(styles_xml)
    except Exception:  # noqa: BLE001 - a styles part that does not parse: no cell is a percentage or 和暦
        return NumberStyles()


def formatted_cells(xml: bytes, styles: NumberStyles) -> dict:
    """The cells of a sheet whose number format matters, in one pass over its XML: ``percent`` (the A1
    references of the cells shown as a percentage), ``era`` (a date in 和暦), ``numbers`` (a number shown
    otherwise than as General) and ``dates`` (a date or time format), the last three A1 → the format code; and
    ``marked`` (the cells showing the form's 「※」 of a reference 年度目標値: pasted there with the target's format)."""
    found = styled_cells(xml, frozenset(styles.percent).union(styles.era, styles.numbers, styles.dates, styles.marked))
    return {"percent": {cell for cell, n in found.items() if n in styles.percent},
            "era": {cell: styles.era[n] for cell, n in found.items() if n in styles.era},
            "numbers": {cell: styles.numbers[n] for cell, n in found.items() if n in styles.numbers},
            "dates": {cell: styles.dates[n] for cell, n in found.items() if n in styles.dates},
            "marked": {cell for cell, n in found.items() if n in styles.marked}}


def styled_cells(xml: bytes, styles: frozenset[int]) -> dict[str, int]:
    """The cells of a sheet that use one of the cell formats ``styles``: A1 → the format's index."""
    if not styles:
        return {}
    many = len(styles) > _FEW_STYLES  # many such formats (or a hostile styles part): look at every cell
    found = {}
    plain = _unprefixed(xml)
    for attributes in ((_PLAIN_CELL_TAG if plain else _CELL_TAG) if many else _styled_cell_tag(styles, plain)).findall(xml):
        s, r = _ATTR_S.search(attributes), _ATTR_R.search(attributes)
        if s and r and int(s.group(1)) in styles:
            found[r.group(1).decode()] = int(s.group(1))
    return found


_FEW_STYLES = 32
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\b([^>]*)>")
_PLAIN_CELL_TAG = _plain_form(_CELL_TAG, rb"<(?:\w+:)?c", b"<c")
_ATTR_S = re.compile(rb"\bs=\"0*(\d{1,6})\"")


@functools.lru_cache(maxsize=64)
def _styled_cell_tag(styles: frozenset[int], plain: bool = False) -> re.Pattern[bytes]:
    """The start tags of cells whose style (``s="…"``) is one of ``styles`` (a workbook has few such):
    only those are matched, not every cell. ``plain``: the sheet has no prefixed element (:func:`_unprefixed`)."""
    numbers = b"|".join(str(n).encode() for n in sorted(styles))
    return re.compile((b"<c" if plain else rb"<(?:\w+:)?c") + rb"\b([^>]*?\bs=\"0*(?:" + numbers + rb")\"[^>]*)>")


def _may_have_special(xml: bytes) -> bool:
    """A formula element (``<f>``, ``<f t="shared" …/>``, ``<x:f>``), an error cell (``t="e"``) or a rich value
    (``vm="1"``: a picture placed in the cell, a data type) may be in the sheet: then it is parsed for them (most
    returns have none)."""
    return (_FORMULA_TAG.search(xml) is not None or _hinted(xml, _ERROR_TYPE_HINT, _ERROR_TYPE)
            or _VALUE_METADATA.search(xml) is not None)


_FORMULA_TAG = re.compile(rb"f(?<=[<:]f)[\s>/]")  # the rare 'f' first, then what stands before and after it
_ERROR_TYPE = re.compile(rb"""t(?<![\w.-]t)\s*=\s*["']\s*e\s*["']""")  # an error cell: t="e", however written
_ERROR_TYPE_HINT = re.compile(rb"""e\s*["']""")
_BOOLEAN_TYPE = re.compile(rb"""t(?<![\w.-]t)\s*=\s*["']\s*b\s*["']""")  # a truth value's cell: t="b"
# a shared string's cell (t="s") whose <v> is no plain number (「-1」「1.0」「 1」「x」): calamine reads the workbook's first
# string. From a cell's start tag only, up to the next '<' at most (none stands in a tag; its attributes taken whole), its
# first type 「t="s"」 kept (a tag of 「t='s' t='s' …」 looked to its end again from each one grew with its square), then
# its <v>'s first digits, never given back: each byte looked at from one tag only
_STRING_CELL_START = re.compile(rb"""<(?:[\w.-]+:)?c\s(?>(?:[^<>"']|"[^<"]*"|'[^<']*')*?(?<![\w.:-])t\s*=\s*["']\s*s\s*["'])""")
_ODD_STRING_INDEX = re.compile(_STRING_CELL_START.pattern + rb"""(?:[^<>"']|"[^<"]*"|'[^<']*')*+>\s*+"""
                               rb"""<(?:[\w.-]+:)?v(?:\s[^<>]*+)?>(?:\d++[^\d<]|[^\d<])""")
_VALUE_METADATA = re.compile(rb"""vm(?<![\w.-]vm)\s*=""")  # a cell's value metadata (a rich value): vm="1"
# What each of those must hold, looked for first (most sheets hold none, and these are cheaper than the patterns that
# say exactly: their rare first byte, not every '<' or 't' of the sheet): 「b"」 of t="b", 「s"」 of t="s", 「v>」 and its
# value's first bytes of a <v> of 「inf」, or a <v> whose name a space follows (「<v >」「<x:v xml:space=…>」: no program
# writes one; its value is then looked at by the pattern). Each looks only at the spaces and digits right after its own
# first bytes: linear, as the patterns they stand before.
_BOOLEAN_HINT = re.compile(rb"""b\s*["']""")
_STRING_TYPE_HINT = re.compile(rb"""s\s*["']""")
_NON_FINITE_HINT = re.compile(rb"v(?:>\s*+[+-]?(?:[iInN]|[\d.]*+[eE]\+?0*[1-9]\d\d|[\d.]{300})|(?<=[<:]v)\s)")
# a cell of no type (a number's, as every reader takes it) whose <v> is no number calamine reads (「hello」「12abc」「1,000」
# 「１２」「 12 」「2027-05-28T00:00:00」「TRUE」): calamine records the text, LibreOffice shows the number its first characters
# make or 0 (「0」「12」「1」「0」「12」「2027」「0」, checked by CSV). From a cell's start tag with no attribute 't' (each 't'
# of the tag looked at once: one that starts no attribute name, or that no '=' follows), up to the next '<' at most, then
# its <v>, at once (as :data:`_ODD_STRING_INDEX`), not empty and not a number: each run of digits taken whole. Its hint
# is the same look at each <v>'s value (and each <v> whose name a space follows; never an end tag 「</v>」), whatever
# the cell's type: a t="str", t="e" or t="d" cell's text sets the pattern looking, never a number nor an empty value
# (openpyxl's formula 「<v></v>」)
_NUMBER_THEN_END = rb"<|[+-]?+(?:\d++\.?+\d*+|\.\d++)(?:[eE][+-]?+\d++)?+<"
# (between the cell's start tag and its <v>, spaces and any comment or processing instruction: calamine and LibreOffice
# pass over them, 「<c r="G5" s="15"><!-- x --><v>hello</v></c>」 was recorded 「hello」 where LibreOffice shows 0)
_BEFORE_VALUE = rb"(?:\s|<!--(?:[^-]|-(?!->))*+-->|<\?(?:[^?]|\?(?!>))*+\?>)*+"
_UNTYPED_TEXT = re.compile(rb"""<(?:[\w.-]+:)?c\s(?:[^<>"'t]|t(?<=[\w.:-]t)|t(?!\s*=)|"[^<"]*"|'[^<']*')*+(?<!/)>"""
                           + _BEFORE_VALUE + rb"<(?:[\w.-]+:)?v(?:\s[^<>]*+)?>(?!" + _NUMBER_THEN_END + rb")")
_PLAIN_UNTYPED_TEXT = _plain_form(_UNTYPED_TEXT, rb"<(?:[\w.-]+:)?c", b"<c")
_UNTYPED_TEXT_HINT = re.compile(rb"v(?<=[<:]v)(?:>(?!" + _NUMBER_THEN_END + rb")|\s)")


def _may_be_refused(xml: bytes) -> bool:
    """Whether the sheet may hold a cell calamine reads otherwise than LibreOffice shows it (a truth value 「true」, a
    shared string's index 「-1」, a number 「inf」, a text in a cell of no type): :func:`refused_cells` then looks at
    each. The same answer as the four patterns alone: each hint is part of what its pattern matches (and the plain form
    of :data:`_UNTYPED_TEXT` matches where it does, in a sheet without prefixed names)."""
    return (_hinted(xml, _BOOLEAN_HINT, _BOOLEAN_TYPE) or _hinted(xml, _STRING_TYPE_HINT, _ODD_STRING_INDEX)
            or _hinted(xml, _NON_FINITE_HINT, _NON_FINITE)
            or _hinted(xml, _UNTYPED_TEXT_HINT, _PLAIN_UNTYPED_TEXT if _unprefixed(xml) else _UNTYPED_TEXT))


def sheet_extent(xml: bytes, refs: list[tuple[bytes, bytes]] | None = None) -> tuple[int, int]:
    """(last row, last column), 1-based, of the cells present in a sheet's XML — never less than where
    calamine will put them (more only for a sheet whose cells or rows lack their own reference).

    A row below every cell's reference holds no cell when every cell names its own place beyond
    doubt (:func:`_own_place`): after a row is deleted, LibreOffice writes an empty
    ``<row r="1048576"/>``. Only then are the cells' places read one by one (slower) and the rows
    left out. ``refs``: ``_REF.findall(xml)``, when the caller has it."""
    refs = _REF.findall(xml) if refs is None else refs
    cells, rows = _cells_and_rows(xml)
    letters = [column for column, _row in refs if column]
    last_col = max((column_number(c.decode()) for c in {c.upper() for c in letters}), default=0)
    last_row = max(map(int, {row for _column, row in refs}), default=0)
    if len(letters) < cells or len(refs) - len(letters) < rows:  # some without a reference
        last_col += cells
        last_row += rows
    elif last_row > max(map(int, {row for column, row in refs if column}), default=0):  # a row past every cell
        placed = [_own_place(attributes) for attributes in _CELL_START.findall(xml)]
        if all(p is not None for p in placed):
            return max((int(row) for _c, row in placed), default=0), last_col
    return last_row, last_col


_PLAIN_CELL, _PLAIN_ROW = re.compile(rb"<c(?=[\s/>])"), re.compile(rb"<row(?=[\s/>])")


def _cells_and_rows(xml: bytes) -> tuple[int, int]:
    """How many cell and row elements the sheet's XML has (``_CELL_OR_ROW``). Without a prefixed one (``<x:c``: none
    has 「:c」 or 「:row」 then), the two plain start tags are counted each by its own literal (a sheet has many '<')."""
    if _unprefixed(xml):
        return len(_PLAIN_CELL.findall(xml)), len(_PLAIN_ROW.findall(xml))
    tags = _CELL_OR_ROW.findall(xml)
    cells = tags.count(b"c")
    return cells, len(tags) - cells


def _own_place(attributes: bytes) -> tuple[bytes, bytes] | None:
    """A cell's place when its start tag says it beyond doubt: well-formed attributes (quoted values
    taken whole), exactly one ``r`` and no prefixed one (``x:r``), a plain reference (``E30``). Else None:
    then the sheet is measured the careful way (rows counted too)."""
    found = _ATTRIBUTE.findall(attributes)
    if _ATTRIBUTE.sub(b"", attributes).strip(b" \t\r\n/"):  # anything but attributes: not trusted
        return None
    places = [double or single for name, double, single in found if name.rpartition(b":")[2].lower() == b"r"]
    if len(places) != 1 or not any(name == b"r" for name, _d, _s in found):
        return None
    m = _PLAIN_REF.fullmatch(places[0])
    return (m[1], m[2]) if m else None


_PLAIN_REF = re.compile(rb"([A-Za-z]{1,3})(\d{1,7})")


# --- cells that readers may read apart --------------------------------------------------------------------------
# A hostile sender (or an odd tool) can write a cell that Excel or LibreOffice shows one way and calamine reads
# another: the answer recorded would not be the one the section's chief saw. No spreadsheet writes any of these.
DOUBTFUL_SHOWN = 5  # cells named at most, by kind
# cheap byte checks first (most sheets have none of these): a <v> holding an element, a comment, a CDATA section or a
# reference. Taken from a '<' only, each scan ending at the next '<': linear (tried from the 'v' of 「:v」, every 「:v 」
# of a tag's long run of them scanned on to its end)
_MARKUP_IN_VALUE = re.compile(rb"<(?:[\w.-]+:)?v[\s/>](?:(?<=[\s/])[^<>]*>)?[^<&]*(?:&|<(?!/))")
# anything but an end tag after a <v> or an <is> (a second value: Excel writes a cell's value last)
_VALUE_BESIDE = re.compile(rb"</(?:[\w.-]+:)?(?:v|is)\s*>\s*<(?!/)")
# an inline text where one belongs: the first child (<is>) of a cell whose type (its own attribute 「t」, the attributes
# taken whole: a 「t="inlineStr"」 inside another attribute's value is none) is exactly inlineStr. Every <is> a sheet
# holds is one of these, or the sheet is parsed. Each tag looked at once: no attribute holds a '<'
_ATTRIBUTE_IN_TAG = rb"""\s+[\w.:-]+\s*=\s*(?:"[^<"]*"|'[^<']*')"""
_INLINE_TEXT_CELL = re.compile(rb"<(?:[\w.-]+:)?c(?:" + _ATTRIBUTE_IN_TAG + rb""")*?\s+t\s*=\s*(["'])inlineStr\1(?:"""
                               + _ATTRIBUTE_IN_TAG + rb")*+\s*>\s*<is[\s/>]")
_PLAIN = {pattern: _plain_form(pattern, prefixed, plain) for pattern, prefixed, plain in (
    (_INLINE_TEXT_CELL, rb"<(?:[\w.-]+:)?c", b"<c"), (_VALUE_BESIDE, rb"</(?:[\w.-]+:)?", b"</"),
    (_MARKUP_IN_VALUE, rb"<(?:[\w.-]+:)?v", b"<v"))}
_ITSELF = {pattern: pattern for pattern in _PLAIN}


def doubtful_cells(xml: bytes, refs: list[tuple[bytes, bytes]] | None = None,
                   hidden: frozenset[int] = frozenset()) -> dict[str, tuple[str, str]]:
    """The cells of a sheet that readers may read apart: A1 → (:data:`DUPLICATED`, "") for a cell written twice (the
    same ``r``, however written: ``g5`` is ``G5``); (:data:`AMBIGUOUS`, what) for a cell with two values (``<v>`` and
    ``<is>``, two ``<v>``), an inline text (``<is>``) in a cell not of that type, a ``<v>`` holding a comment, a CDATA
    section, a processing instruction or an element (calamine reads the text before it, or nothing), or a reference
    in a value other than a formula's text, and the first cell of a second ``<sheetData>`` (calamine reads the first,
    LibreOffice both), and a cell showing a shared string of ``hidden`` (:func:`hidden_text_strings`). Empty for a
    sheet any spreadsheet program writes. Cheap byte checks first; the sheet is parsed only when one of them finds
    something (``refs``: ``_REF.findall(xml)``, when the caller has it)."""
    refs = _REF.findall(xml) if refs is None else refs
    cells = [(column, row) for column, row in refs if column]
    found: dict[str, tuple[str, str]] = {}
    plain = b"".join([column for column, _row in cells]).isupper() and b"0" not in b"".join([r[:1] for _c, r in cells])
    if len(set(cells)) < len(cells) or not plain and len({(c.upper(), r.lstrip(b"0")) for c, r in cells}) < len(cells):
        # the places in cells' start tags only: a text reading 「r="A5"」 (inline, or a formula's text in its <v>) is none
        cells = [(c, r) for attributes in _CELL_START.findall(xml) for c, r in _REF.findall(attributes) if c]
        seen: set[tuple[bytes, bytes]] = set()
        for column, row in cells:
            key = (column.upper(), row.lstrip(b"0") or b"0")
            if key in seen and len(found) < DOUBTFUL_SHOWN:
                found.setdefault(key[0].decode() + key[1].decode(), (DUPLICATED, ""))
            seen.add(key)
    # the <is> (more than the <is> elements, never fewer), each to be an inline text cell's own: a count of the word
    # 「inlineStr」 instead missed an <is> in a cell of another type beside a text reading 「inlineStr」, and parsed every
    # sheet with an empty text cell (「<c r="B10" t="inlineStr"/>」, as openpyxl saves one)
    inline = xml.count(b"<is") + xml.count(b":is")
    form = _PLAIN if _unprefixed(xml) else _ITSELF  # each pattern, or its plain form
    declaration = xml.find(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    if (hidden or xml[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in xml[:4]  # UTF-16: parsed
            or b"<!--" in xml or b"<![CDATA[" in xml or xml.find(b"<?", declaration) >= 0
            or xml.count(b"sheetData") > 2 or inline and inline != len(form[_INLINE_TEXT_CELL].findall(xml))
            or form[_VALUE_BESIDE].search(xml) is not None or form[_MARKUP_IN_VALUE].search(xml) is not None):
        for ref, what in _ambiguous_cells(xml, hidden)[:DOUBTFUL_SHOWN]:
            found.setdefault(ref, (AMBIGUOUS, what))
    return found


# an element Excel does not write in a shared strings part (it writes these, the runs' properties among them)
_UNKNOWN_STRING_TAG = re.compile(rb"<(?:[\w.-]+:)?+(?!(?:sst|si|t|r|rPr|rPh|phoneticPr|extLst|ext|b|i|strike|condense|"
                                 rb"extend|outline|shadow|u|vertAlign|sz|color|rFont|family|charset|scheme)[\s/>])[A-Za-z_]")
# a <t> inside a run's properties (<rPr>…</rPr>): :func:`_text_in_properties`
_PROPERTIES_START = re.compile(rb"<(?:[\w.-]+:)?rPr[\s>]")
_PROPERTIES_END = re.compile(rb"</(?:[\w.-]+:)?rPr\s*>")
_TEXT_START = re.compile(rb"<(?:[\w.-]+:)?t[\s/>]")


def _text_in_properties(xml: bytes) -> bool:
    """Whether a <t> stands inside a run's properties (<rPr>…</rPr>). Each <rPr> is looked into up to its end, and the
    search goes on after that end: every byte is looked at once (a pattern tried from each <rPr> on to the end of the
    part grew with the square of a part of unclosed <rPr>s)."""
    at = 0
    while (start := _PROPERTIES_START.search(xml, at)) is not None:
        end = _PROPERTIES_END.search(xml, start.end())
        if _TEXT_START.search(xml, start.end(), end.start() if end else len(xml)) is not None:
            return True
        if end is None:
            return False
        at = end.end()
    return False


def hidden_text_strings(shared_xml: bytes) -> frozenset[int]:
    """The shared strings (0-based) holding a text (``<t>``) Excel and LibreOffice do not show but calamine reads into
    the cell's: one inside a run's properties or an element no spreadsheet writes (``<si><foo><t>…</t></foo>``). The
    shown text is the ``<si>``'s own ``<t>`` and its runs' (:func:`string_text`); the furigana (``<rPh>``) are left out
    by every reader. Parsed only when the part has an element Excel does not write (a cheap scan first)."""
    if not shared_xml or (_UNKNOWN_STRING_TAG.search(shared_xml) is None
                          and (b"rPr" not in shared_xml or not _text_in_properties(shared_xml))):
        return frozenset()
    found: set[int] = set()
    inside: list[str] = []
    index = [-1]

    def start(name: str, _attributes: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        inside.append(local)
        if local == "si":
            index[0] += 1
        elif local == "t" and "si" in inside and "rPh" not in inside:
            path = inside[inside.index("si") + 1:-1]  # between the <si> and this <t>
            if path not in ([], ["r"]):
                found.add(index[0])

    try:
        parts.events_parser(start, lambda _name: inside.pop()).Parse(shared_xml, True)
    except (ValueError, ExpatError):  # calamine cannot read it either
        return frozenset()
    return frozenset(found)


def _ambiguous_cells(xml: bytes, hidden: frozenset[int] = frozenset()) -> list[tuple[str, str]]:
    """The cells :func:`doubtful_cells` calls ambiguous, parsed (expat, no DTD): [(A1 or 「（位置のないセル）」, what)]."""
    found: list[tuple[str, str]] = []
    inside: list[str] = []
    cell: dict = {}  # the open cell: attributes, values, inline texts, where its <v> began
    sheet_data = [0, False]  # how many <sheetData> so far; whether a second one's first cell is named yet

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        parent = inside[-1] if inside else ""
        inside.append(local)
        if local == "sheetData":
            sheet_data[0] += 1
        elif local == "c":
            cell.clear()
            cell.update(attributes=attributes, v=0, inline=0, begin=None, inner=False)
        elif cell and parent == "c" and local == "v":
            cell["v"] += 1
            cell["begin"] = parser.CurrentByteIndex
        elif cell and parent == "c" and local == "is":
            cell["inline"] += 1
        elif cell and parent == "v":
            cell["inner"] = True

    def end(_name: str) -> None:
        local = inside.pop()
        if local == "v" and cell and cell["begin"] is not None:
            body = xml[cell["begin"]:parser.CurrentByteIndex]
            body = body[body.find(b">") + 1:]
            kind = cell["attributes"].get("t", "n")
            if b"<" in body:
                cell["inner"] = True
            elif kind != "str" and b"&" in body:
                cell["inner"] = "reference"
            elif kind == "s" and body.strip().isdigit() and int(body) in hidden:
                cell["inner"] = "hidden"
            cell["begin"] = None
        if local != "c" or not cell:
            return
        attributes, kind = cell["attributes"], cell["attributes"].get("t", "n")
        what = ("値（<v>）と文字列（<is>）の両方がある" if cell["v"] and cell["inline"] else
                "値（<v>）が2つある" if cell["v"] > 1 else
                "文字列（<is>）が2つある" if cell["inline"] > 1 else
                f"種類「{kind[:30]}」のセルに文字列（<is>）がある" if cell["inline"] and kind != "inlineStr" else
                "値（<v>）の中に文字参照がある" if cell["inner"] == "reference" else
                "共有文字列に、表示されない文字（<t>）がある" if cell["inner"] == "hidden" else
                "値（<v>）の中にコメント・CDATA・要素などがある" if cell["inner"] else
                "2つめのシートのデータ（<sheetData>）にある" if sheet_data[0] > 1 and not sheet_data[1] else None)
        if sheet_data[0] > 1:
            sheet_data[1] = True
        if what is not None:
            found.append((attributes.get("r") or "（位置のないセル）", what))
        cell.clear()

    parser = parts.events_parser(start, end)
    try:
        parser.Parse(xml, True)
    except (ValueError, ExpatError):  # a part calamine cannot read either (it refuses the sheet as before)
        pass
    return found


def special_cells(xml: bytes, rich: RichValues | None = None) -> dict[str, tuple[str, str]]:
    """Cells holding a formula, an error value or a rich value: A1 → (kind, text). A cell with value metadata
    (``vm``: Excel 365's rich values) that is a picture (placed in the cell, or IMAGE()) is ("rich", "picture"); a data
    type, ("rich", "data_type") — but a formula's first (V009: typing a value fixes both); one whose metadata cannot
    be followed (``rich`` None, a part missing or broken), ("rich", "") — unless a formula or an error value other than
    #VALUE! (which Excel writes in such cells for older readers) says more. A rich error value (#SPILL! with its
    details) is the error it shows."""
    found: dict[str, tuple[str, str]] = {}
    for _event, elem in ElementTree.iterparse(io.BytesIO(xml)):
        if parts.local(elem.tag) != "c":
            continue
        ref = elem.get("r")
        formula = _child(elem, "f")
        what = rich_kind(elem.get("vm"), rich) if elem.get("vm") is not None else None
        value = _child(elem, "v")
        error = (value.text if value is not None and value.text else "#N/A") if elem.get("t") == "e" else None
        if ref and what is not None and (what == PICTURE or formula is None and what == DATA_TYPE or formula is None
                                         and what == "" and error in (None, RICH_FALLBACK)):
            found[ref] = ("rich", what)
        elif ref and formula is not None:
            found[ref] = ("formula", "=" + (formula.text or "").strip() if formula.text else "共有の数式")
        elif ref and error is not None:
            found[ref] = ("error", error)
        elem.clear()
    return found


# The error values calamine reads (as a blank); the newer ones Excel 365 writes the same way (``<c t="e"><v>#SPILL!</v>``)
# make it refuse the whole sheet.
CALAMINE_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"})
NEWER_ERRORS = frozenset({"#SPILL!", "#CALC!", "#GETTING_DATA", "#BLOCKED!", "#FIELD!", "#UNKNOWN!", "#BUSY!",
                          "#CONNECT!", "#PYTHON!", "#EXTERNAL!"})
# as calamine (Rust) parses; each run of digits taken whole, never given back (「0000…0x」 of 30,000 digits, tried split
# between \d+ and \d* every way, took half a minute: the file's whole reading time)
_FLOAT = re.compile(r"[+-]?(?:inf|infinity|nan|(?:\d++(?:\.\d*+)?|\.\d++)(?:e[+-]?\d++)?)", re.I | re.A)
_CELL_TYPES = frozenset({"s", "str", "inlineStr", "n", "e", "b", "d"})
_TYPE_ATTR = re.compile(rb"""(?<![\w.:-])t\s*=\s*(?:"[^"]*"|'[^']*')""")
_SHARED_ITEM = re.compile(rb"<(?:[\w.-]+:)?si(?=[\s/>])")


# the place :func:`refused_cells` names a cell it would refuse by when the cell has none of its own (no ``r``: where the
# row's cells before it end, for calamine and LibreOffice): not an A1 reference, said in F041's words
UNPLACED = "場所（r 属性）の書かれていないセル"


def refused_cells(xml: bytes, strings: int) -> tuple[bytes, dict[str, tuple[str, str]]]:
    """The sheet ``xml`` with the cells calamine refuses made blank, and those cells: A1 → ("error", "#SPILL!") for an
    error value of a newer Excel (:data:`NEWER_ERRORS`), ("malformed", what is wrong) for a cell no spreadsheet writes —
    a number cell (``t="n"``) whose value is no number, a shared string beyond the ``strings`` the workbook has, an
    unknown error value, type or truth value. A cell holding a formula is made blank all the same, but is left to
    :func:`special_cells` (V009). Nothing is found when the part is not UTF-8 (the sheet is refused as before), and
    only :data:`UNPLACED` → why, unchanged, when one of them has no place of its own (``r``): the rewritten part must
    hold every other cell as it was, and such a cell calamine may read (「hello」 in a cell of no type, 「inf」) is not to
    be read — the caller does not read the sheet (F041)."""
    found: list[tuple[int, int, str, tuple[str, str] | None]] = []
    if xml[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in xml[:4]:
        return xml, {}
    cell: list = []  # the open cell: [start, attributes, value text or None, has formula]
    inside: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        inside.append(local)
        if local == "c":
            cell[:] = [parser.CurrentByteIndex, attributes, None, False]
        elif cell and len(inside) >= 2 and inside[-2] == "c":
            if local == "v":
                cell[2] = ""
            elif local == "f":
                cell[3] = True

    def text(data: str) -> None:
        if cell and inside[-1] == "v" and len(inside) >= 2 and inside[-2] == "c":
            cell[2] += data

    def end(name: str) -> None:
        local = inside.pop()
        if local != "c" or not cell:
            return
        begin, attributes, value, formula = cell
        cell.clear()
        why = _refused(attributes.get("t"), value, strings)
        if why is None:
            return
        at = parser.CurrentByteIndex
        ref = attributes.get("r", "")
        if xml[at:at + 2] != b"</" or not is_a1(ref):
            raise _Unplaced(why)
        found.append((begin, xml.index(b">", at) + 1, ref, None if formula else why))

    parser = parts.events_parser(start, end, text)
    try:
        parser.Parse(xml, True)
    except _Unplaced as unplaced:
        return xml, {UNPLACED: unplaced.args[0]}
    except (ValueError, ExpatError):  # (an encoding expat cannot read, a DTD): refused as before
        return xml, {}
    pieces, last = [], 0
    for begin, finish, _ref, _why in found:
        tag = _CELL_START.match(xml, begin)
        if tag is None:
            return xml, {}
        pieces += [xml[last:tag.start(1)], _TYPE_ATTR.sub(b"", tag[1]), b"/>"]
        last = finish
    return b"".join(pieces) + xml[last:], {ref: why for _b, _f, ref, why in found if why is not None}


# A sheet's declared used range and its merged ranges, which calamine parses and refuses the whole sheet over when one
# names no range (「garbage」「A0:B2」「$A$1:$B$2」「 A1:B2」, empty): the element whole (with no element inside: one left
# open is left as it is, and no search runs on past it), its start tag's attributes
_DIMENSION = re.compile(rb"""<(?:[\w.-]+:)?dimension\b(?:[^>"']|"[^"]*"|'[^']*')*?(?:/>|>[^<]*</(?:[\w.-]+:)?dimension\s*>)""")
_MERGE_CELL = re.compile(rb"""<(?:[\w.-]+:)?mergeCell\b((?:[^>"']|"[^"]*"|'[^']*')*?)(?:/>|>[^<]*</(?:[\w.-]+:)?mergeCell\s*>)""")
_REF_ATTR = re.compile(rb"""(?<![\w.:-])ref\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_RANGE_REF = re.compile(rb"[A-Za-z]+0*[1-9]\d*(?::[A-Za-z]+0*[1-9]\d*)?")


def parsed_ranges(xml: bytes) -> bytes:
    """The sheet ``xml`` as calamine can parse it: without its ``<dimension>`` (the used range the file declares,
    never used here — :func:`sheet_extent` measures the cells) and without each ``<mergeCell>`` whose ``ref`` names
    no range. LibreOffice opens such a sheet with its cells as they are and shows no merge there (nor does it for
    「$F$5:$F$6」 or 「 F5:F6 」); a merge that names a range stays, and is said as before (S014)."""
    def merge(m: re.Match) -> bytes:
        ref = _REF_ATTR.search(m[1])
        return m[0] if ref is None or _RANGE_REF.fullmatch(ref[1] if ref[1] is not None else ref[2]) else b""
    return _MERGE_CELL.sub(merge, _DIMENSION.sub(b"", xml))


# a number cell's <v> that may be no finite number: a word (inf, NaN) or an exponent of three digits or more (1e999) or a
# run of 300 digits. A cheap look first, from each <v> only (its start tag however written: 「<v >」「<v xml:space=…>」,
# which calamine reads as ∞ all the same; up to the next '<' at most), each run taken whole; :func:`_refused` then says
_NON_FINITE = re.compile(rb"<(?:[\w.-]+:)?v(?:\s[^<>]*+)?>\s*+[+-]?(?:[iInN]|[\d.]*+[eE]\+?0*[1-9]\d\d|[\d.]{300})")
_CALC_WORDS = {"INF": "INF", "+INF": "INF", "-INF": "-INF", "NaN": "NaN"}


def _calc_shows(value: str) -> str:
    """What LibreOffice Calc shows of a number cell holding ``value``, a text calamine reads as ∞ or NaN (under General
    or a number format; 「#FMT」 under a percentage): 「INF」 for 「INF」 and for a number too large for a double
    (「1e999」, 「-1e999」: 「-INF」), 「NaN」 for 「NaN」 — the other spellings (「inf」「Infinity」「nan」) as 0."""
    if value in _CALC_WORDS:
        return _CALC_WORDS[value]
    if value[-1:].isdigit():  # 1e999: a number, past a double's range
        return "-INF" if value.startswith("-") else "INF"
    return "0"


class _Unplaced(Exception):
    """A cell calamine refuses has no place of its own: the sheet is not rewritten."""


def _refused(kind: str | None, value: str | None, strings: int) -> tuple[str, str] | None:
    """Why calamine refuses a cell of type ``kind`` whose ``<v>`` holds ``value``: ("error", text) or ("malformed", what),
    or None when it reads it as it is shown — but a number that is no finite one (「inf」「NaN」「1e999」), which
    calamine reads as ∞ and no spreadsheet writes: ("malformed", what LibreOffice shows of it, :func:`_calc_shows`),
    and a cell of no type (a number's) whose value is no number (「hello」「12abc」): calamine reads it as a text,
    LibreOffice shows 0 or the number its first characters make (「12」), as for ``t="n"``."""
    if value is None or value == "":
        return None
    shown = value if len(value) <= 30 else value[:30] + "…"
    if kind in (None, "n") and _FLOAT.fullmatch(value) and not math.isfinite(float(value)):
        return "malformed", f"数値のセルに「{shown}」があり、LibreOffice では「{_calc_shows(value)}」と表示されます"
    if kind in (None, "n"):  # no type: a number's too (LibreOffice shows 「hello」 as 0, 「12abc」 as 12), calamine a text
        return None if _FLOAT.fullmatch(value) else ("malformed", f"数値のセルに数値でない「{shown}」")
    if kind == "e":
        if value in CALAMINE_ERRORS:
            return None
        return ("error", value) if value in NEWER_ERRORS else ("malformed", f"エラー値として知られていない「{shown}」")
    if kind == "s":
        if not (value.isascii() and value.isdigit()):  # 「-1」「 0」「０」: calamine refuses it, LibreOffice shows a blank
            return "malformed", f"共有文字列の番号が「{shown}」"
        return None if int(value) < strings else ("malformed", f"共有文字列の {shown} 番がない（{strings:,} 個だけ）")
    if kind == "b":  # 0 or 1 only: calamine reads 「true」「TRUE」「False」 too, LibreOffice shows each FALSE
        return None if value in ("0", "1") else ("malformed", f"真偽値のセルに「{shown}」")
    return None if kind in _CELL_TYPES else ("malformed", f"セルの種類「{kind[:30]}」が正しくない")


def _with_part(data: bytes, part: str, body: bytes) -> bytes:
    """The checked workbook ``data`` (in memory) with its part ``part`` replaced by ``body``, for calamine to read:
    the input file is never changed. Its parts passed the zip checks (sizes, ratio, CRC, DTD)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, body if info.filename == part else source.read(info))
    return out.getvalue()


def long_texts(xml: bytes, shared_xml: bytes) -> dict[str, tuple[str, int]]:
    """Cells whose text is over Excel's limit (calamine cuts them): A1 → ("too_long", length), the text counted as
    Excel and calamine read it (:func:`string_text`: not its furigana)."""
    shared = [excel_length(string_text(si)) for _e, si in ElementTree.iterparse(io.BytesIO(shared_xml))
              if parts.local(si.tag) == "si"] if shared_xml else []
    found: dict[str, tuple[str, int]] = {}
    for _event, elem in ElementTree.iterparse(io.BytesIO(xml)):
        if parts.local(elem.tag) != "c":
            continue
        kind, value = elem.get("t"), _child(elem, "v")
        length = 0
        if kind == "inlineStr":
            inline = _child(elem, "is")
            length = excel_length(string_text(inline)) if inline is not None else 0
        elif kind in ("s", "str") and value is not None and value.text:
            length = shared[int(value.text)] if kind == "s" and value.text.isdigit() and int(value.text) < len(shared) \
                else excel_length(value.text)
        if length > EXCEL_MAX_TEXT and elem.get("r"):
            found[elem.get("r")] = ("too_long", length)
        elem.clear()
    return found


def string_text(string) -> str:
    """The text of a shared string (``<si>``) or an inline one (``<is>``) as the cell holds it: its ``<t>``, or the
    ``<t>`` of each of its runs (``<r>``). The furigana that Japanese Excel keeps beside text typed through the IME
    (``<rPh><t>…</t></rPh>``) are not the cell's text: Excel does not count them in its limit, and calamine leaves
    them out, so a text of 30,000 characters with furigana is not too long."""
    texts = []
    for child in string:
        name = parts.local(child.tag)
        if name == "t":
            texts.append(child.text or "")
        elif name == "r":
            texts.extend(t.text or "" for t in child if parts.local(t.tag) == "t")
    return "".join(texts)


def _child(elem, name: str):
    return next((c for c in elem if parts.local(c.tag) == name), None)


# --- values no one can see: a conditional format's number format or colours, a font the colour of its background ---
# A number format is not the only way to hide a value (「;;;」: F042): a conditional format may give a cell 「;;;」 or a
# font the colour of its fill (F043), and a cell's own font may be white on no fill, or the colour of its fill (F044).
# What the styles say of colours is read with expat (once per styles part), the sheet's conditional formats only when it
# has any.
# The Office theme's colours by the index a <color theme="n"> gives (Excel's order: 背景1 lt1, テキスト1 dk1, 背景2 lt2,
# テキスト2 dk2, アクセント1-6, hyperlinks), used when the workbook has no theme of its own (:func:`theme_colours`)
_DEFAULT_THEME = {0: "FFFFFF", 1: "000000", 2: "E7E6E6", 3: "44546A", 4: "4472C4", 5: "ED7D31", 6: "A5A5A5",
                  7: "FFC000", 8: "5B9BD5", 9: "70AD47", 10: "0563C1", 11: "954F72"}
_THEME_SLOTS = {"lt1": 0, "dk1": 1, "lt2": 2, "dk2": 3, "accent1": 4, "accent2": 5, "accent3": 6, "accent4": 7,
                "accent5": 8, "accent6": 9, "hlink": 10, "folHlink": 11}
_DEFAULT_INDEXED = {0: "000000", 1: "FFFFFF", 8: "000000", 9: "FFFFFF", 64: "000000", 65: "FFFFFF"}
WHITE, BLACK = "FFFFFF", "000000"  # the paper behind a cell of no fill; the automatic font colour
_NEAR = 16  # colours this close in each of red, green and blue look the same (white and 「背景1、黒+基本色5%」 F2F2F2)


@dataclass(frozen=True)
class Looks:
    """What the reader needs of a workbook's colours: by cell format (``cellXfs``) index, its font and fill colours; by
    differential format (``dxfs``, a conditional format's look) index, (number format code, font colour, fill colour),
    each None when the dxf leaves it as it is. A colour is 「RRGGBB」, or a name for one not resolved (the same name is
    the same colour); a fill None is a pattern that is neither none nor solid (never compared). ``unfilled``: the cell
    formats of no fill (a table's style fills them), ``plain``: those whose font colour is the default font's (a table's
    style colours their text); ``theme``: the workbook's theme colours by index."""

    cells: tuple[tuple[str, str | None], ...] = ()
    dxfs: tuple[tuple[str | None, str | None, str | None], ...] = ()
    unfilled: frozenset[int] = frozenset({0})
    plain: frozenset[int] = frozenset({0})
    theme: tuple[tuple[int, str], ...] = tuple(_DEFAULT_THEME.items())

    @functools.cached_property
    def invisible(self) -> Mapping[int, tuple[str, str]]:
        """The cell formats whose text is the colour of what is behind it: index → (font colour, background). Worked out
        once per workbook look (:func:`looks` gives the same object for the same styles part: every file of a batch
        made from one form), not once per sheet."""
        return MappingProxyType({n: (font, fill) for n, (font, fill) in enumerate(self.cells)
                                 if fill is not None and same_colour(font, fill)})

    def of(self, n: int) -> tuple[str, str | None]:
        return self.cells[n] if n < len(self.cells) else self.cells[0] if self.cells else (BLACK, WHITE)


def same_colour(a: str, b: str) -> bool:
    if len(a) == len(b) == 6 and all(ch in "0123456789ABCDEF" for ch in a + b):
        return all(abs(int(a[i:i + 2], 16) - int(b[i:i + 2], 16)) <= _NEAR for i in (0, 2, 4))
    return a == b


def colour_name(colour: str) -> str:
    """A colour as the message says it: 「白」「黒」, else 「#RRGGBB」 (or the colour's reference)."""
    return {WHITE: "白", BLACK: "黒"}.get(colour, f"#{colour}" if len(colour) == 6 else colour)


def _colours(font: str, fill: str) -> str:
    return f"文字の色「{colour_name(font)}」と背景「{colour_name(fill)}」"


def _index(text: str) -> int | None:
    """An attribute's index (「3」), None for anything else: ASCII digits only (「²」「３」 are digits to ``isdigit``, and
    ``int`` refuses the first: a whole styles part or sheet was lost to one such attribute)."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _resolved(attributes: dict[str, str], palette: dict[int, str], theme: dict[int, str] = _DEFAULT_THEME) -> str | None:
    """A ``<color>``'s colour (None: automatic): 「RRGGBB」 with its tint, or its reference when not known here
    (``theme``: the workbook's theme colours, :func:`theme_colours`)."""
    if attributes.get("auto", "").strip().lower() in ("1", "true"):
        return None
    tint = attributes.get("tint", "").strip()
    if "rgb" in attributes:
        colour: str | None = attributes["rgb"].strip().upper()[-6:]
    elif _index(attributes.get("theme", "")) is not None:
        colour = theme.get(_index(attributes["theme"]))
    elif _index(attributes.get("indexed", "")) is not None:
        colour = palette.get(_index(attributes["indexed"]))
    else:
        return None
    if colour is None or len(colour) != 6 or any(ch not in "0123456789ABCDEF" for ch in colour):
        return f"{attributes.get('theme') or attributes.get('indexed') or attributes.get('rgb')}:{tint}"
    try:
        shade = float(tint) if tint else 0.0
    except ValueError:
        shade = 0.0
    if shade and math.isfinite(shade):  # Excel's tint: the colour's lightness darkened (< 0) or lightened (> 0)
        import colorsys

        h, lightness, s = colorsys.rgb_to_hls(*(int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)))
        shade = max(-1.0, min(1.0, shade))
        lightness = lightness * (1 + shade) if shade < 0 else lightness * (1 - shade) + shade
        colour = "".join(f"{round(v * 255):02X}" for v in colorsys.hls_to_rgb(h, lightness, s))
    return colour


# A theme's system colours as Excel shows them on the office's screen, not as the saver's screen had them
# (``lastClr``: a file saved under Windows' high contrast has windowText 「FFFFFF」 and window 「000000」)
_SYSTEM_COLOURS = {"windowText": BLACK, "window": WHITE}


@parts.by_content
def theme_colours(theme_xml: bytes) -> dict[int, str]:
    """The colours of a theme part's (``xl/theme/theme1.xml``) first colour scheme, by the index a ``<color theme>``
    gives (:data:`_THEME_SLOTS`): each 「RRGGBB」 of its ``srgbClr`` or ``sysClr`` (the colour it was saved with, other than the
    system colours 「windowText」「window」: black and white, whatever the saver's screen had: ``lastClr``); the Office
    theme's for any it does not give. Read with expat (no DTD, no entity), once per theme."""
    found: dict[int, str] = {}
    slot: list[int | None] = [None]
    schemes = [0]

    def start(name: str, attributes: dict[str, str]) -> None:
        name = name.rpartition(" ")[2]
        if name == "clrScheme":
            schemes[0] += 1
        elif schemes[0] == 1 and name in _THEME_SLOTS:
            slot[0] = _THEME_SLOTS[name]
        elif schemes[0] == 1 and slot[0] is not None and slot[0] not in found and name in ("srgbClr", "sysClr"):
            colour = (attributes.get("val", "") if name == "srgbClr" else _SYSTEM_COLOURS.get(
                attributes.get("val", "").strip(), attributes.get("lastClr", ""))).strip().upper()
            if len(colour) == 6 and all(ch in "0123456789ABCDEF" for ch in colour):
                found[slot[0]] = colour

    def end(name: str) -> None:
        name = name.rpartition(" ")[2]
        if name in _THEME_SLOTS:
            slot[0] = None
        elif name == "clrScheme" and schemes[0] == 1:
            raise _SchemeRead  # (the rest of the theme — fonts, effects, a MiB of anything — is not read)

    try:
        parts.events_parser(start, end).Parse(theme_xml, True)
    except _SchemeRead:
        pass
    return _DEFAULT_THEME | found


class _SchemeRead(Exception):
    """The theme's first colour scheme is read (:func:`theme_colours`: only its first MiB is kept)."""


def _quietly_theme(theme_xml: bytes) -> dict[int, str]:
    try:
        return theme_colours(theme_xml) if theme_xml else _DEFAULT_THEME
    except Exception:  # noqa: BLE001 - a theme part that does not parse: Excel falls back to the Office theme
        return _DEFAULT_THEME


@parts.by_content
def looks(styles_xml: bytes, theme_xml: bytes = b"") -> Looks:
    """The colours of the cell formats and the looks of the conditional formats (:class:`Looks`) of a styles part, its
    theme colours those of the workbook's theme part ``theme_xml`` (:func:`theme_colours`)."""
    theme = _quietly_theme(theme_xml)
    fonts: list[str] = []
    fills: list[str | None] = []
    bare: list[bool] = []  # by fill: none (a table's style shows through)
    xfs: list[tuple[int, int]] = []
    dxfs: list[list] = []
    palette = dict(_DEFAULT_INDEXED)
    custom: list[str] = []
    colours: list[tuple[str, dict[str, str]]] = []  # the <color>, <fgColor>, <bgColor> of the font or fill being read
    path: list[str] = []
    pattern: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        name = name.rpartition(" ")[2]
        parent = path[-1] if path else ""
        path.append(name)
        if name in ("color", "fgColor", "bgColor"):
            colours.append((name, attributes))
        elif name == "patternFill":
            pattern.append(attributes.get("patternType", ""))
        elif name == "xf" and parent == "cellXfs":
            xfs.append(tuple(_index(v) or 0 for v in (attributes.get("fontId", "0"), attributes.get("fillId", "0"))))
        elif name == "dxf":
            dxfs.append([None, None, None])
        elif name == "numFmt" and parent == "dxf" and dxfs:
            dxfs[-1][0] = attributes.get("formatCode", "")
        elif name == "rgbColor" and parent == "indexedColors":
            custom.append(attributes.get("rgb", "").upper()[-6:])
        if name in ("font", "fill"):
            colours.clear()
            pattern.clear()

    def end(_name: str) -> None:
        name = path.pop()
        inside = path[-1] if path else ""
        if name == "indexedColors" and custom:
            palette.update({n: c for n, c in enumerate(custom)} | {64: BLACK, 65: WHITE})
        if name == "font":
            colour = next((_resolved(a, palette, theme) for n, a in colours if n == "color"), None)
            if inside == "fonts":
                fonts.append(colour or BLACK)
            elif inside == "dxf" and dxfs and colour is not None:
                dxfs[-1][1] = colour
        elif name == "fill":
            kind = (pattern[0] if pattern else "").strip()
            chosen = dict(colours)  # (a dxf's solid fill is its bgColor; a cell's its fgColor)
            if inside == "fills":
                fills.append(None if not pattern else WHITE if kind in ("", "none") else
                             _resolved(chosen["fgColor"], palette, theme) or BLACK if kind == "solid" and "fgColor" in chosen
                             else None)
                bare.append(not pattern or kind in ("", "none"))
            elif inside == "dxf" and dxfs and kind in ("", "solid") and ("bgColor" in chosen or "fgColor" in chosen):
                dxfs[-1][2] = _resolved(chosen.get("bgColor", chosen.get("fgColor", {})), palette, theme) or WHITE

    parts.events_parser(start, end).Parse(styles_xml, True)
    cells = tuple((fonts[f] if f < len(fonts) else BLACK, fills[i] if i < len(fills) else WHITE) for f, i in xfs)
    default_font = fonts[0] if fonts else BLACK
    return Looks(cells or ((BLACK, WHITE),), tuple((d[0], d[1], d[2]) for d in dxfs),
                 frozenset(n for n, (_f, i) in enumerate(xfs) if i >= len(bare) or bare[i]) if xfs else frozenset({0}),
                 frozenset(n for n, (f, _i) in enumerate(xfs) if (fonts[f] if f < len(fonts) else BLACK) == default_font)
                 if xfs else frozenset({0}), tuple(theme.items()))


def _quietly_looks(styles_xml: bytes, theme_xml: bytes = b"") -> Looks:
    try:
        return looks(styles_xml, theme_xml) if styles_xml else Looks()
    except Exception:  # noqa: BLE001 - a styles part that does not parse: Excel repairs it, its colours are lost
        return Looks()


_CONDITIONAL_START = re.compile(rb"<(?:[\w.-]+:)?conditionalFormatting[\s>]")
_CONDITIONAL_END = re.compile(rb"</(?:[\w.-]+:)?conditionalFormatting\s*>")


# --- Excel tables (ListObjects): the dark parts of the built-in table styles ------------------------------------------
# A table's style colours the cells of no fill of its own: the header row of TableStyleLight8-14, Medium1-21 and
# Dark1-11 is filled with テキスト1 or an accent, its text 背景1 (white); Dark1-7 fill their rows dark as well. The other
# parts (the pale bands, Light1-7 and 15-21, Medium22-28, a custom style) are taken as no fill.
_TABLE_STYLE = re.compile(r"TableStyle(Light|Medium|Dark)(\d{1,2})")
MAX_TABLES = 16  # the tables of a sheet read (no form has more: a hostile sheet of thousands is read as of none)


def _dark_parts(style: str) -> tuple[int, bool, bool] | None:
    """A built-in table style's dark parts: (its colour's theme index, header row dark, rows dark), or None."""
    m = _TABLE_STYLE.fullmatch(style.strip())
    if m is None:
        return None
    family, n = m[1], int(m[2])
    first = {"Light": 8, "Medium": 1, "Dark": 1}[family]
    last = {"Light": 14, "Medium": 21, "Dark": 11}[family]
    if not first <= n <= last:
        return None
    shade = (n - first) % 7 if family != "Dark" or n <= 7 else 0  # テキスト1, then アクセント1-6
    return (1 if shade == 0 else 3 + shade), True, family == "Dark" and n <= 7


def sheet_tables(part: str, found_parts: dict[str, bytes], xml: bytes = b"") -> tuple[tuple[str, int, int, str], ...]:
    """The Excel tables of the sheet part ``part`` (its XML ``xml``), each (ref 「A1:C9」, header rows, totals rows,
    style name): those its ``<tableParts>`` lists, found by the sheet's relationships (``xl/worksheets/_rels/…``) and
    read from their parts with expat (a table part only a relationship names is none Excel shows); () for none, or
    for parts that do not parse (the cells then are taken as of no table)."""
    folder, _slash, base = part.rpartition("/")
    rels = found_parts.get(f"{folder}/_rels/{base}.rels")
    if not rels:
        return ()
    targets: dict[str, str] = {}  # relationship id → table part

    def relationship(name: str, attributes: dict[str, str]) -> None:
        if (name.rpartition(" ")[2] == "Relationship" and attributes.get("Type", "").endswith("/table")
                and attributes.get("TargetMode", "") != "External" and len(targets) < MAX_TABLES):
            target = attributes.get("Target", "")
            targets.setdefault(attributes.get("Id", ""), target.lstrip("/") if target.startswith("/")
                               else posixpath.normpath(f"{folder}/{target}"))

    tables = []
    try:
        parts.events_parser(relationship).Parse(rels, True)
        listed = _listed_tables(xml) if targets else set()
        for target in (t for rid, t in targets.items() if rid in listed):
            table: list = []

            def start(name: str, attributes: dict[str, str], table=table) -> None:
                name = name.rpartition(" ")[2]
                if name == "table" and not table:
                    table.extend([attributes.get("ref", ""), _index(attributes.get("headerRowCount", "1")),
                                  _index(attributes.get("totalsRowCount", "0")) or 0, ""])
                elif name == "tableStyleInfo" and table:
                    table[3] = attributes.get("name", "")

            if found_parts.get(target):
                parts.events_parser(start).Parse(found_parts[target], True)
            if table and table[1] is not None and table[3]:
                tables.append(tuple(table))
    except Exception:  # noqa: BLE001 - a relationship or table part that does not parse: Excel repairs the file
        return ()
    return tuple(tables)


def _listed_tables(xml: bytes) -> set[str]:
    """The relationship ids of the ``<tablePart>`` elements of a sheet's ``<tableParts>`` (read with expat: one in a
    comment or a cell's text is none), in the transitional or the Strict namespace."""
    ids: set[str] = set()
    path: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        local_name = name.rpartition(" ")[2]
        if local_name == "tablePart" and path[-1:] == ["tableParts"] and len(path) == 2:
            ids.update(v for k, v in attributes.items() if k.endswith("/relationships id"))
        path.append(local_name)

    def end(_name: str) -> None:
        path.pop()

    parts.events_parser(start, end).Parse(xml, True)
    return ids


def _table_fills(tables: tuple, the_looks: Looks) -> list[tuple[int, int, int, int, str, str]]:
    """The parts of ``tables`` a built-in style fills dark: (top, left, bottom, right, fill, text colour), 0-based."""
    theme = dict(the_looks.theme)
    found = []
    for ref, header, totals, style in tables:
        dark = _dark_parts(style)
        m = _RANGE.fullmatch(ref.strip().upper())
        if dark is None or m is None or not m[3]:
            continue
        rows_, columns = sorted((int(m[2]) - 1, int(m[4]) - 1)), sorted((column_number(m[1]) - 1, column_number(m[3]) - 1))
        (top, bottom), (left, right) = rows_, columns  # (「C9:A1」 is the table A1:C9, its header row 1)
        colour, text = theme.get(dark[0], BLACK), theme.get(0, WHITE)
        if header and dark[1]:
            found.append((top, left, min(bottom, top + header - 1), right, colour, text))
        if dark[2] and top + header <= bottom:
            found.append((top + header, left, bottom, right, _shaded(colour, -0.25 if dark[0] != 1 else 0.25), text))
        del totals  # (a totals row is a row: dark in Dark1-7, not filled in the others)
    return found


def _shaded(colour: str, tint: float) -> str:
    return _resolved({"rgb": colour, "tint": str(tint)}, {}) or colour


# --- a cell's look: its own format, an Excel table's style under it, its conditional formats over it ------------------

def unseen_cells(xml: bytes, rows: list[list[object]], styles_xml: bytes, theme_xml: bytes = b"",
                 tables: tuple = ()) -> dict[str, tuple[str, str, str]]:
    """The non-blank cells no one sees the value of, A1 → (what hides it, what is shown, ``"conditional"`` or
    ``"font"``): a conditional format whose number format shows it otherwise (:func:`shown_instead`) or whose font
    is the colour of the cell's background (F043), and a cell whose own font is (F044: white on no fill, 「背景1」, the
    colour of its solid fill). What is behind a cell of no fill is the dark fill an Excel table's built-in style gives
    its header row (``tables``: :func:`sheet_tables`), else white; theme colours are the workbook's (``theme_xml``).
    The conditional formats that apply to a cell are taken in their priority, each colour and number format from the
    first that sets it, none after one that 「stops if true」, as Excel does. A condition is taken as met unless it is one
    :func:`_may_apply` knows the value does not meet (「セルの値が 0 に等しい」 hides no 5, 「=ISERROR(A1)」 no value):
    a rule that cannot be evaluated is taken to give the look that hides (F043), not the dark fill that would show a
    white text (F044 unless a rule known to apply gives it: 「=FALSE」 excuses nothing)."""
    if not styles_xml:
        return {}
    the_looks = _quietly_looks(styles_xml, theme_xml)
    start = _CONDITIONAL_START.search(xml) if b"conditionalFormatting" in xml else None  # (the word first: rare)
    rules = [rule for rule in (_conditional_rules(xml, start.start()) if start is not None and the_looks.dxfs else ())
             if _index(rule[1]["dxfId"]) < len(the_looks.dxfs) and any(the_looks.dxfs[_index(rule[1]["dxfId"])])]
    dark = _table_fills(tables, the_looks) if tables else []
    if rules or dark:  # the cells' own formats, read once (a sheet with such a rule or table)
        kinds = styled_cells(xml, frozenset(range(len(the_looks.cells))))
    else:
        kinds = styled_cells(xml, frozenset(the_looks.invisible))
    behind: dict[tuple[int, int], tuple[str, str]] = {}  # the non-blank cells on a table's dark part: (fill, text)
    for top, left, bottom, right, colour, text in dark:
        for at in _cells_in([f"{a1(top, left)}:{a1(bottom, right)}"], rows):
            if not is_blank(rows[at[0]][at[1]]):  # (an empty cell hides nothing)
                behind.setdefault(at, (colour, text))

    def under(n: int, at: tuple[int, int]) -> tuple[str, str | None]:
        """A cell's own colours (its format ``n``), a table's dark fill and its white text under a cell of no fill and
        the default font."""
        font, fill = the_looks.of(n)
        if at in behind and n in the_looks.unfilled:
            colour, text = behind[at]
            return (text if n in the_looks.plain else font), colour
        return font, fill

    invisible = the_looks.invisible
    candidates: dict[tuple[int, int], str] = {}  # the cells that may be unseen, by (row, column): their A1
    for ref, n in kinds.items():  # a cell whose own look hides it, unless a table's fill shows it
        at = row_col(ref)
        if n in invisible and at is not None and at[0] < len(rows) and at[1] < len(rows[at[0]]) \
                and not is_blank(rows[at[0]][at[1]]) and _hidden_by(None, None, under(n, at)):
            candidates[at] = ref
    for at in behind:  # a dark font of its own on a table's dark fill
        if at not in candidates and _hidden_by(None, None, under(kinds.get(a1(*at), 0), at)):
            candidates[at] = a1(*at)
    if rules and _rule_cells(rules, rows) > RULE_CELLS:
        return _unjudged(rules, rows, candidates, lambda at, ref: under(kinds.get(ref, 0), at))
    if rules:
        used = {0, *kinds.values()}
        looks_used = {the_looks.of(n) for n in used}
        looks_used |= {(text if n in the_looks.plain else the_looks.of(n)[0], colour)
                       for *_, colour, text in dark for n in used & the_looks.unfilled}
        for refs, rule, formulas, anchor in rules:  # a rule whose look can hide a value: its cells are looked at
            code, font, fill = the_looks.dxfs[_index(rule["dxfId"])]
            if not (code and may_show_otherwise(code) or (font, fill) != (None, None) and any(
                    _hidden_by(font, fill, look) for look in looks_used)):
                continue  # (a rule that only colours a fill the text stays readable on: no cell looked at)
            for r, c in _cells_in(refs, rows):
                if (r, c) not in candidates and not is_blank(rows[r][c]) and _may_apply(
                        rule, formulas, rows[r][c], rows, (r, c), anchor):
                    candidates[(r, c)] = a1(r, c)
    applying = _rules_of(candidates, rules, rows) if rules and candidates else {}
    found: dict[str, tuple[str, str, str]] = {}
    def look(at: tuple[int, int], value: object, sure: bool) -> tuple[str | None, str | None, str | None]:
        """The number format, font and fill colours the rules give the cell: those that may apply (a condition not
        evaluated taken as met), or ``sure``: only those known to apply (one not evaluated taken as not met)."""
        code = font = fill = None
        for n in applying.get(at, ()):
            _refs, rule, formulas, anchor = rules[n]
            if not _may_apply(rule, formulas, value, rows, at, anchor) or sure and not _known(
                    rule, formulas, value, rows, at, anchor):
                continue
            c, f, i = the_looks.dxfs[_index(rule["dxfId"])]
            code, font, fill = code or c, font or f, fill or i
            if rule.get("stopIfTrue", "").strip().lower() in ("1", "true"):
                break
        return code, font, fill

    for at, ref in candidates.items():
        value = rows[at[0]][at[1]]
        code, font, fill = look(at, value, False)
        shown = shown_instead(code, value) if code else None
        own = under(kinds.get(ref, 0), at)
        if shown is None and not _hidden_by(font, fill, own) and at in applying:
            # (a look that shows a value its own look hides — white text on a rule's dark fill — only from a rule
            # known to apply: 「=FALSE」 with a dark fill excuses no white text)
            _code, sure_font, sure_fill = look(at, value, True)
            if _hidden_by(sure_font, sure_fill, own):
                font, fill = sure_font, sure_fill
        if shown is not None:
            found[ref] = (f"表示形式「{quoted(code)}」", shown, "conditional")
        elif _hidden_by(font, fill, own):
            found[ref] = (_colours(font or own[0], fill or own[1]), "", "conditional" if font or fill else "font")
    return found


RULE_CELLS = 200_000
"""The (rule, cell) pairs a sheet's conditional formats are checked on, at most (a form with some rules over its columns:
a few thousand). Each check costs the rules that lie on a cell, so a crafted sheet of thousands of rules over thousands
of cells (a few hundred KB) took seconds to minutes (F013); past this none is evaluated (:func:`_unjudged`)."""


def _rule_cells(rules: list, rows: list[list[object]]) -> int:
    """How many (rule, cell) pairs the ``rules``' ranges hold within the sheet's used cells."""
    width = max(map(len, rows), default=0)
    return sum(max(0, min(bottom, len(rows) - 1) - top + 1) * max(0, min(right, width - 1) - left + 1)
               for refs, *_ in rules for top, left, bottom, right in filter(None, map(_box, dict.fromkeys(refs))))


def _unjudged(rules: list, rows: list[list[object]], candidates: dict[tuple[int, int], str],
              own: Callable[[tuple[int, int], str], tuple[str, str | None]]) -> dict[str, tuple[str, str, str]]:
    """A sheet of more conditional formats than are checked (:data:`RULE_CELLS`): every non-blank cell where its rules
    lie (the box around their ranges, cut to the used cells) is taken as hidden (F043, not read: the rules are to be
    cleared), and a cell whose own look hides it elsewhere as such (F044, ``own``: its colours)."""
    boxes = [box for refs, *_ in rules for box in map(_box, dict.fromkeys(refs)) if box is not None]
    what = f"ルールが {len(rules)} 個あり、多すぎてどのセルの値が見えなくなるかを確かめていません"
    found: dict[str, tuple[str, str, str]] = {}
    if boxes:
        top, left = min(b[0] for b in boxes), min(b[1] for b in boxes)
        bottom, right = max(b[2] for b in boxes), max(b[3] for b in boxes)
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            for c in range(left, min(right, len(rows[r]) - 1) + 1):
                if not is_blank(rows[r][c]):
                    found[a1(r, c)] = (what, "", "conditional")
    for at, ref in candidates.items():
        found.setdefault(ref, (_colours(*own(at, ref)), "", "font"))
    return found


def _conditional_rules(xml: bytes, first: int) -> list[tuple[list[str], dict[str, str], list[str], tuple[int, int]]]:
    """The sheet's conditional format rules that have a look (a ``dxfId``), in their priority (then as written), each
    (its ranges, its attributes, its formulas, the cell its formulas are written for); a rule the same as one before it
    (the same ranges, condition, look) is left out: it changes nothing."""
    last = None
    for last in _CONDITIONAL_END.finditer(xml, first):
        pass
    if last is None:
        return []
    rules: list[tuple[list[str], dict[str, str], list[list[str]]]] = []  # (sqref, the rule's attributes, its formulas)
    sqref: list[str] = []
    text: list[str] | None = None

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal sqref, text
        name = name.rpartition(":")[2]
        if name == "conditionalFormatting":
            sqref = attributes.get("sqref", "").split()
        elif name == "cfRule" and _index(attributes.get("dxfId", "")) is not None:
            rules.append((sqref, attributes, []))
        elif name == "formula" and rules:
            text = []
            rules[-1][2].append(text)

    def data(chunk: str) -> None:
        if text is not None:  # (kept in pieces, joined once: a formula of a million 「&amp;」 is a million pieces)
            text.append(chunk)

    def end(_name: str) -> None:
        nonlocal text
        text = None

    try:  # (from the first conditional format's start to the last one's end, in a root: an end tag of no start tag —
        # past Excel's x14 ones in <extLst> — ends the parse where everything before has been seen)
        parts.events_parser(start, end, data, namespaces=False).Parse(b"<r>" + xml[first:last.end()] + b"</r>", True)
    except ExpatError:
        pass
    priorities = [_index(rule.get("priority", "")) for _refs, rule, _pieces in rules]  # (none: after every other)
    ordered = sorted(range(len(rules)), key=lambda n: (math.inf if priorities[n] is None else priorities[n], n))
    found, seen = [], set()
    for n in ordered:
        refs, rule, pieces = rules[n]
        formulas = ["".join(text) for text in pieces]
        key = (tuple(refs), tuple(sorted((k, v) for k, v in rule.items() if k != "priority")), tuple(formulas))
        if key not in seen:
            seen.add(key)
            found.append((refs, rule, formulas, _anchor(refs)))
    return found


def _rules_of(cells: dict[tuple[int, int], str], rules: list, rows: list[list[object]]) -> dict[tuple[int, int], list[int]]:
    """For each of the ``cells``, the ``rules`` (their indexes, in order) whose ranges hold it: each range looked at cell
    by cell or the cells one by one, whichever are fewer."""
    found: dict[tuple[int, int], list[int]] = {}
    for n, (refs, _rule, _formulas, _anchor) in enumerate(rules):
        hit: set[tuple[int, int]] = set()
        for top, left, bottom, right in filter(None, map(_box, dict.fromkeys(refs))):
            if (min(bottom, len(rows) - 1) - top + 1) * (right - left + 1) <= len(cells):
                hit.update(at for at in ((r, c) for r in range(top, min(bottom, len(rows) - 1) + 1)
                                         for c in range(left, right + 1)) if at in cells)
            else:
                hit.update(at for at in cells if top <= at[0] <= bottom and left <= at[1] <= right)
        for at in hit:
            found.setdefault(at, []).append(n)
    return found


def _hidden_by(font: str | None, fill: str | None, own: tuple[str, str | None]) -> bool:
    """Whether a conditional format's font and fill colours (None: the cell's own) hide the text of a cell whose own
    colours are ``own``."""
    font_, fill_ = font or own[0], fill or own[1]
    return fill_ is not None and same_colour(font_, fill_)


_RANGE = re.compile(r"\$?([A-Z]{1,3})\$?([1-9]\d{0,6})(?::\$?([A-Z]{1,3})\$?([1-9]\d{0,6}))?")  # (no row 0: 「A0」)


def _anchor(refs: list[str]) -> tuple[int, int]:
    """The cell a rule's formula is written for (its relative references move with the cell): the top left cell of the
    first range of its ``sqref``."""
    m = _RANGE.fullmatch(refs[0].upper()) if refs else None
    if m is None:
        return 0, 0
    rows_, columns = [int(m[2])] + ([int(m[4])] if m[3] else []), [m[1]] + ([m[3]] if m[3] else [])
    return min(rows_) - 1, min(column_number(c) for c in columns) - 1


def _box(ref: str) -> tuple[int, int, int, int] | None:
    """A range 「B3:D9」 (「$B$3」, 「D9:B3」) as (top, left, bottom, right), 0-based; None for what is not one."""
    m = _RANGE.fullmatch(ref.upper())
    if m is None:
        return None
    top, left = int(m[2]) - 1, column_number(m[1]) - 1
    bottom, right = (int(m[4]) - 1, column_number(m[3]) - 1) if m[3] else (top, left)
    return min(top, bottom), min(left, right), max(top, bottom), max(left, right)


def _cells_in(refs: list[str], rows: list[list[object]]):
    """The cells of the grid ``rows`` inside the ranges ``refs`` (「B3:B9 D4」), each once, and only non-blank ones
    looked at: a range wider than the sheet's used cells is cut to them."""
    seen: set[tuple[int, int]] = set()
    filled = None
    for top, left, bottom, right in filter(None, map(_box, dict.fromkeys(refs))):
        area = (min(bottom, len(rows) - 1) - top + 1) * (right - left + 1)
        if filled is None and area > 64:
            filled = [(r, c) for r, row in enumerate(rows) for c, v in enumerate(row) if not is_blank(v)]
        if area > 64 and area > len(filled):
            inside = ((r, c) for r, c in filled if top <= r <= bottom and left <= c <= right)
        else:
            inside = ((r, c) for r in range(top, min(bottom, len(rows) - 1) + 1)
                      for c in range(left, min(right, len(rows[r]) - 1) + 1))
        for at in inside:
            if at not in seen:
                seen.add(at)
                yield at


_OPERATORS = {"equal": lambda v, a, b: v == a, "notEqual": lambda v, a, b: v != a,
              "greaterThan": lambda v, a, b: v > a, "lessThan": lambda v, a, b: v < a,
              "greaterThanOrEqual": lambda v, a, b: v >= a, "lessThanOrEqual": lambda v, a, b: v <= a,
              "between": lambda v, a, b: min(a, b) <= v <= max(a, b),
              "notBetween": lambda v, a, b: not min(a, b) <= v <= max(a, b)}
_SIGN_OPERATORS = {"=": "equal", "<>": "notEqual", ">": "greaterThan", "<": "lessThan", ">=": "greaterThanOrEqual",
                   "<=": "lessThanOrEqual"}
_CELL = r"(\$?)([A-Z]{1,3})(\$?)([1-9]\d{0,6})"
_LITERAL = r'(-?(?:\d+\.?\d*|\.\d+)(?:E[+-]?\d+)?|"(?:[^"]|"")*")'
# the formulas of the rules people use to hide what is no value (an error, a zero, a blank): 「ISERROR(A1)」「A1=0」
_IS_FORMULA = re.compile(rf"\s*=?\s*(ISERROR|ISERR|ISNA|ISBLANK)\s*\(\s*{_CELL}\s*\)\s*", re.IGNORECASE)
_COMPARISON_FORMULA = re.compile(rf"\s*=?\s*{_CELL}\s*(<>|>=|<=|=|>|<)\s*{_LITERAL}\s*", re.IGNORECASE)


def _may_apply(rule: dict[str, str], formulas: list[str], value: object, rows: list[list[object]] = (),
               at: tuple[int, int] = (0, 0), anchor: tuple[int, int] = (0, 0)) -> bool:
    """Whether a conditional format's rule may apply to the cell ``at`` holding ``value`` (a rule's formula written for
    the cell ``anchor``, in the grid ``rows``): always, unless it is a comparison of the cell with a number or a text
    (「セルの値が 0 に等しい」「="廃止"」) the value does not meet, asks for a blank cell or an error (``value`` is
    neither: calamine reads an error as blank), or its formula is one of the usual 「ISERROR(A1)」「ISBLANK(A1)」
    「A1=0」 of a cell holding a value that does not meet it. Any other formula is taken as met."""
    kind = rule.get("type", "")
    if kind in ("containsBlanks", "containsErrors"):
        return False
    if kind == "expression" and len(formulas) == 1:
        return _formula_may_apply(formulas[0], rows, at, anchor)
    if kind != "cellIs" or rule.get("operator", "") not in _OPERATORS or isinstance(value, bool):
        return True
    return _compares(value, rule["operator"], formulas[:2])


def _known(rule: dict[str, str], formulas: list[str], value: object, rows: list[list[object]] = (),
           at: tuple[int, int] = (0, 0), anchor: tuple[int, int] = (0, 0)) -> bool:
    """Whether :func:`_may_apply` knows if the rule applies (it evaluated the condition), not only that it may."""
    kind = rule.get("type", "")
    if kind in ("containsBlanks", "containsErrors"):
        return True
    if kind == "expression" and len(formulas) == 1:
        is_function, comparison = _IS_FORMULA.fullmatch(formulas[0]), _COMPARISON_FORMULA.fullmatch(formulas[0])
        found = is_function or comparison
        if found is None:
            return False
        column_fixed, column, row_fixed, row = found.group(2, 3, 4, 5) if is_function else found.group(1, 2, 3, 4)
        r = int(row) - 1 + (0 if row_fixed else at[0] - anchor[0])
        c = column_number(column.upper()) - 1 + (0 if column_fixed else at[1] - anchor[1])
        held = rows[r][c] if 0 <= r < len(rows) and 0 <= c < len(rows[r]) else None
        return not is_blank(held) and (is_function is not None or _compared(held, _SIGN_OPERATORS[comparison[5]],
                                                                             [comparison[6]]))
    return (kind == "cellIs" and rule.get("operator", "") in _OPERATORS and not isinstance(value, bool)
            and _compared(value, rule["operator"], formulas[:2]))


def _compared(value: object, operator: str, formulas: list[str]) -> bool:
    """Whether :func:`_compares` knows if ``value`` meets the comparison (it compared it), not only that it may."""
    if not formulas or isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return False
    if all(f.strip().startswith('"') and f.strip().endswith('"') and len(f.strip()) > 1 for f in formulas):
        return operator in ("equal", "notEqual")
    try:
        return all(math.isfinite(float(f.strip())) for f in formulas)
    except ValueError:
        return False


def _compares(value: object, operator: str, formulas: list[str]) -> bool:
    """Whether ``value`` may meet the comparison ``operator`` with the constants ``formulas`` (True when not known)."""
    if not formulas or isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return True
    if all(f.strip().startswith('"') and f.strip().endswith('"') and len(f.strip()) > 1 for f in formulas):
        if operator not in ("equal", "notEqual"):
            return True
        text = formulas[0].strip()[1:-1].replace('""', '"')  # Excel compares texts whatever their case; a number is no text
        same = isinstance(value, str) and value.casefold() == text.casefold()
        return same if operator == "equal" else not same
    try:
        limits = [float(f.strip()) for f in formulas]
    except ValueError:
        return True
    if not all(map(math.isfinite, limits)):
        return True
    if isinstance(value, str):  # Excel takes a text for more than any number
        value = math.inf
    return _OPERATORS[operator](value, limits[0], limits[-1])


def _formula_may_apply(formula: str, rows: list[list[object]], at: tuple[int, int], anchor: tuple[int, int]) -> bool:
    """An 「ISERROR(A1)」「ISBLANK(A1)」 (False for a cell holding a value) or an 「A1=0」「$B3<>""」 (as
    :func:`_compares`) whose cell holds a value; True for any other formula, or a cell that is blank or an error."""
    is_function, comparison = _IS_FORMULA.fullmatch(formula), _COMPARISON_FORMULA.fullmatch(formula)
    if is_function is None and comparison is None:
        return True
    column_fixed, column, row_fixed, row = is_function.group(2, 3, 4, 5) if is_function else comparison.group(1, 2, 3, 4)
    r = int(row) - 1 + (0 if row_fixed else at[0] - anchor[0])
    c = column_number(column.upper()) - 1 + (0 if column_fixed else at[1] - anchor[1])
    value = rows[r][c] if 0 <= r < len(rows) and 0 <= c < len(rows[r]) else None
    if is_blank(value):  # blank, or an error: not known here
        return True
    if is_function is not None:
        return False
    return _compares(value, _SIGN_OPERATORS[comparison[5]], [comparison[6]])
