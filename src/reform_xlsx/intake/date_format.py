"""A date cell's text as a spreadsheet shows it, for the number formats of Japanese Excel's 和暦.

calamine gives a date cell's value without its format. A section that types 「R8.3.31」 or
「令和8年3月31日」 into a free-text cell in Japanese Excel gets a date shown in 和暦 (the format
``[$-411]ge.m.d`` or ``[$-411]ggge"年"m"月"d"日"``, or the built-in formats 27–58 of Japanese
Excel): the reader writes what was seen, 「R8.3.31」, never 「2026年3月31日」.

Only the parts such formats use are rendered: the era (``g`` R, ``gg`` 令, ``ggg`` 令和), the era
year (``e``, ``ee``), the Western year (``yyyy``, ``yy``), month and day (``m``, ``mm``, ``d``,
``dd``), quoted and escaped text and the characters between, in the format's first section (the one
for numbers and dates); a format with anything else (a time, a weekday) is left to the plain
rendering (None).
"""

from __future__ import annotations

import datetime as dt
import re

from reform_xlsx.wareki import era_of_date

# Japanese Excel's built-in date formats with an era (other locales show these ids as Western dates)
BUILTIN_ERA_FORMATS = {**dict.fromkeys((27, 36, 50, 57), "[$-411]ge.m.d"),
                       **dict.fromkeys((28, 29, 51, 54, 58), '[$-411]ggge"年"m"月"d"日"')}
_TOKEN = re.compile(r'"([^"]*)"|\\(.)|\[[^\][]*\]|(g{1,3}|e{1,2}|y{4}|y{2}|m{1,2}|d{1,2})|([^A-Za-z"\\\[])', re.I)
_ERA_NAMES = {1: lambda e: e.letter, 2: lambda e: e.name[0], 3: lambda e: e.name}


def is_era_format(code: str) -> bool:
    """Whether a number format shows a date in an era (a ``g`` outside quotes, escapes and brackets)."""
    plain = re.sub(r'"[^"]*"|\\.|\[[^\][]*\]', "", code)
    return "g" in plain.lower()


def _first_section(code: str) -> str:
    """The part of a number format for numbers and dates: before the first 「;」 outside quotes and escapes."""
    for m in re.finditer(r'"[^"]*"|\\.|;', code):
        if m.group() == ";":
            return code[:m.start()]
    return code


def era_text(code: str, value: dt.date) -> str | None:
    """``value`` as the format ``code`` shows it, or None when the format is not one this renders."""
    code = _first_section(code)  # 「…;@」 (Excel's and LibreOffice's 和暦): the rest is for text cells
    if isinstance(value, dt.datetime):
        value = value.date()
    era = era_of_date(value)
    if era is None:
        return None
    out, at = [], 0
    for m in _TOKEN.finditer(code):
        if m.start() != at:  # a letter no token takes (h, s, a …): not a plain date format
            return None
        at = m.end()
        quoted, escaped, token, other = m.groups()
        if quoted is not None:
            out.append(quoted)
        elif escaped is not None:
            out.append(escaped)
        elif other is not None:
            out.append(other)
        elif token:
            t = token.lower()
            number = value.year - era.first_day.year + 1
            if t == "e" and number == 1 and "gannen" in code.lower():  # [$-ja-JP-x-gannen]: 令和元年
                out.append("元")
                continue
            out.append({"e": str(number), "ee": f"{number:02d}", "yyyy": str(value.year), "yy": f"{value.year % 100:02d}",
                        "m": str(value.month), "mm": f"{value.month:02d}", "d": str(value.day),
                        "dd": f"{value.day:02d}"}.get(t) or _ERA_NAMES[len(t)](era))
    return "".join(out) if at == len(code) else None
