"""The section directory (連絡先): 課名・担当者・メール・内線, a small workbook the office edits in Excel.

``reform-xlsx contacts`` writes it with every section of the plan (and the office's own row, the
sender and 問い合わせ先 of every draft); the office fills it in once and keeps it beside the
ledger (:data:`reform_xlsx.outputs.DEFAULT_CONTACTS`). It is read with the intake's safety (a
sandboxed worker: :func:`reform_xlsx.intake.tables.read_sheet_rows`), rows found by the 課名
column and columns by their labels, so the office may reorder or add columns.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path

from reform_xlsx.form import layout
from reform_xlsx.intake import normalise as norm
from reform_xlsx.intake.cells import column_letters
from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.plan.model import Plan, SectionMove, section_key
from reform_xlsx.records import extension_text

SHEET = "連絡先"
COLUMNS = (("section", "課名", 16), ("person", "担当者", 16), ("mail", "メール", 34), ("extension", "内線", 9),
           ("note", "備考", 34))
KEY_LABEL = "課名"
OFFICE_NOTE = "取りまとめ課"  # the 備考 contacts writes in the office's row: not typed by the clerk
# the labels a clerk gives a column instead of ours (compared NFKC, without spaces, case-insensitive)
ALIASES = {"person": ("担当者名", "担当者氏名", "氏名", "担当"),
           "mail": ("メールアドレス", "電子メール", "電子メールアドレス", "Eメール", "Eメールアドレス", "E-mail", "Email",
                    "mail", "mailaddress", "アドレス"),
           "extension": ("内線番号", "内線電話"),
           "note": ("備考欄",)}
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"  # what a local part may hold unquoted (RFC 5322 atext)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
# dot-atom@domain: no dot at either end of a part nor two in a row, a domain of two labels or more
_MAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+")
# the spaces next to an @, taken from the first (tried from each space of a long run with no @, as a 回答者欄 of 30,000
# spaces and two words is, it grew with its square)
_SPACED_AT = re.compile(r"(?<!\s)\s*@\s*")


def normalise_mail(text: str) -> str:
    """An address as typed, made what it must be: NFKC (「ito＠city…」 → 「ito@city…」), no spaces next to the @
    (「yamamoto @city…」) and no full stop ending it as a sentence (「…lg.jp．」). An address as it is copied from a
    mail program is the address alone: 「山田 太郎 <yamada@city…>」 (Outlook's address book), 「mailto:yamada@city…」 (a
    link), 「yamada@city…;」 (a To: line). A space anywhere else is left: two words (「zeimu@… 1501」) are not one
    address, nor two addresses one (:func:`valid_mail` refuses them)."""
    text = norm.nfkc(text or "").strip()
    text = re.sub(r"[;,、]+$", "", text).strip()  # the separator after the one address of a copied To: line
    if (bracketed := re.fullmatch(r"[^<>@]*<([^<>]*)>", text)) is not None:
        text = bracketed.group(1).strip()
    text = re.sub(r"(?i)^mailto:\s*", "", text)
    text = _SPACED_AT.sub("@", text)
    if text.endswith((".", "。")):
        text = text[:-1].rstrip()
    return text


# the honorific a clerk types after a name (「佐藤 花子様」「佐藤 花子 様」「佐藤殿」), before another name or at the end
_HONORIFIC = re.compile(r"\s*(?:様|さま|殿)(?=\s*(?:[、,，・/／]|$))")
# 「様」「さま」 right after a name and before the next one (「佐藤様 鈴木様」, 「佐藤様⏎鈴木様」 on two lines); never 「殿」,
# which ends surnames (「大殿 一郎」)
_HONORIFIC_BEFORE_NAME = re.compile(r"(?<=\S)(?:様|さま)(?=\s)")


def plain_name(text: str) -> str:
    """A 担当者 as typed, made a name to greet: on one line (a name wrapped with Alt+Enter: 「鈴木⏎一郎」 is 「鈴木 一郎」) and
    without the honorific typed after it (「佐藤 花子様」 is 「佐藤 花子」): the drafts add 「様」 themselves, and the office's
    own row (差出人, 問い合わせ先) is no one to honour."""
    return _HONORIFIC.sub("", _HONORIFIC_BEFORE_NAME.sub("", " ".join((text or "").split()))).strip()


# how a section's name ends (「…課」「…室」「…担当」, 「総務課（行政経営担当）」 with its bracket taken off; 「清掃工場」
# 「危機管理監」「債権管理官」「会計管理者」「文化振興事業団」「市民ホール」 are sections' names too)
_SECTION_END = re.compile(r"(?:課|室|局|部|係|担当|班|所|館|センター|グループ|チーム|本部|委員会|事務局|園|署|庁|院|会"
                          r"|場|監|官|団|管理者|ホール)$")
# what begins a note (「※…」「＊…」「（注）…」) or is in a sentence, never in a section's name
_NOTE_MARK = re.compile(r"^[※＊*・◎○●◆◇■□★☆→⇒#＃<＜【〔]|^[（(]?注[）):：]|[。！？!?：:、，,]")
LIKE_A_NAME = 0.6  # how alike (difflib's ratio) a typed text and a known 課名 are when it is that name typed wrong


def is_note(text: str, known: Iterable[str] = ()) -> bool:
    """Whether a 課名 cell reads as a note typed under the table (「※4月に異動予定」「財政課は4月から別の担当です。」)
    rather than a section's name typed wrong (「企画課」「第３企画課」「会計管理者」, 「財政か」 for the ``known``
    財政課): it begins with a note's mark or has a sentence's punctuation, or neither ends as a section's name does
    nor is much like one of the ``known`` names."""
    typed = norm.nfkc(text).strip()
    if _NOTE_MARK.search(typed):
        return True
    name = re.sub(r"\s*[（(][^（）()]*[）)]$", "", typed)
    if _SECTION_END.search(name):
        return False
    return not any(_typed_for(section_key(name), section_key(k)) for k in known)


def _typed_for(typed: str, name: str) -> bool:
    """Whether ``typed`` reads as the section ``name`` typed wrong (「財政か」「財政課.」 for 財政課), not a note that
    names it (「財政課分は後日」: the name whole, and words beside it)."""
    if name in typed and re.search(r"\w", typed.replace(name, "", 1)):
        return False
    return SequenceMatcher(None, typed, name).ratio() >= LIKE_A_NAME


def valid_mail(text: str) -> bool:
    """Whether ``text`` (normalised) is one address a draft's header can carry as it is: ASCII, a local part
    of dot-separated atoms, one @, a domain of dot-separated labels (no dot at either end, none doubled)."""
    return text.isascii() and _MAIL.fullmatch(text) is not None


class DirectoryError(Exception):
    """A directory file that cannot be used at all (Japanese message)."""


@dataclass(frozen=True)
class Contact:
    section: str
    person: str = ""
    mail: str = ""
    extension: str = ""
    note: str = ""
    refused_mail: str = ""  # the address typed in the row that is not one (D002): ``mail`` is then empty
    extra: tuple[tuple[str, str], ...] = ()  # (label, text) of the columns the office added (kept by contacts --force)

    @property
    def filled(self) -> bool:
        """Anything typed in the row beside its 課名."""
        return any((self.person, self.mail, self.extension, self.note, self.refused_mail, *(v for _, v in self.extra)))

    def typed(self, office: bool = False) -> bool:
        """Anything the clerk typed in the row beside its 課名: in the ``office``'s row, the 備考 contacts writes there
        (「取りまとめ課」) is the tool's, not the clerk's (``contacts --force`` counts the rows the clerk filled)."""
        return replace(self, note="").filled if office and self.note == OFFICE_NOTE else self.filled

    def text(self) -> str:
        """「人事行政課 行政改革係 山田（内線 1234、gyokaku@…）」: a 問い合わせ先 line."""
        details = [extension_text(self.extension), self.mail]
        details = [d for d in details if d]
        who = " ".join(p for p in (self.section, plain_name(self.person)) if p)
        return who + (f"（{'、'.join(details)}）" if details else "")


@dataclass
class Directory:
    contacts: dict[str, Contact] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    source: Path | None = None
    moves: tuple[SectionMove, ...] = ()  # the plan's reorganisations (組織改正): a row serves old and new name
    extra_rows: list[Contact] = field(default_factory=list)  # a section's second filled row, a 課名 not in the plan's
    extra_labels: tuple[str, ...] = ()  # the columns the office added, in their order
    notes: list[Contact] = field(default_factory=list)  # rows of a note typed under the table (「※4月に異動予定」)

    def get(self, section: str) -> Contact | None:
        """The row of ``section``, else the one row among the names it is linked to by the 組織改正 — renamed
        (also twice: 税務課 → 収納課 → 納税課, either way), merged into it (when one of the merged sections has a
        row): one 連絡先 serves the years before and after a 組織改正. A split is not followed (which of the new
        sections the old row is for is not known): each part needs a row of its own. A blank row (nothing but
        the 課名, as ``contacts`` wrote it) is no row here: the one filled row among the linked names is used."""
        found = self.contacts.get(section)
        if (found is not None and found.filled) or not self.moves:
            return found
        rows = [self.contacts[name] for name in self._linked(section)
                if name in self.contacts and self.contacts[name].filled]
        return rows[0] if len(rows) == 1 else found

    def _linked(self, section: str) -> list[str]:
        """The names ``section`` is joined to by the 組織改正: forward to what it became (not from a section that
        was split), back through renames — and, for a section formed by a merge, back to the merged ones (never
        from one merged section to another)."""
        parts = Counter(m.new for m in self.moves)
        split = {old for old, n in Counter(m.old for m in self.moves).items() if n > 1}
        seen, todo = {section}, [section]
        while todo:
            name = todo.pop()
            ahead = [m.new for m in self.moves if m.old == name and name not in split]
            back = [m.old for m in self.moves if m.new == name and m.old not in split
                    and (parts[name] == 1 or name == section)]
            for there in ahead + back:
                if there not in seen:
                    seen.add(there)
                    todo.append(there)
        return sorted(seen - {section})

    def held_before(self, section: str) -> tuple[str, list[Contact]]:
        """The rows with an address under the names ``section`` was formed from that :meth:`get` does not use for
        it (``section`` given no address of its own): ``("merge", rows)`` — two sections merged into it, both filled
        (which is the new section's address is not guessed) — or ``("split", rows)``: a section split into it and
        another, or into a section it was formed from later (戸籍課 of 市民課's split, then merged with 税務課: which
        part the old row is for is not known); ``("", [])`` when none."""
        used = self.get(section)
        if not self.moves or (used is not None and used.mail):
            return "", []
        split = self.split_before(section)
        merged = self._linked(section) if self.merged_into(section) else []
        for kind, names in (("merge", merged), ("split", [n for old in split for n in (old, *self._linked(old))])):
            rows = [c for n in dict.fromkeys(names) if (c := self.contacts.get(n)) is not None and c.mail
                    and c is not used]
            if rows:
                return kind, rows
        return "", []

    def kept_below(self, section: str) -> list[Contact]:
        """The rows ``contacts --force`` keeps below the table for ``section`` (:func:`carried_rows`): those
        :meth:`held_before` names and, for a merge ``section`` has no address of, every other filled row of the
        sections merged that :meth:`get` does not use — one with a person and no address too (dropped, it left one
        filled row, which the next run took for ``section``), and two of them with a person only (dropped, the
        clerk's typed names were gone)."""
        kind, rows = self.held_before(section)
        if kind == "merge" or (not kind and self.merged_into(section)):
            used = self.get(section)
            if used is not None and used.mail:
                return []
            rows += [c for n in self._linked(section) if (c := self.contacts.get(n)) is not None and c.filled
                     and c is not used and all(c is not r for r in rows)]
        return rows

    def merged_into(self, section: str) -> bool:
        """Whether ``section`` was formed by a merge of two sections or more (none of them a part of a split)."""
        parts = [m.old for m in self.moves if m.new == section]
        return len(parts) > 1 and not set(parts) & set(self.split_before(section))

    def split_before(self, section: str) -> list[str]:
        """The sections split (into two or more) that ``section`` was formed from, nearest first — back through
        every 組織改正: 市民課 for 窓口課, and for 戸籍税務課 formed later of its part 戸籍課 and 税務課."""
        split = {old for old, n in Counter(m.old for m in self.moves).items() if n > 1}
        seen: list[str] = []
        todo = [section]
        while todo:
            name = todo.pop(0)
            for m in self.moves:
                if m.new == name and m.old != section and m.old not in seen:
                    seen.append(m.old)
                    todo.append(m.old)
        return [name for name in seen if name in split]

    def has_mail(self, section: str) -> bool:
        """Whether the directory gives ``section`` an address to send to (its row, or a linked one: :meth:`get`)."""
        entry = self.get(section)
        return entry is not None and bool(entry.mail)

    def office(self, plan: Plan) -> Contact | None:
        """The office's own row (取りまとめ課): the drafts' sender and 問い合わせ先."""
        return self.contacts.get(plan.office)


def read_directory(path: str | Path, plan: Plan, latest: Plan | None = None) -> Directory:
    """The directory at ``path``; unknown 課名 and malformed addresses are warnings (D001, D002). With the
    ``latest`` revision of the plan, its sections and the names its reorganisations (組織改正) changed are
    known too, and a row serves a section under its old or new name (:meth:`Directory.get`)."""
    from reform_xlsx.intake.tables import TableError, read_sheet_rows  # a worker and a reader: only when read

    path = Path(path)
    try:
        rows = read_sheet_rows(path, SHEET, reads=cells_read)
    except TableError as exc:
        said = problem(Msg.DIRECTORY_UNREADABLE, file=path.name, reason=exc.why, advice=_advice(exc))
        raise DirectoryError(f"[{said.code} {said.severity.label}] {said.location}: {said.message}") from None
    header = layout.find_header_row(rows, KEY_LABEL)
    if header is None:  # no row to name a cell of: the file and the sheet
        said = problem(Msg.DIRECTORY_STRUCTURE, file=path.name, sheet=SHEET, label=KEY_LABEL)
        raise DirectoryError(f"[{said.code} {said.severity.label}] {said.location}: {said.message}")
    where, added = _columns(rows[header])
    if where["mail"] is None:  # every address would be lost: no draft addressed, none kept by contacts --force
        said = problem(Msg.DIRECTORY_NO_MAIL_COLUMN, file=path.name, sheet=SHEET, cell=_cell(where["section"], header),
                       row=header + 1, labels="・".join(str(v).strip() for v in rows[header] if norm.raw_text(v)))
        raise DirectoryError(f"[{said.code} {said.severity.label}] {said.location}: {said.message}")
    moves = (latest or plan).moves
    known = {*plan.sections, plan.office, *(latest.sections if latest else ()), *(m.old for m in moves),
             *(m.new for m in moves)}
    # a name as the plan spells it, however typed: 「観光 課」 (a space), 「第2建設課」 for 「第２建設課」 (width)
    by_key = {section_key(k): k for k in known}
    found = Directory(source=path, moves=moves, extra_labels=tuple(label for label, _ in added))
    rows_of: dict[str, list[tuple[int, Contact]]] = {}  # each section's rows, in order
    for r in range(header + 1, len(rows)):
        values: dict = {key: _text(rows[r], c) for key, c in where.items()}
        values["extra"] = tuple((label, _text(rows[r], c)) for label, c in added if _text(rows[r], c))
        typed_name = (norm.raw_text(rows[r][where["section"]]) or "").strip() if values["section"] else ""
        if not typed_name:
            continue
        section = values["section"] = typed_name if typed_name in known else by_key.get(section_key(typed_name), "")
        if not section and is_note(typed_name, known) and not any(values[k] for k in ("person", "mail", "extension")):
            found.notes.append(Contact(**values | {"section": typed_name}))  # no one to write to: no name to correct
            continue
        if not section:
            found.problems.append(problem(Msg.DIRECTORY_UNKNOWN_SECTION, file=path.name, sheet=SHEET,
                                          cell=_cell(where["section"], r), section=typed_name,
                                          sections="、".join(plan.sections)))
            if (typed_row := Contact(**values | {"section": typed_name})).filled:  # what it held: contacts --force says it
                found.extra_rows.append(typed_row)
            continue
        typed, values["mail"] = values["mail"], normalise_mail(values["mail"])
        if values["mail"] and not valid_mail(values["mail"]):
            found.problems.append(problem(Msg.DIRECTORY_BAD_MAIL, file=path.name, sheet=SHEET,
                                          cell=_cell(where["mail"], r), section=section, mail=typed))
            values["mail"], values["refused_mail"] = "", typed
        rows_of.setdefault(section, []).append((r, Contact(**values)))
    for section, candidates in rows_of.items():
        # two rows of a section (a row added under the one contacts made): the first with an address, else the
        # first filled one; every other filled row is said (D008) and kept for contacts --force to name
        used, contact = max(candidates, key=lambda c: (bool(c[1].mail), c[1].filled, -c[0]))
        found.contacts[section] = contact
        for r, other in candidates:
            if r != used and other.filled:
                found.extra_rows.append(other)
                found.problems.append(_unused(path, section, other, at_row=r, used=used, column=where["section"]))
    return found


def cells_read(rows: list[list[object]]):
    """Whether the directory reads the cell at (row, column), 0-based: the labelled columns of the header row, in that
    row and the rows below it with a 課名 — a cell hidden elsewhere (a note in white far from the table, a row with no
    課名) is none of its contacts and refuses nothing. With no header row, every cell (the file is refused for that)."""
    header = layout.find_header_row(rows, KEY_LABEL)
    if header is None:
        return lambda _r, _c: True
    where, added = _columns(rows[header])
    columns = {c for c in where.values() if c is not None} | {c for _label, c in added}
    key = where["section"]
    return lambda r, c: c in columns and (r == header or r > header and bool(_text(rows[r], key)))


def _advice(exc) -> str:
    """What to do about a directory file that cannot be read (a :class:`~reform_xlsx.intake.tables.TableError`)."""
    from reform_xlsx.intake.tables import NO_SHEET, NOT_XLSX

    if exc.kind == NOT_XLSX:  # the office saved it as .ods, .xls or .csv
        return ("Excel または LibreOffice で開き、「Excel ブック (*.xlsx)」形式で保存し直してから、もう一度実行してください"
                "（ファイル名は .xlsx のまま）。")
    if exc.kind == NO_SHEET and (renamed := [s for s in exc.sheets if SHEET in s]):
        return f"シート「{renamed[0]}」の名前を「{SHEET}」に戻してから、もう一度実行してください。"
    if exc.kind == NO_SHEET:  # another workbook: a 調査票, the plan master, …
        return (f"連絡先ファイルは reform-xlsx contacts で作ったもの（シート「{SHEET}」）です。--contacts にそのファイルを"
                "指定してください（調査票や計画マスターではありません）。")
    return "Excel で開けるか確かめてから、もう一度実行してください。"


def _columns(header: list[object]) -> tuple[dict[str, int | None], list[tuple[str, int]]]:
    """Where each of our columns is in the ``header`` row (by its label or one a clerk gives it instead:
    「メールアドレス」 for 「メール」), and the columns the office added ((label, index), in their order)."""
    names = {layout.normalise_label(label).casefold(): key for key, label, _ in COLUMNS}
    names |= {layout.normalise_label(alias).casefold(): key for key, aliases in ALIASES.items() for alias in aliases}
    where: dict[str, int | None] = {key: None for key, _, _ in COLUMNS}
    added: list[tuple[str, int]] = []
    for c, value in enumerate(header):
        label = layout.normalise_label(value)
        if not label:
            continue
        key = names.get(label.casefold())
        if key is not None and where[key] is None:
            where[key] = c
        else:  # the office's own column (or a second one of ours): kept as it is
            added.append((" ".join(str(value).split()), c))
    return where, added


def _unused(path: Path, section: str, row: Contact, *, at_row: int, used: int, column: int | None) -> Problem:
    """D008: a section's second filled row, named by its cell, that the drafts do not use."""
    return problem(Msg.DIRECTORY_SECOND_ROW, file=path.name, sheet=SHEET, cell=_cell(column, at_row), section=section,
                   row=at_row + 1, used=used + 1, text=replace(row, section="").text() or "（空欄）")


def _cell(column: int | None, row: int) -> str:
    """「C7」: the A1 name of the cell at the 0-based ``column`` (found by its label) and ``row`` read."""
    return f"{column_letters((column or 0) + 1)}{row + 1}"


def _text(row: list[object], c: int | None) -> str:
    if c is None or c >= len(row):
        return ""
    return (norm.nfkc(norm.raw_text(row[c]) or "") if c is not None else "").strip()


def write_directory(plan: Plan, path: str | Path, existing: Directory | None = None) -> Path:
    """A directory for the office to fill in: one row per section (the office first), pale yellow
    inputs for 担当者・メール・内線・備考 (an ``existing`` directory's entries kept, a malformed address too; below
    the plan's rows, its rows of sections merged or split whose address is the office's to choose
    (:func:`carried_rows`) and the notes typed under its table, as typed)."""
    from reform_xlsx.xlsx.sizing import row_height
    from reform_xlsx.xlsx.style import INPUT_FILL, Styles, setup_page, write_note
    from reform_xlsx.xlsx.workbook import new_workbook

    path = Path(path)
    wb = new_workbook(path)
    st = Styles(wb)
    ws = wb.add_worksheet(SHEET)
    added = existing.extra_labels if existing else ()  # the columns the office added, kept after ours
    widths = tuple(w for _, _, w in COLUMNS) + (16,) * len(added)
    text = st.get(num_format="@")  # a row typed below the table too: 内線 「0456」 stays 「0456」, not 456
    for c, width in enumerate(widths):
        ws.set_column(c, c, width, text)
    ws.write_string(0, 0, "連絡先（取組状況調査のメールの宛先と問い合わせ先）", st.title)
    ws.set_row(0, 26)
    note = (f"課ごとに担当者・メール・内線を入力してください。{plan.office}（取りまとめ課）の行は、照会・督促・再提出のお願いの"
            "差出人と問い合わせ先になります。課名は計画の担当課の名前のままにしてください（列の追加・並べ替えは構いません）。")
    top = write_note(ws, st, 1, note, sum(widths) - 2, fmt=st.get(valign="top"))
    header = top
    setup_page(ws, left=plan.name, right=SHEET, repeat=(header, header))
    ws.set_row(header, 22)
    for c, label in enumerate([label for _, label, _ in COLUMNS] + list(added)):
        ws.write_string(header, c, label, st.header)
    sections = [plan.office] + [s for s in plan.sections if s != plan.office]
    entry = st.cell(bg_color=INPUT_FILL, text_wrap=True, num_format="@")
    rows: list[tuple[str, Contact | None, bool]] = [(s, existing.get(s) if existing else None, False) for s in sections]
    # below the plan's rows: the rows of the sections merged or split into one that has no address of its own (which
    # of them is its address is for the office to say: it copies one into the new row), then the notes typed there
    rows += [(c.section, c, False) for c in carried_rows(plan, existing)] if existing else []
    rows += [(c.section, c, True) for c in existing.notes] if existing else []
    for r, (section, known, a_note) in enumerate(rows, start=header + 1):
        # an address that is not one (D002: two in one cell) stays as typed, for the office to correct where it is
        values = [section, known.person if known else "", (known.mail or known.refused_mail) if known else "",
                  known.extension if known else "", known.note if known else (OFFICE_NOTE if section == plan.office else "")]
        values += [dict(known.extra).get(label, "") if known else "" for label in added]
        ws.set_row(r, row_height([(v, w) for v, w in zip(values, widths)], minimum=20))
        if a_note:  # as typed, not a row to fill in
            for c, value in enumerate(values):
                if value:
                    ws.write_string(r, c, value)
            continue
        ws.write_string(r, 0, section, st.cell(bold=section == plan.office))
        for c, value in enumerate(values[1:], start=1):
            if value:
                ws.write_string(r, c, value, entry)
            else:
                ws.write_blank(r, c, None, entry)
    ws.freeze_panes(header + 1, 1)
    wb.close()
    return path


def carried_rows(plan: Plan, existing: Directory) -> list[Contact]:
    """The rows of ``existing`` that ``contacts --force`` keeps below the plan's rows under their old 課名: the rows
    with an address of the sections merged or split into a section of ``plan`` that has none of its own
    (:meth:`Directory.held_before`; a merged section's filled row with no address too: :meth:`Directory.kept_below`),
    for the office to copy the right one into the new section's row."""
    kept = {s for s in (plan.office, *plan.sections)}
    rows = [c for s in plan.sections for c in existing.kept_below(s) if c.section not in kept]
    return list({id(c): c for c in rows}.values())
