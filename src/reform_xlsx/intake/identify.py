"""Which template a file is: from its metadata, never from its file name.

The template carries the same key/value pairs twice: as custom document properties
(docProps/custom.xml) and on the hidden sheet 「_meta」 (:data:`layout.META_KEYS`). The
properties win; the sheet is the fallback (and a disagreement is a warning).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from reform_xlsx import outputs
from reform_xlsx.form import layout
from reform_xlsx.intake.normalise import quoted, raw_text
from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.plan.model import Plan
from reform_xlsx.plan.reorg import MERGE, RENAME, SPLIT, reorganisations, successor_for, successors
from reform_xlsx.records import Answer
from reform_xlsx.wareki import (
    FiscalYearError,
    format_fiscal_year,
    parse_fiscal_year,
    short_fiscal_year,
)

REQUIRED_KEYS = (layout.META_FORMAT_VERSION, layout.META_PLAN_ID, layout.META_FISCAL_YEAR,
                 layout.META_SECTION)
REVIEW_REQUIRED_KEYS = (layout.META_FORMAT_VERSION, layout.META_PLAN_ID, layout.META_FISCAL_YEAR)


@dataclass(frozen=True)
class Identity:
    format_version: str | None = None
    plan_id: str | None = None
    plan_version: str | None = None
    fiscal_year: str | None = None  # as written, e.g. "R8"
    year: int | None = None  # parsed
    section: str | None = None
    template_id: str | None = None
    fingerprint: str | None = None
    form: str | None = None  # layout.FORM_SURVEY / FORM_REVIEW (a template of format 2 has none: a survey)
    deadline: str | None = None
    contact: str | None = None

    @property
    def review(self) -> bool:
        return self.form == layout.FORM_REVIEW

    @property
    def known(self) -> bool:
        """Enough to say whose template it is (the section; for the 推進室評価シート, the form itself)."""
        return bool(self.section) or self.review


def meta_sheet_values(rows: list[list[object]]) -> dict[str, str]:
    """Key/value pairs of the 「_meta」 sheet: a cell holding a key, the value to its right."""
    found: dict[str, str] = {}
    for row in rows:
        for c, cell in enumerate(row):
            key = str(cell).strip() if cell is not None else ""
            if key in layout.META_KEYS and key not in found:
                value = next((v for v in row[c + 1:] if v not in (None, "")), "")
                found[key] = (raw_text(value) or "").strip()  # 1.0 → "1" when a tool made it a number
    return found


def combine(properties: dict[str, str] | None, sheet: dict[str, str] | None, file: str
            ) -> tuple[dict[str, str], list[Problem]]:
    """One set of metadata from both sources (properties first) and the disagreements."""
    properties = {k: v for k, v in (properties or {}).items() if k in layout.META_KEYS and v}
    sheet = {k: v for k, v in (sheet or {}).items() if v}
    values, problems = {}, []
    for key in layout.META_KEYS:
        p, s = properties.get(key), sheet.get(key)
        values[key] = p or s
        if p and s and p != s and key != layout.META_CREATED:
            problems.append(problem(Msg.INTAKE_META_CONFLICT, file=file, sheet=layout.SHEET_META,
                                    key=layout.META_LABELS.get(key, key), props=quoted(p), meta_value=quoted(s)))
    return {k: v for k, v in values.items() if v}, problems


def from_values(values: dict[str, str]) -> Identity:
    """The identity as written (no checks; an unreadable year is None)."""
    fiscal_year = values.get(layout.META_FISCAL_YEAR)
    try:
        parsed = parse_fiscal_year(fiscal_year) if fiscal_year else None
    except FiscalYearError:
        parsed = None
    return Identity(
        format_version=values.get(layout.META_FORMAT_VERSION),
        plan_id=values.get(layout.META_PLAN_ID),
        plan_version=values.get(layout.META_PLAN_VERSION),
        fiscal_year=fiscal_year, year=parsed,
        section=values.get(layout.META_SECTION),
        template_id=values.get(layout.META_TEMPLATE_ID),
        fingerprint=values.get(layout.META_FINGERPRINT),
        form=values.get(layout.META_FORM) or layout.FORM_SURVEY,
        deadline=values.get(layout.META_DEADLINE) or None,
        contact=values.get(layout.META_CONTACT) or None,
    )


def check(values: dict[str, str], plan: Plan, year: int, file: str) -> tuple[Identity, list[Problem]]:
    """The identity and every reason it is not this plan's and this year's template."""
    if not values:
        return Identity(), [problem(Msg.INTAKE_NOT_OUR_TEMPLATE, file=file)]
    identity = from_values(values)
    required = REVIEW_REQUIRED_KEYS if identity.review else REQUIRED_KEYS
    problems = [problem(Msg.INTAKE_META_INCOMPLETE, file=file, key=layout.META_LABELS[key], problem="ありません")
                for key in required if not values.get(key)]
    if identity.fiscal_year and identity.year is None:
        problems.append(problem(Msg.INTAKE_META_INCOMPLETE, file=file, key=layout.META_LABELS[layout.META_FISCAL_YEAR],
                                problem=f"年度として読めません（{quoted(identity.fiscal_year)}）"))
    version = layout.REVIEW_FORMAT_VERSION if identity.review else layout.FORMAT_VERSION
    if identity.format_version and identity.format_version != version:
        problems.append(problem(Msg.INTAKE_FORMAT_VERSION, file=file, found=quoted(identity.format_version),
                                expected=version))
    other_year = identity.year is not None and identity.year != year
    if identity.plan_id and identity.plan_id != plan.id:
        problems.append(problem(Msg.INTAKE_OTHER_PLAN, file=file, found=quoted(identity.plan_id),
                                expected=f"{plan.id}（{plan.name}）"))
    elif identity.plan_version and identity.plan_version != plan.version and not other_year:
        # (``plan`` is the version in force for ``year``: a form of another year is of its own year's version, and is
        # not read at all — M004 alone says what to send, this year's form, which is of the current version)
        problems.append(problem(Msg.INTAKE_OTHER_PLAN_VERSION, file=file, found=quoted(identity.plan_version),
                                expected=plan.version))
    if other_year:
        problems.append(problem(Msg.INTAKE_OTHER_YEAR, file=file, found=format_fiscal_year(identity.year),
                                expected=format_fiscal_year(year)))
    if identity.section and identity.section not in plan.sections:
        problems.append(problem(Msg.INTAKE_UNKNOWN_SECTION, file=file, section=quoted(identity.section),
                                moved=_moved_text(plan, identity.section)))
    return identity, problems


# the form's data sheets, each by its ID column and its answer column in one header row (the plan master's 「KPI」 has
# the ID column alone, the meeting book's 「KPI達成状況」 its 「実績値」 headed with the year: neither is the form's)
_DATA_SHEETS = ((layout.SHEET_ITEMS, layout.ID_LABEL_ITEMS, layout.item_label("grade")),
                (layout.SHEET_KPI, layout.ID_LABEL_KPI, layout.kpi_label("actual")))
RECORD_LOST = Msg.INTAKE_RECORD_LOST.value.code  # F036


def lost_record(sheets: dict[str, dict], plan: Plan, year: int, file: str, renamed: dict[str, list[str]] | None = None
                ) -> tuple[Identity, list[Problem]] | None:
    """When a workbook carries no record of whose it is (no custom properties, no 「_meta」) but has the form's data
    sheets (取組状況, KPI: their header rows): a program that keeps neither saved it (Numbers, a web editor), or the
    sheets were moved into a new book (a header row with the sheet's ID and answer columns: not a sheet of the office's
    own books, as the plan master's 「KPI」). F036 says so, and the section and year their titles name
    (「令和8年度 取組状況　市民課」: :func:`layout.title_year_section`; every data sheet's the same, a section of the
    plan) are whose it is: the file is sent back, never accepted on a title's word — and read for its 差し戻し copy
    when it is this year's (M004 otherwise). ``renamed``: the sheets that look like each data sheet (a program that
    named them otherwise: 「取組状況 - 表 1」), looked at when it is not there. None when it has none of the form's data
    sheets (M001 says the rest)."""
    found, named = [], set()
    for name, id_label, answer in _DATA_SHEETS:
        for shown in (name, *(renamed or {}).get(name, ())):
            rows = sheets.get(shown, {}).get("rows") or []
            header = layout.find_header_row(rows, id_label)
            if header is not None and layout.normalise_label(answer) in map(layout.normalise_label, rows[header]):
                found.append(shown)
                named.add(next((said for row in rows[:header] for cell in row
                                if (said := layout.title_year_section(name, cell)) is not None), None))
                break
    if not found:
        return _lost_review_record(sheets, year, file)
    said = named.pop() if len(named) == 1 else None
    section, former = _titled_section(plan, said[1]) if said else (None, None)
    who = Identity(section=section, year=said[0] if section else None, form=layout.FORM_SURVEY,
                   fiscal_year=short_fiscal_year(said[0]) if section else None)
    sheet_names = "シート" + "".join(f"「{quoted(n)}」" for n in found)
    titled = f"{section}（旧課名 {former}）" if former else section
    if section is not None and who.year == year:
        whose = (f"シートの見出しからは{titled}の{format_fiscal_year(year)}の調査票と見られるので、内容を読んで差し戻しの"
                 "写しに写しました（受け付けてはいません）。")
        what, how = "差し戻しの写し", "内容を確かめ"
    else:
        whose = f"シートの見出しからは{titled}の{format_fiscal_year(who.year)}の調査票と見られます。" if section else ""
        what, how = "配布した調査票", "記入し（このファイルから値を写してかまいません）"
    problems = [problem(Msg.INTAKE_RECORD_LOST, file=file, sheets=sheet_names, whose=whose, what=what, how=how)]
    if who.year is not None and who.year != year:
        problems.append(problem(Msg.INTAKE_OTHER_YEAR, file=file, found=format_fiscal_year(who.year),
                                expected=format_fiscal_year(year)))
    return who, problems


def _lost_review_record(sheets: dict[str, dict], year: int, file: str) -> tuple[Identity, list[Problem]] | None:
    """The 推進室評価シート's sheet without the book's record (moved into a new book): F039 says so and where the book
    merge writes is, for the office to fill instead (it was M001 「配布した調査票ではない…調査票に記入し直して」). The
    file is no one's (not read). None when there is no such sheet with its header row (ID and 推進室評価 columns)."""
    rows = sheets.get(layout.SHEET_REVIEW, {}).get("rows") or []
    header = layout.find_header_row(rows, layout.ID_LABEL_REVIEW)
    if header is None or layout.normalise_label(layout.review_label("review_grade")) not in map(
            layout.normalise_label, rows[header]):
        return None
    return Identity(), [problem(Msg.INTAKE_REVIEW_RECORD_LOST, file=file, sheet=layout.SHEET_REVIEW,
                                name=outputs.review(year))]


