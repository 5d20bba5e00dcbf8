"""Row heights for wrapped Japanese text, estimated from text length and column width.

LibreOffice does not re-fit the height of a row an .xlsx file gives (neither on opening nor in
print), and Excel keeps a height that was set by hand, so every writer here (templates,
reports, receipts) sets each row's height itself with :func:`row_height`. The estimate assumes
the workbooks' font (BIZ UDゴシック, monospaced: a full-width character is 1 em, a half-width
one ½ em; its line is exactly 1 em tall) at :data:`FONT_SIZE` points and Excel's column width
unit (the width of a digit of the default font, 7 pixels at 96 dpi).

Measured with LibreOffice 7.4 (PDF): a line of 10 pt text takes 10.0 pt, and a column of width
w holds ``line_capacity(w)`` half-width characters. Excel rounds a line to whole pixels
(10.5 pt), so :data:`LINE_HEIGHT` is that: a row sized here never clips in either application,
and wastes at most half a point a line in LibreOffice.

:func:`wrap_lines` breaks a text into the lines a width holds, for notes written one line a row
(no merged cells).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache, partial

from reform_xlsx.textwidth import text_units

# the font size every workbook is written in (points): here, not beside xlsxwriter's options, so that a process
# reading returns — it sizes the earlier years' texts a form shows — never imports xlsxwriter
FONT_SIZE = 10

LINE_HEIGHT = 10.5  # points per line of FONT_SIZE text (LibreOffice 10.0 measured; Excel 14 px)
ROW_PADDING = 3.0  # points above and below the text of a row
MAX_ROW_HEIGHT = 409.0  # Excel's limit
_PX_PER_WIDTH_UNIT = 7  # pixels per column width unit (Excel, default font metrics)
_CELL_PADDING_PX = 8  # pixels lost to cell margins and gridlines
_HALF_WIDTH_PX = FONT_SIZE * 96 / 72 / 2  # a half-width character at 96 dpi
_WRAP_SLACK = 1.08  # lines lost to line breaking rules (a character that cannot start a line moves with the one before)


def line_capacity(width: float, font_size: float = FONT_SIZE) -> int:
    """How many half-width characters fit on one line of a column ``width`` wide."""
    half_px = _HALF_WIDTH_PX * font_size / FONT_SIZE
    return max(1, int((width * _PX_PER_WIDTH_UNIT + 5 - _CELL_PADDING_PX) / half_px))


def line_count(text: object, width: float, font_size: float = FONT_SIZE) -> int:
    """Lines a wrapped cell needs: each paragraph wraps on its own; ~8 % slack for line breaking rules, and a
    paragraph holding a run of four or more ASCII characters (a word, a number, a URL) at least the lines
    LibreOffice's wrap of it gives (:func:`_may_break_printed`)."""
    if text is None or text == "":
        return 1
    text = str(text)
    if len(text) > _REMEMBERED_LENGTH:  # an answer's text: rarely sized twice, not kept
        return _lines(text, width, font_size)
    return _text_lines(text, width, font_size)


def _lines(text: str, width: float, font_size: float) -> int:
    # a tab in a wrapped cell takes LibreOffice the room to its next tab stop, up to four half-width characters
    # (「a\ta\t…」 prints 12 a a line in a cell 50 wide, 4 in one 20 wide), not the one text_units gives it: counted as
    # four characters a line may end beside (「a\tb\tc\td\t…」 printed 27 lines in a row sized for 14, cut)
    paragraphs = text.replace("\t", _TAB).split("\n")
    units = [text_units(p) for p in paragraphs]
    lines = units_lines(units, width, font_size)
    if _LATIN_RUN.search(text) is None:  # Japanese text: the estimate alone
        return lines
    # LibreOffice keeps a word of Latin letters, a number (「▲12,500,000円」) and a URL between its break places whole
    # and moves it to the next line, so such a line holds fewer characters than the estimate allows: a paragraph
    # holding one counts as many lines as the wrap by its rules gives, when that is more (72 stress packets of the
    # meeting printed 357 answers of mixed text cut at the bottom of their rows, by up to 36 characters). Its line
    # holds as many half-width characters as the column is wide (the unit is the width of a digit of the workbooks'
    # font: 33.0 → 33, 33.5 → 33; measured 4–100), 4 % fewer than line_capacity at 50 and more.
    capacity = min(line_capacity(width, font_size), max(1, int(width * FONT_SIZE / font_size)))
    # (not for a paragraph on one line — it wraps nowhere — nor for one whose estimate is twice what the tallest row
    # prints: the row is as tall as a row may be and fit_row cuts the text, which its wrap would not change; a
    # 32,767-character run took 0.2 s a count)
    tallest = 2 * row_lines(MAX_ROW_HEIGHT, font_size)
    for p, u in zip(paragraphs, units):
        if u > capacity and _LATIN_RUN.search(p) and (estimate := units_lines([u], width, font_size)) <= tallest:
            # (no space stands past the edge there: a line ends after the spaces that fit and before the word they
            # follow, and those that do not fit take their room on the next line, a line of their own before a URL)
            wrapped = max(len(_wrap(p, capacity, 0, _may_break_printed, printed=True, hang="")),
                          len(_wrap(p, capacity, 0, _may_break_spaces, hang="")))
            lines += max(0, wrapped - estimate)
    return lines


