"""Normalise what people type into input cells, before judging it (pure, no I/O).

Every function takes the cell value as read (``str``, ``float``, ``bool``, date, or None)
and returns the normalised value together with the catalogue message to report, if any;
the original text is kept by the caller (:func:`raw_text`). Rules (``docs/intake.md``):

- text is NFKC-normalised before parsing numbers and grades (全角 → 半角: ``３０％`` → ``30%``);
  free text (取組実績 …) is kept as typed, only stripped;
- numbers: ``1,500,000``, ``1億5千万円``, ``150万``, ``3施設`` (unit suffix), ``△5``/``▲5``
  (negative), ``¥1,500``; blank → None; separators only between groups of three digits (``1,20,000`` and
  ``12,5`` are not numbers); in a whole-yen amount, no period before three digits (``500.000``);
- grades: the code (``A``/``Ａ``/``a``, ``○``/``〇``/``◯``, ``3``/``３``/3.0), the label (``計画どおり``) or both
  (``A 計画どおり``);
- rate KPIs: what the section sees is what is read. A number in a percentage-formatted cell is
  the fraction it shows (0.825 shows 82.5 %; 1.2 shows 120.0 % and is an error quoting 「120.0%」);
  elsewhere a fraction 0..1 as is, ``30%`` → 0.3, a bare number in (1, 100] → percent points
  with a warning, above 100 % → error.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

from reform_xlsx.form import layout
from reform_xlsx.intake.cells import is_blank, nfkc
from reform_xlsx.intake.date_format import era_text
from reform_xlsx.messages import CALC_ZERO, FORMULA_ADVICE, SENTENCE_ADVICE, Msg
from reform_xlsx.plan.model import GRADE_LOOKALIKE_LETTERS, GRADE_MARK_VARIANTS, GRADE_ZERO_MARK, Grade, Kpi
from reform_xlsx.rounding import as_shown, fixed
from reform_xlsx.rounding import percent as percent_text

EXCEL_MAX_TEXT = 32767  # characters in one cell, as Excel counts them (UTF-16 code units: see excel_length)
# The largest number read: below 10^15 every whole number is exact in a double (Excel, pandas)
# and fits SQLite's integer; 財政効果額 of 1,000兆円 or a KPI of 10^15 is a slip of the keyboard.
MAX_NUMBER = 10**15
HUGE = 1e21  # a number quoted in exponent form (1E+21), as a spreadsheet would need 27 characters
TOO_LARGE = "999兆9999億9999万9999"

# A dash alone (or a few) in an optional number cell says "none" (:func:`means_none`); before a number it is a minus
# sign: every dash an IME or a font may give — 「－」 is 「-」 after NFKC, the Mac's 「−」 (U+2212), 「—」「–」「―」「─」
# look alike in a Japanese font, 「ー」 is the IME's long vowel for the minus key
NONE_DASHES = frozenset("-‐‑‒–—―−─━ー")
# Before a number: it is negative, as Japanese offices write it 「△500,000」「▲500,000」, and any minus sign.
# 「(500,000)」 (the accountant's negative, Excel's own 「#,##0;(#,##0)」) is negative too (:func:`_sign`).
_NEGATIVE_MARKS = frozenset("△▲") | NONE_DASHES
_KANJI_DIGITS = str.maketrans("〇一二三四五六七八九零", "01234567890")
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "億": 10**8, "兆": 10**12}
_TOKEN = re.compile(r"\d+(?:\.\d+)?|\.\d+|[十百千万億兆]")
_NUMBER = re.compile(r"^(?P<body>(?:\d|\.|[十百千万億兆])+)(?P<unit>\D*)$")
_PERCENT_WORDS = ("パーセント", "％")
# Words that make a number approximate (as NFKC leaves them, spaces removed): 「約30万円」「30万円程度」.
# parse_number refuses them; the answers' amounts and KPI actuals read the number and say so (V021).
APPROXIMATE_BEFORE = ("約", "およそ", "おおよそ", "概ね", "おおむね", "大体", "だいたい", "ほぼ", "概算", "見込み", "見込")
APPROXIMATE_AFTER = ("程度", "くらい", "ぐらい", "ほど", "程", "前後", "見込み", "見込", "(見込み)", "(見込)",
                     "(概算)", "(概数)", "(予定)", "(推計)", "(見積)", "(見積り)", "(試算)", "予定", "以上", "以下", "未満",
                     "超", "強", "弱", "余り", "あまり", "余")
# A thousands separator splits the digits in threes (「1,200,000」): 「1,20,000」 or 「12,5」 (a decimal comma) is
# not a number read by guessing.
# (each run taken from its first digit, never from inside it: tried from every digit of a cell of 30,000 digits, the
# search took half a minute, the file's whole reading time, and the file was not read — F013)
_GROUPED = re.compile(r"(?<!\d)\d+(?:,\d+)+")
_GROUPS_OF_THREE = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+")  # 「0,123」「000,123」: a decimal comma, not 123
# A space between digits is a thousands separator as French and SI write it (「1 500 000」) — in threes like a comma
_SPACED = re.compile(r"(?<!\d)\d+(?:\s+\d+)+")
_SPACED_IN_THREES = re.compile(r"[1-9]\d{0,2}(?: \d{3})+")
# ... as a space writes it (half or full width, the no-break and thin spaces): a line break or a tab between digits
# parts two numbers
_DIGIT_GAP = re.compile(r"(?<=\d)\s+(?=\d)")
_THOUSANDS_SPACES = frozenset(" \u3000\u00a0\u202f\u2009")
_STRAY_COMMA = re.compile(r"(?<!\d),|,(?!\d)")  # 「,1200」「1,200,」
# A period before exactly three digits (「500.000」「1.500」「12.000」) is a thousands separator as much of Europe
# writes it (500,000), or a decimal point: in a whole-yen amount it is not read by guessing (「500.000」 read as 500
# would be a thousandth of what was meant). Before 千・万・億・兆 it is a decimal point (「2.125億円」); in a KPI
# counted in decimals (件数・割合: 「1.500」「0.125」) too.
_DOT_THOUSANDS = re.compile(r"\d\.\d{3}(?![\d千万億兆])")
# Units that mean the same as a KPI's (「80名」 for a KPI counted in 人).
SAME_UNITS = {"人": ("名",)}


# A unit written in parentheses after the number, as table headings write it: 「1,200（千円）」 is 1,200千円.
_UNIT_IN_PARENTHESES = re.compile(r"(?<=\d)\(([^()\d]+)\)$")


class NotANumber(ValueError):
    """A cell value that cannot be read as a number."""


@dataclass(frozen=True)
class Number:
    value: float | None  # None when blank
    percent: bool = False  # typed with a % sign
    unit: str = ""  # unit suffix as typed (NFKC), "" when none


@dataclass(frozen=True)
class Outcome:
    """A normalised value and what to report about it (``msg`` None when all is well)."""

    value: object
    msg: Msg | None = None
    params: dict = field(default_factory=dict)


# An item's number typed with another dash between its numbers: 「1ー3」 (the IME's long vowel, 「ｰ」 its half width),
# 「1−3」 (U+2212), 「1–3」「1—3」「1‐3」, 「１－３」 (full width) — each is 「1-3」 (:func:`item_number`)
_ITEM_DASH = re.compile("[" + "".join(map(re.escape, sorted(NONE_DASHES))) + "]")
_ITEM_NUMBER = re.compile(rf"[0-9]+(?:{_ITEM_DASH.pattern}[0-9]+){{1,2}}")


def item_number(typed: str) -> str:
    """An item's number (or ID) as typed, read: NFKC and stripped, and where it is only its numbers with one dash
    between each two (「１－３」「1ー3」「1–1–3」), each dash 「-」 (「1-3」「1-1-3」); any other text as NFKC has it
    (「1ーー3」「1ー3 窓口」「K1」: not an item's number, nor made one)."""
    text = nfkc(typed).strip()
    return _ITEM_DASH.sub("-", text) if _ITEM_NUMBER.fullmatch(text) else text


def raw_text(value: object) -> str | None:
    """The cell value as text, as typed (None for a blank cell)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if not math.isfinite(value):  # only a hand-made file holds one: said without English
            return "（数値として無効な値）" if math.isnan(value) else ("－" if value < 0 else "") + "∞"
        if abs(value) >= MAX_NUMBER:  # as the input cell's 「#,##0」 shows it, to 15 digits (1,000,000,000,000,000);
            return fixed(value, 0) if abs(value) < HUGE else f"{value:.15G}"  # beyond, 1E+300: not 301 digits
        if value.is_integer():
            return str(int(value))
        return plain_decimal(value) if abs(value) >= 1e-10 else f"{value:.15G}"  # 「-0.000001」, not 「-1e-06」
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


QUOTED = 40  # characters of what a section typed that a message quotes (S007, S009, S010 …; docs/intake.md)


def quoted(text: str | None) -> str:
    """What a message quotes of a section's text — an ID, a sheet name, a heading, a cell —: on one line, and cut to
    :data:`QUOTED` characters with 「…」 (an ID of 32,000 characters would make a line no one reads on the screen,
    and a cell of 受付結果 past Excel's limit)."""
    text = " ".join((text or "").split())
    return text if len(text) <= QUOTED else text[:QUOTED] + "…"


def plain_decimal(value: float) -> str:
    """A float as people write it, its shortest exact digits without an exponent: 「-0.000001」, 「0.1」."""
    return format(Decimal(repr(value)), "f")


def parse_number(value: object, whole: bool = False) -> Number:
    """Read a number the way people type it; raises :class:`NotANumber`. ``whole``: an amount of whole yen, where a
    period before three digits (「500.000」) may be a thousands separator and is not read."""
    if is_blank(value):
        return Number(None)
    if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
        raise NotANumber(raw_text(value))
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise NotANumber(raw_text(value))
        return Number(float(value) if abs(value) < 2**63 else math.copysign(math.inf, value))
    text = nfkc(str(value))
    for word in _PERCENT_WORDS:
        text = text.replace(word, "%")
    if any(set(gap) - _THOUSANDS_SPACES for gap in _DIGIT_GAP.findall(str(value))):
        raise NotANumber(str(value))  # 「120」 and 「150」 on two lines (Alt+Enter): two numbers, never 120150
    if any(not _SPACED_IN_THREES.fullmatch(" ".join(run.split())) for run in _SPACED.findall(text)):
        raise NotANumber(str(value))  # 「12 0」「1 50」: two numbers, or a slip — not 120 or 150 read by guessing
    text = "".join(text.split())
    if _STRAY_COMMA.search(text) or any(not _GROUPS_OF_THREE.fullmatch(run) for run in _GROUPED.findall(text)):
        raise NotANumber(str(value))
    if whole and _DOT_THOUSANDS.search(text):
        raise NotANumber(str(value))
    text = text.replace(",", "").translate(_KANJI_DIGITS)
    negative, text = _sign(text)
    text = _UNIT_IN_PARENTHESES.sub(r"\1", text)  # 「1,200（千円）」 as 「1,200千円」, never 1,200 yen
    unit = ""
    if text[:1] in ("¥", "\\", "金"):  # 「金500,000円」, as a formal amount is written
        unit, text = "円", text[1:]
        if not negative:  # 「¥-500」「¥△500」 as much as 「-¥500」
            negative, text = _sign(text, parentheses=False)
    match = _NUMBER.match(text)
    if not match:
        raise NotANumber(str(value))
    number = _kanji_number(match.group("body"))
    if not math.isfinite(number):
        number = math.inf  # more digits than a float holds: judged as too large
    suffix = match.group("unit")
    percent = suffix.startswith("%")
    if percent:
        suffix = suffix[1:]
    unit = suffix or unit
    return Number(-number if negative else number, percent=percent, unit=unit)


# A unit that counts in a multiple of another (千円, 百万円, 億円, 万人): its size and that other unit.
_MULTIPLE_UNIT = re.compile(r"(?P<size>[十百千万億兆]+)(?P<base>[^\d十百千万億兆]+)")


@functools.lru_cache(maxsize=256)
def unit_size(unit: str) -> tuple[int, str] | None:
    """How many of another unit one ``unit`` is, and that unit: 「千円」 (1000, 「円」), 「百万円」 (1000000, 「円」),
    「億円」, 「万人」 (10000, 「人」); None for a unit that is not a multiple of another (「円」「件」「%」「万」).
    One place for every rule that depends on it: reading a figure in the unit, V007, the plan's scale of money."""
    match = _MULTIPLE_UNIT.fullmatch("".join(nfkc(unit).split()))
    if match is None:
        return None
    try:
        times = _kanji_number("1" + match["size"])
    except NotANumber:
        return None
    return int(times), match["base"]


def in_unit(number: Number, unit: str, typed: object) -> Number:
    """``number`` in a KPI's ``unit`` when that unit counts in a multiple of another and ``number`` was typed in the
    other with its size in the figure: 「5,350,000千円」 and 「53億5千万円」 (read as 5,350,000,000 円) are 5,350,000 in a
    KPI of 千円, 「12,380億円」 is 12,380 in a KPI of 億円, 「15,000名」 1.5 in a KPI of 万人 — never 1,000 or
    100,000,000 times the value. The unit is the KPI's when ``typed`` (the cell as typed) writes it (no unit to
    question), else the one typed (「円」, V008 then says it was read in the KPI's unit). A figure with a size and no
    unit (「150万」「1,200千」「1,200（千）」「3万」) is one in the other unit too: 1,500 and 1,200 in a KPI of 千円, 3 in one of 万人,
    its unit the size (「万」, for V008). ``number`` as read for any other unit."""
    size = unit_size(unit)
    if size is None or number.value is None or number.percent or not math.isfinite(number.value):
        return number
    times, base = size
    text = "".join(nfkc(typed).split()) if isinstance(typed, str) else ""
    bare = re.search(r"\d[十百千万億兆]*?\(?(?P<size>[十百千万億兆]+)\)?$", (without_approximation(text) or (text,))[0]) \
        if number.unit == "" else None  # (「1,200（千）」 as a table heading writes the size)
    if number.unit not in (base, *SAME_UNITS.get(base, ())) and bare is None:
        return number
    value = float(Decimal(repr(number.value)) / Decimal(times))
    if bare is not None:
        return Number(value, unit=bare["size"])
    return Number(value, unit=unit if nfkc(unit).strip() in text else number.unit)


def _sign(text: str, parentheses: bool = True) -> tuple[bool, str]:
    """Whether ``text`` (NFKC, no spaces) is a negative number's, and the text without its sign: 「△500」「▲500」「-500」
    「−500」「ー500」「マイナス500」, a minus after the number 「500-」, and the accountant's 「(500)」 (「（500,000円）」, 「(¥500)」 — ``parentheses``); 「+500」 is 500."""
    if parentheses and len(text) > 2 and text[0] == "(" and text[-1] == ")":
        return True, text[1:-1]
    if text[:1] in _NEGATIVE_MARKS:
        return True, text[1:]
    if text.startswith("マイナス"):
        return True, text[len("マイナス"):]
    if len(text) > 1 and text[-1] in "-−" and text[-2] not in _NEGATIVE_MARKS:  # 「500,000-」: Excel and Calc read
        return True, text[:-1]  # it as -500000 when typed in a number cell; as text it is the same number
    return False, text[1:] if text[:1] == "+" else text


def _kanji_number(body: str) -> float:
    """``1億5千万`` → 150000000; ``2.5万`` → 25000; plain digits → float."""
    tokens = _TOKEN.findall(body)
    if "".join(tokens) != body or not tokens:
        raise NotANumber(body)
    total, group = 0.0, 0.0
    current: float | None = None
    last_big, last_small = math.inf, math.inf
    for token in tokens:
        if token in _SMALL_UNITS:
            unit = _SMALL_UNITS[token]
            if unit >= last_small:
                raise NotANumber(body)
            group += (1 if current is None else current) * unit
            current, last_small = None, unit
        elif token in _BIG_UNITS:
            unit = _BIG_UNITS[token]
            if unit >= last_big or (current is None and group == 0):  # 「万」「1億万」: no figure before it; 「0万」 is 0
                raise NotANumber(body)
            group += 0 if current is None else current
            total += group * unit
            group, current, last_big, last_small = 0.0, None, unit, math.inf
        else:
            if current is not None:
                raise NotANumber(body)
            current = float(token)
    return total + group + (0 if current is None else current)


# A formula's strings and quoted sheet names: what is left of a sentence typed after 「=」 is text no formula has.
_FORMULA_QUOTED = re.compile(r'"[^"]*"|\'[^\']*\'')


def formula_advice(formula: str) -> str:
    """What V009 tells the section to do with the formula ``formula`` (「=…」, as the reader says it): a sentence the
    spreadsheet took for a formula — 「=次年度は30手続」 typed, or 「+FAQを公開」 Excel kept as the formula +FAQを公開
    (「=+FAQを公開」) — has text no formula has (not ASCII, outside its strings and not a sheet's name before 「!」):
    drop the sign it began with. Any other formula: type a value."""
    body = formula[1:] if formula.startswith("=") else ""
    outside = _FORMULA_QUOTED.sub("", body)
    if not body or outside.isascii() or "!" in outside:
        return FORMULA_ADVICE
    return SENTENCE_ADVICE.format(sign=body[0] if body[0] in "+-" else "=")


# Spellings that mean the same on a grade scale, folded before comparing (docs/intake.md):
# 計画通り = 計画とおり = 計画どおり, おおむね = 大旨 = 概ね. Applied to the cell and to the plan's
# labels alike, so that any plan's scale accepts them (full and half width are folded by NFKC).
GRADE_SPELLINGS = (("通り", "どおり"), ("とおり", "どおり"), ("おおむね", "概ね"), ("大旨", "概ね"))


_MARK_VARIANTS = str.maketrans(GRADE_MARK_VARIANTS)


def _key(text: str) -> str:
    text = "".join(nfkc(text).upper().split()).translate(_MARK_VARIANTS)
    for variant, usual in GRADE_SPELLINGS:
        text = text.replace(variant, usual)
    return re.sub(r"[:・()\[\]「」【】\-.,、。_/]", "", text)


def parse_grade(value: object, grades: tuple[Grade, ...]) -> str | None:
    """The grade code for ``A``, ``Ａ``, ``A 計画どおり``, ``計画どおり`` …; None when not on the scale.

    A scale of marks reads the forms a keyboard gives for them (``〇`` ``◯`` for ○, ``✕`` for ×; ``x`` for × and ``o`` for
    ○ when the scale has no such letter; 0 for ○, as LibreOffice Calc stores a typed 〇), a scale of digits the number a
    cell holds (3.0 for 「3」, never -3 or 3.5)."""
    if is_blank(value) or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and not (float(value).is_integer() and 0 <= value < 10):
        return None
    key = _key(raw_text(value) or "")
    return next((code for code, keys in _grade_keys(grades) if key in keys), None)


def typed_zero(value: object, grades: tuple[Grade, ...]) -> str:
    """Why a grade cell holds the number 0 that is on no scale (V001 of the 調査票, A001 of the 推進室評価シート: quoted
    「0」, a figure nobody typed): LibreOffice Calc (ja-JP) keeps a typed 「〇」 as the number 0 (the sheet's XML holds
    <v>0</v>, nothing of the 〇) — :data:`reform_xlsx.messages.CALC_ZERO`; "" for any other value, and on a scale of
    digits (5～1), where a 0 is as likely a digit typed. (A scale with ○ reads the 0 as ○: :func:`parse_grade`.)"""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != 0:
        return ""
    return "" if any(g.code.isdigit() for g in grades) else CALC_ZERO


@functools.lru_cache(maxsize=16)
def _grade_keys(grades: tuple[Grade, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each grade's code and what a cell may read for it: its code, its label, both (once per scale); for a mark the
    letter a section types for it (「X」 for ×) when the scale has no such letter (P062 keeps a scale from having both),
    and 0 for ○ (:data:`GRADE_ZERO_MARK`: never a code)."""
    codes = {g.code for g in grades}
    keys = []
    for grade in grades:
        label = _key(grade.label)
        shown = [_key(grade.code)]
        letter = GRADE_LOOKALIKE_LETTERS.get(grade.code)
        if letter is not None and letter not in codes:
            shown.append(letter)
        if grade.code == GRADE_ZERO_MARK:
            shown.append("0")
        keys.append((grade.code, tuple(k for code in shown for k in (code, code + label)) + (label,)))
    return tuple(keys)


def _display(number: float) -> str:
    return f"{int(number):,}" if float(number).is_integer() else f"{number:,.10g}"


def _whole(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


def percent_shown(fraction: float) -> str:
    """A fraction as a cell formatted 「0.0%」 shows it: 1.2 → 「120.0%」, 0.0625 → 「6.3%」 (rounded as the spreadsheet
    rounds, half away from zero on 15 digits: :func:`~reform_xlsx.rounding.percent`; a huge one as Excel shows it,
    「1E+302%」, never in three hundred digits)."""
    percent = fraction * 100
    return f"{percent:.15G}%" if abs(percent) >= MAX_NUMBER else percent_text(fraction, 1, thousands=False)


def shown_text(value: object, percent_format: bool) -> str | None:
    """A cell as the section sees it: a number in a percentage-formatted cell as 「82.5%」, else as typed."""
    if percent_format and isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return percent_shown(value)
    return raw_text(value)


# Units of time, each with the words that mean the same: 「6か月」 and 「6ヶ月」 for a KPI counted in か月.
TIME_UNITS = (("か月", "ヶ月", "ケ月", "カ月", "ヵ月", "箇月", "個月", "月"), ("日", "日間"), ("年", "年間"), ("週", "週間"),
              ("時間",), ("分", "分間"), ("秒", "秒間"))
# A day or a time of day written as text (NFKC, no spaces, kanji digits as digits) — 「4月」「4月分」「3日」「4/1」
# 「2027/3/31」「令和9年4月」「R9.4」「2027年3月末」「2026年度」「12:30」「9時半」: a date typed into a number field where
# the cell keeps text (formatted as text, a leading 「'」, a Calc that left it text); never its first figure (4円).
_AT = r"(?:末日?|初め|初旬|上旬|中旬|下旬|頃|ごろ|中|分|時点|現在|まで|以降|から)*"
_DATE_WORDS = re.compile(
    r"(?:令和|平成|昭和|[RHSrhs])(?:\d{1,2}|元)(?:年|[./-]\d).*"  # an era's year: 「令和9年4月」「R9.4」「H31.4.1」
    r"|(?:\d{4}年度?)?[\d十]{1,3}月(?:[\d十]{1,3}日)?" + _AT +  # 「4月」「4月1日」「2027年3月末」「4月分」
    r"|\d{4}年度?" + _AT + r"|[\d十]{1,3}日" + _AT +  # 「2026年」「2026年度」「3日」
    r"|(?:\d{4}[/.-])?(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?:/\d{2,4})?" + _AT +  # 「4/1」「2027/3/31」
    r"|\d{4}([.-])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])" + _AT +  # 「2027-03-31」「2027.3.31」
    r"|\d{1,2}:\d{2}(?::\d{2})?|[\d十]{1,3}時(?:[\d十]{1,3}分|半)?" + _AT)  # 「12:30」「9時半」


# A number each kind of field reads, for a message that asks for one (V024, V025)
NUMBER_EXAMPLE = {"rate": "50%", "yen": "1500000", "count": "3"}


# The word after a number that makes it a change or a ratio — 「2倍」「15%増」「120人増」「30件減少」 — where a KPI's
# 実績値 is the year's value itself (a KPI counted in 倍 reads 「1.2倍」: its own unit)
_CHANGE = re.compile(r".*(?:倍|増|減|増加|減少|アップ|ダウン|UP|DOWN|up|down|Up|Down)")


def time_word(value: object, unit: str = "") -> str | None:
    """What a number field's text says of time, when it is not a number: ``"date"`` for a day or a time of day
    (:data:`_DATE_WORDS`: 「4月」「3日」「4/1」「令和9年4月」), ``"duration"`` for a number in a unit of time
    (「6か月」「2年」「12時間」); None for anything else — and for a number in the field's own ``unit`` of time or a
    word meaning the same (a KPI counted in 日 reads 「3日」, one in か月 「6ヶ月」)."""
    if not isinstance(value, str):
        return None
    text = "".join(nfkc(value).split()).translate(_KANJI_DIGITS)
    text = text[1:] if text[:1] == "'" else text  # 「'4月」: Calc keeps the 「'」 typed before a text it would not change
    own = next((family for family in TIME_UNITS if nfkc(unit).strip() in family), ())
    if any(re.fullmatch(r"[\d.,十百千万]+" + re.escape(word), text) for word in own):
        return None
    if _DATE_WORDS.fullmatch(text):
        return "date"
    typed = re.fullmatch(r"[\d.,十百千万億兆]+(\D+)", text)
    if typed and any(typed[1] in family for family in TIME_UNITS):
        return "duration"
    return None


def normalise_kpi(value: object, kpi: Kpi, label: str = layout.kpi_label("actual"), *,
                  percent_format: bool = False) -> Outcome:
    """The KPI actual as the plan holds it: rate → fraction, yen → int, count → number.

    ``percent_format``: the cell shows its number as a percentage (the template's rate cells do).
    Then the number is what the section sees — 1.2 shows 「120.0%」 and is 120 %, never 1.2 % —
    and the messages quote it as shown. A count or amount in such a cell (Calc gives a cell the format when 「80%」 is
    typed into it, and stores 0.8) is read as shown too: 「80.0%」, 80 with V008 — as the text 「80%」 is —, never 0.8."""
    raw = shown_text(value, percent_format)
    if percent_format and not kpi.is_rate and raw is not None and isinstance(value, float | int) \
            and not isinstance(value, bool) and math.isfinite(value):
        value = raw
    approx = without_approximation(value)
    if kpi.is_rate and (fraction := wari_fraction(approx[0] if approx else value)) is not None:
        outcome = _shown_rate(fraction, raw, label)
        return _approximate(outcome, approx, label, raw, percent_shown(outcome.value)) if outcome.value is not None \
            else outcome
    example = {"rate": "30%", "yen": "150000000 または 1億5千万円"}.get(kpi.kind, "3")  # a bare number, as the
    # cell's input message says (「数字だけを入力します（単位は不要）」)
    said = None if kpi.is_rate else time_word(approx[0] if approx else value, kpi.unit)
    if said == "date":  # 「4月」「4/1」 as text: a day, never 4
        return Outcome(None, Msg.INTAKE_NUMBER_AS_DATE, {"label": label, "raw": raw, "example": NUMBER_EXAMPLE.get(kpi.kind, "3")})
    try:
        if said == "duration":  # 「6か月」 for a KPI counted in 人 or 円: another quantity, not 6 of them
            raise NotANumber(raw)
        number = parse_number(approx[0] if approx else value, whole=kpi.kind == "yen")
        if not kpi.is_rate and number.unit != kpi.unit and _CHANGE.fullmatch(number.unit):
            raise NotANumber(raw)  # 「2倍」「15%増」「120人増」: a change from another value, not the year's value
    except NotANumber:
        return Outcome(None, Msg.INTAKE_NOT_A_NUMBER, {"label": label, "raw": raw, "example": example})
    outcome = _kpi_number(value, in_unit(number, kpi.unit, value), kpi, label, raw, percent_format)
    if approx is None or outcome.value is None:
        return outcome
    shown = percent_shown(outcome.value) if kpi.is_rate else _display(outcome.value) + kpi.unit
    return _approximate(outcome, approx, label, raw, shown)


def _kpi_number(value: object, number: Number, kpi: Kpi, label: str, raw: str | None,
                percent_format: bool) -> Outcome:
    if number.value is None:
        return Outcome(None)
    v = number.value
    if abs(v) >= MAX_NUMBER:
        return Outcome(None, Msg.INTAKE_VALUE_TOO_LARGE, {"label": label, "raw": raw, "limit": TOO_LARGE})
    if kpi.is_rate:
        if percent_format and isinstance(value, (int, float)) and not isinstance(value, bool):
            return _shown_rate(float(value), raw, label)
        return _normalise_rate(number, raw, label)
    if v < 0 and not kpi.below_zero:
        return Outcome(None, Msg.INTAKE_OUT_OF_RANGE,
                       {"label": label, "raw": raw, "rule": "0 以上で入力してください（マイナスは使えません"
                        + (f"。{parenthesised_minus(v)}" if _held_number(value) else "") + "）"})
    if kpi.kind == "yen" and not float(v).is_integer():
        return Outcome(None, Msg.INTAKE_OUT_OF_RANGE,
                       {"label": label, "raw": raw, "rule": "円の整数で入力してください（小数は使えません）"})
    allowed = {"", kpi.unit, *SAME_UNITS.get(kpi.unit, ()), *next((f for f in TIME_UNITS if kpi.unit in f), ())} \
        | ({"円"} if kpi.kind == "yen" else set())
    unit = "%" if number.percent else number.unit
    if unit not in allowed:
        return Outcome(_whole(v), Msg.INTAKE_UNIT_MISMATCH,
                       {"label": label, "raw": raw, "unit": unit, "expected": kpi.unit,
                        "value": _display(v) + kpi.unit})
    if kpi.kind == "count" and not float(v).is_integer() and counted_whole(kpi):
        return Outcome(v, Msg.INTAKE_COUNT_NOT_WHOLE, {"label": label, "raw": raw, "unit": kpi.unit})
    return Outcome(_whole(v))


def counted_whole(kpi: Kpi) -> bool:
    """Whether a count KPI is counted in whole numbers, so that a fraction in its 実績値 is worth a look (V007): not
    one in a multiple of a unit (12,380.4億円, 5,350.5千円 are amounts) nor one the plan itself gives in fractions
    (a baseline of 180.5時間)."""
    return unit_size(kpi.unit) is None and kpi.decimals == 0


RATE_OVER = "100% を超えています（割合は 0%～100%。「82.5%」のように % を付けて入力してください）"
RATE_UNDER = "0% 未満です（割合は 0%～100%）"


def _shown_rate(v: float, raw: str | None, label: str) -> Outcome:
    """A number in a percentage-formatted cell: the fraction it shows (1.2 shows 120.0 %)."""
    if v < 0:
        return Outcome(None, Msg.INTAKE_OUT_OF_RANGE, {"label": label, "raw": raw, "rule": RATE_UNDER})
    if v > 1:
        return Outcome(None, Msg.INTAKE_OUT_OF_RANGE, {"label": label, "raw": raw, "rule": RATE_OVER})
    return Outcome(v)


# A rate as Japanese offices write it (歩合): 「5割」 is 50 %, 「8割5分」 85 %, 「3分5厘」 3.5 %, 「八割五分」 as much. After the
# first figure each place is one digit, each place once and going down (「8割15分」「5分3割」 are no rate). Only a rate
# is read so: in a count or an amount 「割」 is a unit like any other (「5割」 of 施設 is 5 with V008).
_WARI_PLACES = {"割": 10, "分": 100, "厘": 1000}
_WARI = re.compile(r"(?P<first>[\d.十]+)(?P<place>[割分厘])(?P<rest>(?:\d[分厘])*)")


def wari_fraction(value: object) -> float | None:
    """The fraction a rate written in 割・分・厘 is (「8割5分」 → 0.85, 「▲5割」 → -0.5); None when ``value`` is not
    such a text."""
    if not isinstance(value, str):
        return None
    negative, text = _sign("".join(nfkc(value).split()).translate(_KANJI_DIGITS))
    match = _WARI.fullmatch(text)
    if not match:
        return None
    try:
        first = _kanji_number(match.group("first"))
    except (NotANumber, ValueError):
        return None
    steps = [(first, match.group("place")), *((float(d), p) for d, p in re.findall(r"(\d)([分厘])", match.group("rest")))]
    order = [list(_WARI_PLACES).index(p) for _, p in steps]
    if order != sorted(set(order)):
        return None
    fraction = round(sum(figure / _WARI_PLACES[p] for figure, p in steps), 12)
    return -fraction if negative else fraction


def _normalise_rate(number: Number, raw: str | None, label: str) -> Outcome:
    v = number.value
    assert v is not None
    over = {"label": label, "raw": raw, "rule": RATE_OVER}
    if v < 0:
        return Outcome(None, Msg.INTAKE_OUT_OF_RANGE, {"label": label, "raw": raw, "rule": RATE_UNDER})
    if number.unit:
        return Outcome(None, Msg.INTAKE_NOT_A_NUMBER,
                       {"label": label, "raw": raw, "example": "30%"})
    if number.percent:
        fraction = round(v / 100, 12)
        return Outcome(None, Msg.INTAKE_OUT_OF_RANGE, over) if fraction > 1 else Outcome(fraction)
    if v <= 1:
        return Outcome(v)
    if v <= 100:
        fraction = round(v / 100, 12)
        return Outcome(fraction, Msg.INTAKE_RATE_AS_POINTS,
                       {"label": label, "raw": raw, "percent": f"{v:g}%", "fraction": f"{fraction:g}"})
    return Outcome(None, Msg.INTAKE_OUT_OF_RANGE, over)


# What people write in an optional number cell to say "none": read as blank (the text is kept as raw).
NONE_WORDS = frozenset({"なし", "無し", "無", "ナシ", "該当なし", "該当無し", "該当無", "特になし", "特に無し", "N/A", "NA"})
# around such a word or dash as people write it: 「（なし）」「「なし」」「なし。」 — and 「－円」 is a dash with the unit
_NONE_AROUND = "()「」『』[]【】。.、"


def means_none(value: object) -> bool:
    """Whether ``value`` is text that says "none" in an optional number cell (「なし」, 「－」, 「−」, 「――」)."""
    if not isinstance(value, str):
        return False
    text = "".join(nfkc(value).split()).upper().strip(_NONE_AROUND)
    if len(text) > 1 and text.endswith("円") and set(text[:-1]) <= NONE_DASHES:
        text = text[:-1]
    return text in NONE_WORDS or (text != "" and set(text) <= NONE_DASHES)


def without_approximation(value: object) -> tuple[str, str] | None:
    """``(the number's text, the words taken off)`` when ``value`` is text with approximation words
    around a number (「約30万円」 → ``("30万円", "約")``), else None."""
    if not isinstance(value, str):
        return None
    text, words = "".join(nfkc(value).split()), []
    for before in APPROXIMATE_BEFORE:
        if text.startswith(before) and len(text) > len(before):
            text, words = text[len(before):], [before]
            break
    afters: list[str] = []
    for _ in range(3):  # 「30万円程度（見込み）」「5割程度(予定)」: a few words after it, each taken off from the end
        after = next((a for a in APPROXIMATE_AFTER if text.endswith(a) and len(text) > len(a)), None)
        if after is None:
            break
        text, afters = text[:-len(after)], [after.strip("()"), *afters]  # said as written, left to right
    words += afters
    return (text, "」「".join(words)) if words else None


def _approximate(outcome: Outcome, approx: tuple[str, str] | None, label: str, raw: str | None,
                 shown: str) -> Outcome:
    """``outcome`` of a number read without its approximation words: said so (V021) unless the
    number was refused or another message already says how it was read."""
    if approx is None or outcome.msg is not None or outcome.value is None:
        return outcome
    return Outcome(outcome.value, Msg.INTAKE_APPROXIMATE, {"label": label, "raw": raw, "word": approx[1],
                                                           "value": shown})


# V006 of a negative 財政効果額 (「▲500,000」, 「-500000」): a cost the item added is no 効果額 (the total counts savings
# and revenue only) — what to write instead, as the 記入要領 and the cell's prompt say it (templates/guide.py)
COST_INCREASE = ("財政効果額は歳入の増加・歳出の削減の額です。費用が増えたときはマイナスにせず空欄にし、"
                 "増えた額と理由を「取組実績」に書いてください。")


def parenthesised_minus(number: float) -> str:
    """What a negative number held in a cell may have been typed as: 「(120)」, which Excel and LibreOffice Calc store
    as -120 (the accounting way of writing minus) — the section sees no minus it typed."""
    shown = f"{int(-number):,}" if float(number).is_integer() else plain_decimal(-number)  # never 「1e-06」
    return (f"「({shown})」のようにかっこで囲んで入力した数は、Excel や LibreOffice Calc がマイナスの数にします。"
            f"{shown} なら数字だけで入力します")


def _held_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# 「1,200円/月」「5万円（月額）」: an amount for a month (a day, a week), where 財政効果額 is the year's — never read as
# the year's by a factor of 12 (V006, saying so); 「120万円/年」 is the year's (V008 says how it was read)
_PER_PERIOD = re.compile(r"円?(?:/|毎)(?:月|日|週|時間?|か月|ヶ月|ヵ月|カ月)(?:当たり|あたり)?|円?\(?(?:月|日|週)額\)?")
PER_YEAR = "財政効果額はその年度の1年間の額です。月額・日額などは1年間の額にして入力してください。"


def normalise_yen(value: object, label: str) -> Outcome:
    """財政効果額: optional; a whole number of yen ≥ 0 (``150万円``, ``1,500,000``, ``¥1,500``);
    ``なし``/``－`` mean none; 「約30万円」 is 300,000 with a warning (V021)."""
    raw = raw_text(value)
    if means_none(value):
        return Outcome(None)
    approx = without_approximation(value)
    said = time_word(approx[0] if approx else value)
    if said == "date":  # 「4月」「3日」「4/1」 as text: a day is never an amount (not 4円)
        return Outcome(None, Msg.INTAKE_NUMBER_AS_DATE, {"label": label, "raw": raw, "example": NUMBER_EXAMPLE["yen"]})
    try:
        if said == "duration":  # 「6か月」「2年」: a length of time, not 6円
            raise NotANumber(raw)
        number = parse_number(approx[0] if approx else value, whole=True)
        if number.unit.endswith("倍"):  # 「2倍」: a ratio, not 2円 (「50万円減」 is the saving: read)
            raise NotANumber(raw)
    except NotANumber:
        return Outcome(None, Msg.INTAKE_YEN_INVALID, {"label": label, "raw": raw, "hint": ""})
    v = number.value
    if v is None:
        return Outcome(None)
    if v >= MAX_NUMBER:
        return Outcome(None, Msg.INTAKE_VALUE_TOO_LARGE, {"label": label, "raw": raw, "limit": f"{TOO_LARGE}円"})
    if v < 0 or not float(v).is_integer() or number.percent:
        hint = COST_INCREASE + (f"{parenthesised_minus(v)}。" if _held_number(value) else "") if v < 0 else ""
        return Outcome(None, Msg.INTAKE_YEN_INVALID, {"label": label, "raw": raw, "hint": hint})
    if _PER_PERIOD.fullmatch(number.unit):
        return Outcome(None, Msg.INTAKE_YEN_INVALID, {"label": label, "raw": raw, "hint": PER_YEAR})
    if number.unit not in ("", "円"):
        return Outcome(int(v), Msg.INTAKE_UNIT_MISMATCH,
                       {"label": label, "raw": raw, "unit": number.unit, "expected": "円",
                        "value": _display(v) + "円"})
    return _approximate(Outcome(int(v)), approx, label, raw, _display(v) + "円")


def text_shown(value: object, percent_format: bool = False, era_format: str | None = None,
               number_format: str | None = None) -> object:
    """A free-text cell as the section saw it, when the spreadsheet turned what was typed into a
    number or a date: 「100%」 typed is the number 1 shown as 100% (``percent_format``), 「3月31日」 a
    date — the text says 「100%」 and 「2027年3月31日」, never 「1」 or 「2027-03-31T00:00:00」; a date
    in a cell that shows 和暦 (``era_format``, Japanese Excel turns 「R8.3.31」 into one) as it shows,
    「R8.3.31」 or 「令和8年3月31日」; a bare number as its format shows it (``number_format``: 「1,234」 under 「#,##0」,
    「(500)」 under 「#,##0;(#,##0)」, 「1.50E+03」 under 「0.00E+00」, which LibreOffice Calc gives the cell as it is typed),
    under General as written, all its digits (「1234567890123456」, never the money way 「1,234,567,890,123,460」)."""
    if isinstance(value, bool):
        return value
    if percent_format and isinstance(value, (int, float)) and math.isfinite(value):
        if math.isfinite(value * 100):
            return f"{round(value * 100, 10):.15G}%"
        return f"{(Decimal(repr(float(value))) * 100).normalize():.15G}%"  # past a double's range once shown ×100: 「1E+309%」
    if isinstance(value, (int, float)) and math.isfinite(value):
        shown = number_text(number_format, float(value)) if number_format else None
        if shown is not None:  # (without the room an accounting format's 「_ 」 keeps at its ends: 「¥1,000」)
            return shown.strip(" ")
        if abs(value) >= MAX_NUMBER:  # General: the digits typed (a double holds them up to 2^53), else 1.5E+300
            return str(int(value)) if float(value).is_integer() and abs(value) < 2**53 else f"{value:.15G}"
    if era_format and isinstance(value, dt.date):
        shown = era_text(era_format, value)
        if shown is not None:  # a format of the day only: a time the value may carry is not shown
            return shown
    if isinstance(value, dt.datetime):
        day = f"{value.year}年{value.month}月{value.day}日"
        return day if value.time() == dt.time() else f"{day} {value.hour}:{value.minute:02d}"
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, dt.time):
        return f"{value.hour}:{value.minute:02d}"
    return value


# serial 0 of the 1900 date system (46024 is 2026-01-02), and of the 1904 one (workbookPr date1904: 44562 is 2026-01-02)
DAY_ZERO, DAY_ZERO_1904 = dt.datetime(1899, 12, 30), dt.datetime(1904, 1, 1)
_LAST_DAY = dt.datetime(9999, 12, 31)


def serial_day(serial: float, day_zero: dt.datetime = DAY_ZERO) -> dt.datetime | None:
    """The day (and time) a spreadsheet's serial number stands for in the workbook's date system (``day_zero``); None
    outside 0 .. 9999-12-31."""
    if not 0 <= serial < (_LAST_DAY - day_zero).days + 1:
        return None
    return day_zero + dt.timedelta(days=serial)


def date_shown(value: object, date_format: str | None = None, day_zero: dt.datetime = DAY_ZERO) -> str | None:
    """A number field's cell that holds a date or a time, as the section sees it — 「1/2」 typed became the date
    shown 「1月2日」 (``date_format``, the cell's date or time format: 「m"月"d"日"」, 「yyyy/m/d」), a time 「12:30」 —;
    None when the cell holds no date: a number under no date format, a text, a blank. ``day_zero``: the workbook's
    date system (:data:`DAY_ZERO_1904` for a number under a date format in a 1904 workbook)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if not date_format:
            return None
        day = serial_day(value, day_zero)
        if day is None:
            return None
        value = day.time() if value < 3 and not float(value).is_integer() else day  # a time: 0.5 under 「h:mm」
    if isinstance(value, dt.timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    if isinstance(value, dt.datetime) and value.date() <= dt.date(1900, 1, 1) and value.time() != dt.time():
        value = value.time()  # a time of day: 0.5 under 「h:mm」 is 1899-12-30 12:00
    if isinstance(value, dt.time):
        return f"{value.hour}:{value.minute:02d}"
    if not isinstance(value, dt.date):
        return None
    day_only = date_format and not _NOT_A_DAY.search(re.sub(r'"[^"]*"|\\.|\[[^\][]*\]', "", date_format))
    shown = era_text(date_format, value) if day_only else None  # a format of the day: 「1月2日」, 「R8.1.2」
    return shown if shown is not None else str(text_shown(value))


_NOT_A_DAY = re.compile(r"m{3,}|d{3,}|a{3,}", re.I)  # a month's or a weekday's name: not rendered here


_FORMAT_SECTION = re.compile(r'"[^"]*"|\\.|\[[^\][]*\]|;')
_FORMAT_PART = re.compile(r'"(?P<quoted>[^"]*)"|\\(?P<escaped>.)|\[\$(?P<currency>[^-\][]*)[^\][]*\]|\[[^\][]*\]|_.|\*.'
                          r'|(?P<number>[0#?][0#?,]*(?:\.[0#?]*)?(?:E[+-][0#?]+)?|\.[0#?]+(?:E[+-][0#?]+)?)'
                          r'|(?P<other>[^A-Za-z"\\\[@])', re.I)


_MAX_FORMAT = 64  # longer number formats (a hand-made file's 80,000 characters) are left to General
_PLAIN_NUMBER = re.compile(r"(?:#,##0|#,###|0+|#)(?:\.0*#*)?(?:E[+-]0+)?", re.I)  # the digit runs rendered here
_CONDITION = re.compile(r"\[[<>=]")


def number_text(code: str, value: float) -> str | None:
    """``value`` as the number format ``code`` shows it — the parts a typed number gets: its sections (positive;
    negative;zero), digits 「0」「#」 with 「,」 separators and decimals, leading zeros 「00000」, an exponent 「E+00」,
    quoted and escaped text, a currency 「[$¥-411]」; None for a format this does not render, left to General: a date,
    a fraction, text 「@」, a condition 「[>100]」, thousands scaling 「#,##0,」, a figure beyond 15 digits, a format
    longer than any a spreadsheet gives a typed number — and never an exception (a file is not refused for it)."""
    if len(code) > _MAX_FORMAT or _CONDITION.search(code):
        return None
    try:
        return _number_text(code, value)
    except (ArithmeticError, ValueError):  # (OverflowError is an ArithmeticError)
        return None


def _number_text(code: str, value: float) -> str | None:
    sections, start = [], 0
    for m in _FORMAT_SECTION.finditer(code):
        if m.group() == ";":
            sections.append(code[start:m.start()])
            start = m.end()
    sections.append(code[start:])
    sign = ""
    if value < 0 and len(sections) > 1:
        section, value = sections[1], -value
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    else:
        section, sign = sections[0], "-" if value < 0 else ""
        value = abs(value)
    out, at, digits = [], 0, 0
    for m in _FORMAT_PART.finditer(section):
        if m.start() != at:
            return None  # a letter no part takes (y, m, d, h …), 「@」: not a number's format
        at = m.end()
        if m["number"]:
            if not _PLAIN_NUMBER.fullmatch(m["number"]) or section[m.end():m.end() + 1] == ",":
                return None  # 「#,##0,」 (scaled), 「0.???」, 「##0.0E+0」 (engineering): left to General
            digits += 1
            shown = _digits(m["number"], value)
            if shown is None:
                return None
            out.append(shown)
        else:
            out.append(m["quoted"] if m["quoted"] is not None else m["escaped"] or m["currency"] or m["other"] or
                       (" " if m.group().startswith("_") else ""))
    if at != len(section) or digits != 1:
        return None  # 「000-0000」, a fraction 「# ?/?」: digits in pieces
    return sign + "".join(out)


def _digits(placeholders: str, value: float) -> str | None:
    """``value`` (not negative) under one run of digit placeholders: 「#,##0」 → 「1,234」, 「00000」 → 「00042」,
    「0.00E+00」 → 「1.50E+03」; None beyond what a cell shows digit for digit (15 digits; an exponent past ±300)."""
    mantissa, _e, exponent = placeholders.upper().partition("E")
    whole, _dot, decimals = mantissa.partition(".")
    places, least = len(decimals), decimals.count("0") if "#" in decimals else len(decimals)
    if not exponent and value >= MAX_NUMBER or exponent and value and not 1e-300 < value < 1e300:
        return None
    if exponent:
        power = 0 if value == 0 else math.floor(math.log10(as_shown(value, 14 - math.floor(math.log10(value)))))
        text = fixed(value / 10**power, places, thousands=False)
        if text.startswith("10"):  # 9.995 under 0.00E+00 is 1.00E+01
            power += 1
            text = fixed(value / 10**power, places, thousands=False)
        sign = "-" if power < 0 else ("+" if exponent[0] == "+" else "")
        return _trim(text, places, least) + "E" + sign + str(abs(power)).zfill(exponent[1:].count("0"))
    text = _trim(fixed(value, places, thousands="," in whole), places, least)
    if whole.count("0") == 0 and text.startswith("0"):  # 「#,###」 shows no 0 before the point
        text = text[1:]
    if "," not in whole and len(whole) > 1:  # 「00000」: leading zeros to the placeholders' count
        head, dot, tail = text.partition(".")
        text = head.zfill(len(whole)) + dot + tail
    return text


def _trim(text: str, places: int, least: int) -> str:
    """Decimals 「#」 show no trailing 0: 「0.0#」 shows 1.5 as 「1.5」, 1 as 「1.0」."""
    while places > least and text.endswith("0"):
        text, places = text[:-1], places - 1
    return text.rstrip(".")


def excel_length(text: str) -> int:
    """The length of ``text`` as Excel counts it against its cell limit: UTF-16 code units, so a character
    outside the Basic Multilingual Plane (「𠮷」, an emoji) counts twice."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2  # in C: a long text is counted as fast as it is read


def normalise_text(value: object) -> Outcome:
    """Free text: kept as typed (stripped); over Excel's cell limit is an error (V010). A text of exactly the limit
    is an error too (V022), kept as read: a saved file never holds more, so a longer text was cut there when it was
    saved (LibreOffice Calc holds 40,000 characters and writes 32,767 to .xlsx) and its end is lost."""
    text = raw_text(value)
    if text is None or not text.strip():
        return Outcome(None)
    length = excel_length(text)
    if length > EXCEL_MAX_TEXT:
        return Outcome(None, Msg.INTAKE_TEXT_TOO_LONG, {"length": f"{length:,}"})
    if length == EXCEL_MAX_TEXT:
        return Outcome(text.strip(), Msg.INTAKE_TEXT_CUT_AT_LIMIT)
    return Outcome(text.strip())


# What a cell holding one of Excel 365's rich values is (workbook_reader.special_cells: ("rich", kind)), for V027: what
# it holds, what to do, and the text the 差し戻し copy writes in its place (recorded as sent as text, so that the copy
# sent back with it unchanged says V027 again).
_PICTURE_TODO = ("画像は受け付けられないので送らず、セルの画像を削除して（セルを選んで Delete キー）、"
                 "伝えたい内容を文章で入力")  # (the message adds 「してください。」)
_DATA_TYPE_TODO = "セルを右クリックし「データ型」→「テキストに変換」で文字にするか、値を直接入力し直"
RICH_VALUES = {
    "picture": ("画像（［挿入］→［画像］→［セルに配置］で入れた画像、または IMAGE 関数）", _PICTURE_TODO, "（セルの画像）"),
    "data_type": ("データ型（株価・地理や、組織のデータ型。セルにアイコンの付いた値）", _DATA_TYPE_TODO, "（データ型）"),
    "": ("画像かデータ型", "画像なら、セルの画像を削除して伝えたい内容を文章で入力し、データ型なら、セルを右クリックし"
                       "「データ型」→「テキストに変換」で文字に", "（画像・データ型）"),
}


def rich_value(kind: str) -> tuple[dict[str, str], str]:
    """The parameters of V027 for a rich value of ``kind`` (``"picture"``, ``"data_type"``, ``""`` not known, or the
    text a 差し戻し copy wrote in its place), and that text."""
    kind = next((k for k, (_w, _t, shown) in RICH_VALUES.items() if kind == shown), kind)
    what, todo, shown = RICH_VALUES.get(kind, RICH_VALUES[""])
    return {"what": what, "todo": todo}, shown