def _titled_section(plan: Plan, name: str) -> tuple[str | None, str | None]:
    """The plan's section a sheet title's ``name`` (normalised: :func:`layout.normalise_label`) is, and the former
    name it was written under: a section a 組織改正 renamed or merged since the form was made is the one it became
    (the chain followed); a split one is no one section. ``(None, None)`` when it is none of them."""
    sections = {layout.normalise_label(s): s for s in plan.sections}
    if name in sections:
        return sections[name], None
    old = next((m.old for m in plan.moves if layout.normalise_label(m.old) == name), None)
    now = successors(plan.moves, old) if old else ()
    return (now[0], old) if len(now) == 1 and now[0] in plan.sections else (None, None)


def _moved_text(plan: Plan, section: str) -> str:
    """For M005: what a reorganisation made of ``section`` and whose 調査票 to use (「市民課は令和9年度から
    窓口課・戸籍課に分かれています。窓口課・戸籍課に」 + 「配布した調査票を…」); empty for a name no plan had. A chain
    of renames is said as one (「税務課は令和9年度から財務課になっています」); a chain with a merge or a split says each
    step (「特命担当は令和10年度から財源確保課に統合され、令和11年度から納税課・寄附推進課に分かれています」), a step
    that changed one of the sections it had become by that one (「…分かれ、令和12年度から戸籍課が市民窓口課に統合されています」)."""
    now = successors(plan.moves, section)
    if now == (section,):
        return ""
    steps, before = [], (section,)
    for year in sorted({m.year for m in plan.moves}):
        after = successors([m for m in plan.moves if m.year <= year], section)
        if after != before:
            kind = next(e.kind for e in reorganisations(plan.moves) if e.year == year and set(e.old) & set(before))
            # a step that changed one part of what the section had become names that part (「戸籍課が市民窓口課に」)
            that_year = [m for m in plan.moves if m.year == year]
            moved = [name for name in before if successors(that_year, name) != (name,)]
            part = "" if len(moved) == len(before) else "・".join(moved) + "が"
            names = tuple(dict.fromkeys(n for name in moved for n in successors(that_year, name))) if part else after
            steps.append((year, part, names, kind))
            before = after
    new = "・".join(now)
    done = {SPLIT: "に分かれています", MERGE: "に統合されています", RENAME: "になっています"}
    if len(steps) == 1 or all(kind == RENAME and not part for _, part, _, kind in steps):
        return f"{section}は{format_fiscal_year(steps[0][0])}から{new}{done[steps[0][3]]}。{new}に"
    going = {SPLIT: "に分かれ", MERGE: "に統合され", RENAME: "になり"}
    said = "、".join(f"{format_fiscal_year(year)}から{part}{'・'.join(names)}"
                    f"{(done if n == len(steps) - 1 else going)[kind]}"
                    for n, (year, part, names, kind) in enumerate(steps))
    return f"{section}は{said}。{new}に"