_TAB = "ｱｱｱｱ"  # four half-width characters a line may end beside, none ASCII (a tab ends a word)
_LATIN_RUN = re.compile(r"[!-~]{4,}")  # a word, a number or a URL long enough to move a line's end: 4 characters


# :func:`line_count` of a short text, worked out once for each text and width: the meeting workbooks (packet and office
# copy) and 受付結果 size the same section names, labels and messages row after row
_text_lines = lru_cache(maxsize=4096)(_lines)
_REMEMBERED_LENGTH = 400  # characters: at most a few MB of texts kept


def units_lines(paragraphs: list[float], width: float, font_size: float = FONT_SIZE) -> int:
    """:func:`line_count` of a text whose paragraphs are ``paragraphs`` half-width units long (measured once, for
    trying a column at many widths)."""
    capacity = line_capacity(width, font_size)
    return sum(max(1, math.ceil(u * _WRAP_SLACK / capacity)) for u in paragraphs)


def print_capacity(width: float, font_size: float = FONT_SIZE) -> int:
    """About how many full-width characters (few line breaks) a wrapped cell ``width`` wide prints whole:
    a row is at most :data:`MAX_ROW_HEIGHT` tall and never splits across pages, so a longer text is cut on
    paper. 15 % below the estimate, rounded down to 50: what a form tells the person typing, so it holds —
    LibreOffice printed 442 characters of punctuated text where the estimate gives 457, and a row Calc grew as
    the text was typed held 387 of 400 in a column 26 wide (it sizes the row by its screen layout)."""
    lines = int((MAX_ROW_HEIGHT - 2 * ROW_PADDING) / (LINE_HEIGHT * font_size / FONT_SIZE))
    characters = 0.85 * lines * line_capacity(width, font_size) / 2 / _WRAP_SLACK
    return max(50, int(characters // 50) * 50)


def row_height(cells: list[tuple[object, float]], min_lines: int = 1,
               font_size: float = FONT_SIZE, padding: float = ROW_PADDING, minimum: float = 0.0) -> float:
    """Height (points) of a row whose wrapped cells are ``(text, column width)`` pairs
    (at least ``minimum`` points)."""
    lines = max([min_lines] + [line_count(text, width, font_size) for text, width in cells])
    height = max(minimum, lines * LINE_HEIGHT * font_size / FONT_SIZE + 2 * padding)
    return min(MAX_ROW_HEIGHT, round(height * 4) / 4)


CUT_MARKER = "…（以下略、全 {n:,} 字）"  # ends a text cut to fit its row (n: the whole text's length)


def fit_row(text: str, width: float, font_size: float = FONT_SIZE, height: float = MAX_ROW_HEIGHT,
            marker: str = CUT_MARKER) -> str:
    """``text`` as one row of a column ``width`` wide can print it: whole when it fits a row ``height``
    points high (at most the tallest row, :data:`MAX_ROW_HEIGHT`), else cut at what fits and ended
    ``marker`` (「…（以下略、全 2,994 字）」) — a printed page never loses the end of an answer without saying so."""
    lines = row_lines(height, font_size)
    if line_count(text, width, font_size) <= lines:
        return text
    marker = marker.format(n=len(text))
    kept, too_many = 0, len(text)  # the longest start of the text that fits with the marker
    while too_many - kept > 1:
        mid = (kept + too_many) // 2
        kept, too_many = (mid, too_many) if line_count(text[:mid] + marker, width, font_size) <= lines else (kept, mid)
    return text[:kept].rstrip() + marker


def row_lines(height: float = MAX_ROW_HEIGHT, font_size: float = FONT_SIZE) -> int:
    """Lines a row ``height`` points high (at most the tallest row) prints: :func:`fit_row` cuts a text to them."""
    return max(1, int((min(height, MAX_ROW_HEIGHT) - 2 * ROW_PADDING) / (LINE_HEIGHT * font_size / FONT_SIZE)))


def cut_to_length(text: str, room: int, marker: str) -> str:
    """``text`` when Excel counts it ``room`` long or less (UTF-16 code units: 「𠮷」 or an emoji counts twice), else
    its start ended ``marker`` (「…（以下略、全 40,000 字）」) within ``room``: a cell's or a note's limit is never hit
    with the end lost unsaid."""
    from reform_xlsx.intake.normalise import excel_length

    if excel_length(text) <= room:
        return text
    keep = room - len(marker)
    while excel_length(text[:keep]) > room - len(marker):
        keep -= 1
    return text[:keep] + marker


def wrap_lines(text: str, width: float, font_size: float = FONT_SIZE) -> list[str]:
    """``text`` broken into lines that fit a span of ``width`` column units (each paragraph on
    its own lines), for text written one line a row instead of into merged cells.

    Breaks follow the Japanese rules (禁則処理, by moving characters to the next line — 追い出し):
    a line never begins with closing punctuation, a small kana or a unit sign (「、」「。」「）」「ー」「っ」
    「℃」 …), never ends with an opening bracket (「（」「「」 …), and a number or a word of Latin letters
    is not split (「▲12.5%」「1,234」「2024-2026」「KPI」 stay whole) — unless the line holds no place
    the rules allow, which only a word longer than a line or a run of punctuation can cause. Spaces
    (half- or full-width) where a line breaks end that line (a space past the width is not seen),
    so no line starts with one. Joined again, a paragraph's lines are the paragraph."""
    return wrap_units(text, max(2, int(line_capacity(width, font_size) / 1.04)))


def wrap_units(text: str, capacity: int) -> list[str]:
    """``text`` broken into lines of at most ``capacity`` half-width characters, by the rules of :func:`wrap_lines`
    (for a text that is not a cell's: a chart's title)."""
    reach = min(6, capacity // 16)  # how far back a line may end early at a softer place (a long line only)
    return [line for paragraph in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
            for line in _wrap(paragraph, capacity, reach, _may_break)]


def _wrap(paragraph: str, capacity: int, reach: int, may_break, printed: bool = False,
          hang: str = " \u3000") -> list[str]:
    """One paragraph's lines (:func:`wrap_units`): a line ends at the last place ``may_break`` allows that fits, up
    to ``reach`` characters earlier at a softer place. ``printed``: two more of LibreOffice's ways with a run of
    ASCII characters (:func:`_in_line`), and a line filled to the last unit does not end at a place inside such a run
    (in a cell 10 wide it prints 「aaaa/」「bbbb/」, not 「aaaa/bbbb/」) but at the place before, or at the edge.
    ``hang``: the spaces that may stand past the width at a line's end."""
    lines: list[str] = []
    start, used = 0, 0
    for i, ch in enumerate(paragraph):  # a space never starts a break: it may stand past the width (``hang``)
        w = text_units(ch)
        while used + w > capacity and start < i and ch not in hang:  # what moved down may not fit either
            rule = partial(_in_line, may_break=may_break, start=start) if printed else may_break
            cut = _break_point(paragraph, start, i, rule)
            if printed and cut == i and used == capacity and _inside_run(paragraph, i) and i - 1 > start:
                cut = _break_point(paragraph, start, i - 1, rule)
                cut = cut if rule(paragraph, cut) else i
            cut = _softer(paragraph, start, cut, reach)
            lines.append(paragraph[start:cut])
            start, used = cut, sum(text_units(c) for c in paragraph[cut:i])
        used += w
    lines.append(paragraph[start:])
    return lines


def _ascii(ch: str) -> bool:
    return "!" <= ch <= "~"


def _inside_run(p: str, k: int) -> bool:
    """Whether ``p[k - 1]`` and ``p[k]`` are both printable ASCII characters (a place inside a word, number or URL)."""
    return _ascii(p[k - 1]) and _ascii(p[k])


def _in_line(p: str, k: int, may_break, start: int) -> bool:
    """``may_break`` for the line that starts at ``start``, as LibreOffice prints: a run of ASCII characters that
    follows a space ends no line at a place inside it but after 「-」 or 「\\」 while it is on the line it starts on
    (「Robotic Process」「Automationhttps://www.city.example.lg.j」, not 「Robotic Process Automationhttps://」; 「…円\\\\」
    「fs01\\share\\dx\\」)."""
    allowed = may_break(p, k)
    if not allowed or not _inside_run(p, k) or p[k - 1] in "-\\":
        return allowed
    run = k - 1  # where the run starts, or the line if sooner (a run begun on a line before: its places count)
    while run > start and (_ascii(p[run - 1]) or p[run - 1] == "・" and run >= 2 and _ascii(p[run - 2])):
        run -= 1
    return not (run > 0 and p[run - 1] in _SPACES)


_SPACES = " \u3000"  # half- and full-width
# 行頭禁則 (JIS X 4051's classes 2–6 and 9, the common set, half-width forms too, and unit signs):
# closing brackets and quotes, hyphens, punctuation, iteration marks, the long vowel mark, small kana;
# 行末禁則: opening brackets and quotes.
NO_LINE_START = frozenset(
    "、。，．,.:;!?)]}）］｝〕〉》」』】〙〗〛〞〟’”｠⦆»・：；！？‼⁇⁈⁉‐゠–ヽヾーゝゞ々〻〜～…‥%％‰°′″℃¢￠゛゜"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ｡｣､･ｰｧｨｩｪｫｬｭｮｯﾞﾟ")
NO_LINE_END = frozenset("([{（［｛〔〈《「『【〘〖〚〝‘“｟⦅«｢")
_SIGNS = "+-−＋－±▲△¥￥$＄"  # before a number: stay with it
_IN_NUMBERS = ".,．，-"  # between two digits or letters: part of the number or word (「1,234.5」「2024-2026」)


def _in_word(ch: str) -> bool:
    """A character of a number or a word of Latin letters (half- or full-width), which a break must not split."""
    return ch.isascii() and ch.isalnum() or "０" <= ch <= "９" or "Ａ" <= ch <= "Ｚ" or "ａ" <= ch <= "ｚ"


def _may_break(p: str, k: int, in_word=_in_word) -> bool:
    """Whether a line may end before ``p[k]`` (Japanese line-breaking rules, words and numbers kept whole).
    Spaces around the break end the line unseen, so the rules apply to what is seen on either side."""
    b, j = k - 1, k
    while b > 0 and p[b] in _SPACES:
        b -= 1
    while j < len(p) and p[j] in _SPACES:
        j += 1
    if j == len(p):
        return True
    before, after = p[b], p[j]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if j - b > 1:
        return True  # a space between: two words
    if in_word(before) and in_word(after):
        return False  # inside 「KPI」 or 「1234」
    if after in _IN_NUMBERS and in_word(before) and j + 1 < len(p) and in_word(p[j + 1]):
        return False  # before the 「,」 of 「1,234」 or the 「-」 of 「2024-2026」
    if before in _IN_NUMBERS and in_word(after) and b >= 1 and in_word(p[b - 1]):
        return False  # after it
    return not (before in _SIGNS and in_word(after))  # 「▲12」「-3」 stay together


def _may_break_printed(p: str, k: int) -> bool:
    """:func:`_may_break` as LibreOffice breaks a cell's text (measured in its PDF): between two printable ASCII
    characters only after 「/」 or 「\\」 (not before a second one, nor before a digit when a digit stands before it:
    「gyokaku/」「2026/」, but 「2024/03/15」 whole), after 「-」 before a letter or digit, and after 「?」「!」「|」 — a URL
    breaks after 「https://」「jp/」「online-」「html?」, a path after 「C:\\」「Users\\」, never at 「.」「=」「&」「_」「:」; a
    word with no such place is cut at the edge of the cell — never after 「。」「、」 before one (「た。Business」 moves
    whole), and never before a space (it moves with the word before it)."""
    before, after = p[k - 1], p[k]
    if after in _SPACES:  # a space neither stands past the edge nor begins a line but at the edge (「…ため、」「 」「http…」)
        return False
    if _ascii(after):
        if _ascii(before):
            return (before in "?!|" or before in "/\\" and after not in "/\\" and not (
                        after.isdigit() and k >= 2 and p[k - 2].isdigit())
                    or before == "-" and after.isalnum())
        if before in "。、":
            return False
    return _may_break(p, k, _in_ascii_word)  # full-width letters and digits break as kanji do (「ＲＰ」「Ａの」)


def _in_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _may_break_spaces(p: str, k: int) -> bool:
    """:func:`_may_break_printed` with no place inside a run of ASCII characters: LibreOffice often breaks a line at
    the space before a URL or a word too long for it rather than inside it (「Robotic Process」「Automationhttps://…」),
    and cuts the word at the edge of the cell then."""
    return not _inside_run(p, k) and _may_break_printed(p, k)


def _break_point(p: str, start: int, i: int, may_break=_may_break) -> int:
    """Where the line ``p[start:i]``, full before ``p[i]``, ends: at ``i``, or as little earlier as the
    rules (``may_break``) ask; at ``i`` all the same when no place in the line is allowed."""
    cut = i
    while cut > start + 1 and not may_break(p, cut):
        cut -= 1
        while cut > start + 1 and p[cut] in _SPACES and p[cut - 1] in _SPACES:  # inside a run of spaces every place
            cut -= 1  # is alike (the rules see what stands on either side): judged once a run, not once a space (square)
    return cut if may_break(p, cut) else i


def _softer(p: str, start: int, cut: int, reach: int) -> int:
    """``cut``, or up to ``reach`` characters earlier where a line ends more softly: after 「、」「）」 …, before
    「（」, or where a run of hiragana meets a kanji or katakana (「意見は／推進本部の」, not 「意見は推／進本部の」)."""
    for k in range(cut, max(start + 1, cut - reach) - 1, -1):
        if k < len(p) and p[k] not in _SPACES and _may_break(p, k) and (p[k - 1] in BREAK_AFTER or p[k] in BREAK_BEFORE
                                                 or (_hiragana(p[k - 1]) and _kanji_or_katakana(p[k]))):
            return k
    return cut


def _hiragana(ch: str) -> bool:
    return "ぁ" <= ch <= "ゖ"


def _kanji_or_katakana(ch: str) -> bool:
    return "一" <= ch <= "鿿" or "ァ" <= ch <= "ヺ" or ch in "々〆"


BREAK_BEFORE = "（(〔「"
BREAK_AFTER = "・、，,） )〕」/／"


def header_lines(text: str, max_units: float) -> str:
    """A table header longer than ``max_units`` half-width characters, broken into lines: each at
    the last natural point that fits (before 「（」, after 「・」 「、」 「）」 or a space), else after as
    many characters as fit. 「実施（取組開始）」 → 「実施\n（取組開始）」."""
    text = text.strip()
    # (one pass: each line measured from running sums, never the rest of the text again for each line or each place
    # in it — a plan's long label took minutes, growing with the cube of its length)
    sums = [0]
    for ch in text:
        sums.append(sums[-1] + text_units(ch))
    lines, a, n = [], 0, len(text)
    while sums[n] - sums[a] > max_units and n - a >= 2:  # text[a:] is stripped
        cut, seen = None, a + 1  # seen: the end of the line's last character that is not a space
        for i in range(a + 1, n):
            if sums[seen] - sums[a] > max_units:
                break  # (a longer start only grows)
            if text[i] in BREAK_BEFORE or text[i - 1] in BREAK_AFTER:
                cut = i
            if not text[i].isspace():
                seen = i + 1
        if cut is None:  # no natural point within reach
            cut = a + 1
            while cut < n and sums[cut + 1] - sums[a] <= max_units:
                cut += 1
            while a + 1 < cut < n and text[cut] in NO_LINE_START:  # 「（計画の見直\nし）」, not 「…見直し\n）」
                cut -= 1
        lines.append(text[a:cut].rstrip())
        a = cut
        while text[a].isspace():
            a += 1
    return "\n".join([*lines, text[a:]])


_LABEL_BREAK_BEFORE = "※（("  # a header may break before a note mark or an opening bracket
_LABEL_BREAK_AFTER = "／/・、"  # … and after a slash, a middle dot or a comma (at a space the cell itself breaks)


def header_label(label: str, width: float, font_size: float = FONT_SIZE) -> str:
    """A table header's ``label`` with its line breaks where a reader would break it, for a column ``width``
    wide: a line longer than the column is broken before 「※」 or 「（」, or after 「／」「・」「、」, never
    inside brackets — else the cell wraps it at the column's edge, mid-word (「年度目標値」「※は参考（按」「分）」).
    A piece still longer than the column is broken where a word starts (:func:`_word_pieces`: 「推進室」「コメント」,
    「本部会議での」「意見」) when that takes no more lines than the cell's own breaking. Each piece on the line before
    as long as it fits; a label already fitting, or with no such place, is returned as it is (its own line breaks
    kept; at a space the cell breaks the line itself: 「KPI ID」 stays whole)."""
    capacity = line_capacity(width, font_size)
    lines = []
    for line in label.split("\n"):
        if text_units(line) <= capacity:
            lines.append(line)
            continue
        pieces, depth, start = [], 0, 0
        for i, ch in enumerate(line):
            if depth == 0 and i > start and (ch in _LABEL_BREAK_BEFORE or line[i - 1] in _LABEL_BREAK_AFTER):
                pieces.append(line[start:i])
                start = i
            depth += (ch in "（(") - (ch in "）)")
            depth = max(depth, 0)
        pieces.append(line[start:])
        words = [word for piece in pieces
                 for word in (_word_pieces(piece) if text_units(piece) > capacity else [piece])]
        # where a word starts only if that takes no more lines: a word longer than the column is broken by the cell
        # all the same (「アクションプラン名」: 「アクション」「プラン」「名」, not 「アクション」「プラン名」)
        lines += min(_packed(words, capacity), _packed(pieces, capacity),
                     key=lambda packed: sum(_edge_lines(p, capacity) for p in packed))
    return "\n".join(lines)


def _packed(pieces: list[str], capacity: int) -> list[str]:
    """``pieces`` on lines, each piece on the line before as long as it fits."""
    lines, current = [], ""
    for piece in pieces:
        if current and text_units(current + piece) > capacity:
            lines.append(current)
            current = piece
        else:
            current += piece
    lines.append(current)
    return lines


def _edge_lines(text: str, capacity: int) -> int:
    """Lines ``text`` takes broken at the column's edge, a character at a time (as a cell breaks a word)."""
    lines, used = 1, 0.0
    for ch in text:
        if used and used + text_units(ch) > capacity:
            lines, used = lines + 1, 0.0
        used += text_units(ch)
    return lines


_HEADER_WORDS = ("意見", "方針")  # a header's last word after a run of kanji: 「推進委員会」「意見」


def _word_pieces(text: str) -> list[str]:
    """``text`` cut where a word starts: after kana before a kanji or katakana (「本部会議での」「意見」), between kanji
    and katakana (「推進室」「コメント」), before :data:`_HEADER_WORDS` at the end; never inside brackets, before a
    character that cannot start a line or after one that cannot end it."""
    pieces, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        before = text[i - 1] if i else ""
        if (depth == 0 and i > start and ch not in NO_LINE_START and before not in NO_LINE_END
                and (_hiragana(before) and _kanji_or_katakana(ch) or _script(before) * _script(ch) == 2
                     or _kanji_or_katakana(before) and text[i:] in _HEADER_WORDS)):
            pieces.append(text[start:i])
            start = i
        depth = max(depth + (ch in "（(") - (ch in "）)"), 0)
    pieces.append(text[start:])
    return pieces


def _script(ch: str) -> int:
    """1 for a kanji, 2 for a katakana, 0 for anything else (a product of 2: one of each side by side)."""
    return 1 if "一" <= ch <= "鿿" or ch in "々〆" else 2 if "ァ" <= ch <= "ヺ" or ch == "ー" else 0