# A return on a template of an earlier revision by a section that no longer exists is read (M009)
# instead of being refused for its plan version (M003) and its section (M005).
FORMER_SECTION_CODES = {Msg.INTAKE_OTHER_PLAN_VERSION.value.code, Msg.INTAKE_UNKNOWN_SECTION.value.code}


def former_section(identity: Identity, plan: Plan, older: tuple[Plan, ...], file: str
                   ) -> tuple[Plan, Problem] | None:
    """When the template was made with an earlier revision of ``plan`` (``older``) for a section that a
    reorganisation has since replaced: that revision (to read the file as it was made) and the M009
    warning naming the sections that answer for it now. None otherwise."""
    if identity.plan_id != plan.id or identity.section is None or identity.section in plan.sections:
        return None
    made_with = next((p for p in older if p.version == identity.plan_version), None)
    now = successors(plan.moves, identity.section)
    if made_with is None or identity.section not in made_with.sections or now == (identity.section,):
        return None
    year = min(m.year for m in plan.moves if m.old == identity.section)
    return made_with, problem(Msg.INTAKE_FORMER_SECTION, file=file, section=identity.section,
                              version=identity.plan_version, year=format_fiscal_year(year), new="・".join(now))


def earlier_revision(identity: Identity, plan: Plan, older: tuple[Plan, ...]) -> Plan | None:
    """The earlier revision of ``plan`` (``older``) a section's 調査票 was made with, when the section is still one
    of the plan's (and was one of that revision's): the file stays sent back (M003), but it is read with that
    revision so that its 差し戻し copy — a form of the current revision — carries what it sent. None otherwise (the
    推進室評価シート, a revision the ledger does not keep, another plan, the current revision)."""
    if (identity.review or identity.plan_id != plan.id or identity.section not in plan.sections
            or not identity.plan_version or identity.plan_version == plan.version):
        return None
    made_with = next((p for p in older if p.version == identity.plan_version), None)
    return made_with if made_with is not None and identity.section in made_with.sections else None


def attribute_answers(plan: Plan, section: str, answers: list[Answer]) -> tuple[str, list[Answer]]:
    """The answers of a former section given to the plan's sections that answer for each row now
    (:func:`reform_xlsx.plan.reorg.successor_for`), and the section the file is recorded under (the
    one that got most of them)."""
    moved = [replace(a, section=successor_for(plan, section, None, a.kind, a.id)) for a in answers]
    counts = Counter(a.section for a in moved)
    first = counts.most_common(1)[0][0] if counts else successors(plan.moves, section)[0]
    return first, moved
