"""What a plan file must make sense of, beyond its JSON Schema: one small function per rule.

Each check takes the :class:`~reform_xlsx.plan.builders.Draft` and yields
:class:`Finding` s (catalogue message, key path, parameters); :func:`run_checks` runs
:data:`CHECKS` in order. A new rule is a new function here, with its own table test.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from reform_xlsx.messages import Msg
from reform_xlsx.outputs import MAX_PART, safe_part
from reform_xlsx.plan.builders import Draft, KeyPath, format_path  # noqa: F401 - format_path: the checks speak of paths
from reform_xlsx.plan.model import (
    CIRCLED,
    DECREASE,
    GRADE_LOOKALIKE_LETTERS,
    INCREASE,
    UNASSIGNED,
    action_number,
)
from reform_xlsx.plan.reorg import split_into, successors
from reform_xlsx.wareki import format_fiscal_year, parse_fiscal_year, short_fiscal_year


@dataclass(frozen=True)
class Finding:
    msg: Msg
    path: KeyPath
    params: dict = field(default_factory=dict)


def _duplicates(values: list, path_of) -> Iterator[Finding]:
    first: dict = {}
    for n, value in enumerate(values):
        if value in first:
            yield Finding(Msg.PLAN_DUPLICATE_ID, path_of(n), {"id": value, "other": path_of(first[value])})
        else:
            first[value] = n


PERIOD = (("plan", "period", "start"), ("plan", "period", "end"))


def _period_read(draft: Draft) -> bool:
    """Whether both years of the period read (else P014 says so, and no check compares with a
    period that is not there — never a bogus 「R8～R8」)."""
    return not any(path in draft.unread_years for path in PERIOD)


def _period_usable(draft: Draft) -> bool:
    """Whether the period reads and runs forward: years are compared with it only then (a typo in its end
    is one P027, not a P034 for every item, 主な取組 and KPI whose years default to the period)."""
    return _period_read(draft) and draft.plan.start_year <= draft.plan.end_year


def check_period_order(draft: Draft) -> Iterator[Finding]:
    plan = draft.plan
    if _period_read(draft) and plan.start_year > plan.end_year:
        yield Finding(Msg.PLAN_PERIOD_ORDER, ("plan", "period"),
                      {"start": short_fiscal_year(plan.start_year), "end": short_fiscal_year(plan.end_year)})


def check_unique_sections(draft: Draft) -> Iterator[Finding]:
    yield from _duplicates(list(draft.plan.sections), lambda n: ("sections", n))


def check_sections_as_file_names(draft: Draft) -> Iterator[Finding]:
    """Two sections whose files would have one name (「デジタル推進課」 in NFC and NFD, DX推進課 and dx推進課 on
    Windows, names cut at the same length): the second's 調査票 would replace the first's."""
    first: dict[str, int] = {}
    sections = list(draft.plan.sections)
    for n, section in enumerate(sections):
        key = safe_part(section).casefold()
        if key not in first:
            first[key] = n
        elif sections[first[key]] != section:  # the same name twice is P020's
            yield Finding(Msg.PLAN_SECTION_FILE_CLASH, ("sections", n),
                          {"section": section, "other": sections[first[key]],
                           "other_path": ("sections", first[key]), "file_name": safe_part(section),
                           "max": MAX_PART})


def check_unique_grades(draft: Draft) -> Iterator[Finding]:
    yield from _duplicates([g.code for g in draft.plan.grades], lambda n: ("grades", n, "code"))


def check_grade_lookalikes(draft: Draft) -> Iterator[Finding]:
    """P062: a scale with a mark and the letter a section types for it (× and X, ○ and O): the reader could not tell
    which grade 「x」 means."""
    codes = [g.code for g in draft.plan.grades]
    for mark, letter in GRADE_LOOKALIKE_LETTERS.items():
        if mark in codes and letter in codes:
            later, earlier = sorted((codes.index(mark), codes.index(letter)), reverse=True)
            yield Finding(Msg.PLAN_GRADE_LOOKALIKE, ("grades", later, "code"),
                          {"code": codes[later], "other": codes[earlier], "typed": f"{letter.lower()}」「{letter}"})


def check_unique_terms(draft: Draft) -> Iterator[Finding]:
    """A 用語 explained twice (the 記入要領 would show both)."""
    yield from _duplicates([g.term for g in draft.plan.glossary], lambda n: ("glossary", n, "term"))


def check_unique_levels(draft: Draft) -> Iterator[Finding]:
    """Two 重点項目 of one number, two 取組区分 of one number in a 重点項目: the report would show two rows of that
    number (and an 総括 whose rows do not add up to its 合計)."""
    words = draft.plan.words
    areas = draft.plan.areas
    for n, value in _first_again([a.number for a in areas]):
        yield Finding(Msg.PLAN_DUPLICATE_ID, ("areas", n, "number"),
                      {"id": f"{words.area}{value[0]}", "other": ("areas", value[1], "number")})
    for ai, area in enumerate(areas):
        for n, value in _first_again([c.number for c in area.categories]):
            yield Finding(Msg.PLAN_DUPLICATE_ID, ("areas", ai, "categories", n, "number"),
                          {"id": f"{words.category} {area.number}-{value[0]}",
                           "other": ("areas", ai, "categories", value[1], "number")})


def _first_again(values: list) -> Iterator[tuple[int, tuple]]:
    """(position, (value, position of its first)) of each value seen before."""
    first: dict = {}
    for n, value in enumerate(values):
        if value in first:
            yield n, (value, first[value])
        else:
            first[value] = n


def check_unique_items(draft: Draft) -> Iterator[Finding]:
    yield from _duplicates([i.id for i, _ in draft.items], lambda n: draft.items[n][1] + ("number",))


def _split(draft: Draft, section: str, what: str, path: KeyPath) -> Finding | None:
    """P035 when ``section`` is a section a reorganisation split (the plan must say which part)."""
    parts = split_into(draft.plan.moves, section)
    if not parts:
        return None
    year = min(m.year for m in draft.plan.moves if m.old == section)
    return Finding(Msg.PLAN_SECTION_SPLIT, path, {"section": section, "year": format_fiscal_year(year),
                                                  "new": "・".join(parts), "what": what})


def _misspelt_move(draft: Draft, section: str) -> int | None:
    """The reorganisation whose 旧課名 looks like a misspelling of ``section`` (a name the items still carry,
    which a rename would have moved): its old name is no section, no other move's new name, and differs
    from ``section`` by about a character."""
    plan = draft.plan
    named = set(plan.sections) | {m.new for m in plan.moves} | {plan.moves[n].old for n in _moved_before(plan.moves)}
    for n, move in enumerate(plan.moves):
        if move.old not in named and abs(len(move.old) - len(section)) <= 1 \
                and difflib.SequenceMatcher(None, move.old, section).ratio() >= 0.6:
            return n
    return None


def _moved_before(moves) -> dict[int, tuple[str, ...]]:
    """The moves whose 旧課名 an earlier year's move had already renamed, merged or split away (税務課 → 収納課 from
    R9, then 税務課 → 納税課 from R11: no 税務課 in R11), by index, with what that name had become by then (P064)."""
    found = {}
    for n, move in enumerate(moves):
        now = successors([m for m in moves if m.year < move.year], move.old)
        if move.old not in now:
            found[n] = now
    return found


def _lookalike_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def _listed_lookalike(sections, name: str) -> str | None:
    """The one listed section ``name`` differs from only in the width of its characters, its spaces or its case
    (「企画部 DX推進課」 typed for the list's 「企画部 ＤＸ推進課」: they look alike in a Japanese font); None if none is,
    or more than one."""
    found = [s for s in sections if _lookalike_key(s) == _lookalike_key(name)]
    return found[0] if len(found) == 1 else None


def check_item_sections_known(draft: Draft) -> Iterator[Finding]:
    """An item's section is on the list (P021) — when a 組織改正 旧課名 looks like a misspelling of it, that
    cell is the one to fix (P049, once per move), and P021 says so."""
    known = set(draft.plan.sections)
    misspelt: dict[int, tuple[KeyPath, str]] = {}
    for item, path in draft.items:
        for n, section in enumerate(item.sections):
            if section not in known:
                at = path + ("sections", n)
                found = _split(draft, section, draft.plan.item_number(item), at)
                if found is not None:
                    yield found
                    continue
                move = _misspelt_move(draft, section)
                if move is not None:
                    misspelt.setdefault(move, (at, section))
                    hint = (f"組織改正で名前が変わる課なら、組織改正の旧課名「{draft.plan.moves[move].old}」の"
                            "書き間違いではありませんか（その行も示します）。")
                elif (listed := _listed_lookalike(draft.plan.sections, section)) is not None:
                    hint = (f"一覧の「{listed}」と、全角・半角（または空白、大文字・小文字）だけが違います。同じ課なら、"
                            "一覧のとおりに書いてください（計画マスターでは、セルのドロップダウンから選びます）。")
                elif draft.plan.moves:
                    hint = "組織改正で名前が変わる課なら、組織改正の旧課名にこの課名をそのとおりに書きます。"
                else:
                    hint = ""
                yield Finding(Msg.PLAN_UNKNOWN_SECTION, at, {"section": section, "hint": hint})
    for n, (at, section) in sorted(misspelt.items()):
        move = draft.plan.moves[n]
        yield Finding(Msg.PLAN_MOVE_FROM_MISSPELT, ("reorganisations", n, "from"), {
            "old": move.old, "new": move.new, "year": format_fiscal_year(move.year), "items": at, "near": section})


def _years_text(start: int, end: int) -> dict:
    return {"start": short_fiscal_year(start), "end": short_fiscal_year(end)}


def check_years_order(draft: Draft) -> Iterator[Finding]:
    """An item's, a 主な取組's and a KPI's first year is not after its last."""
    if _period_read(draft) and not _period_usable(draft):
        return
    for item, path in draft.items:
        if item.start > item.end:
            yield Finding(Msg.PLAN_YEARS_ORDER, path + ("start",), {"what": draft.plan.item_number(item), **_years_text(item.start, item.end)})
        for n, phase in enumerate(item.phases):
            if phase is not None and phase.start > phase.end:
                yield Finding(Msg.PLAN_YEARS_ORDER, path + ("actions", n, "start"),
                              {"what": f"{draft.plan.item_number(item)} の{item.action_label(n)}", **_years_text(phase.start, phase.end)})
    for kpi, path, raw in draft.kpis:
        if kpi.start > kpi.end and ("start" in raw or "end" in raw):  # (else its item's years, said for the item)
            yield Finding(Msg.PLAN_YEARS_ORDER, path + ("start",), {"what": kpi.id, **_years_text(kpi.start, kpi.end)})


def check_phases_within_item(draft: Draft) -> Iterator[Finding]:
    """A 主な取組 runs within the years of its item. The years it runs outside them are said at once, before the item
    at its first year and after it at its last (「R9～R11」: an item ended early with its ○ left in three later
    years was said one year a time, R11, then R10, then R9 — one plan import each). An item whose start is after its
    end has no years to be outside of: its P034 (:func:`check_years_order`) is said alone."""
    if _period_read(draft) and not _period_usable(draft):
        return
    for item, path in draft.items:
        if item.start > item.end:
            continue
        for n, phase in enumerate(item.phases):
            if phase is None:
                continue
            outside = {"start": (phase.start, min(phase.end, item.start - 1)),
                       "end": (max(phase.start, item.end + 1), phase.end)}
            for key, (first, last) in outside.items():
                if path + ("actions", n, key) not in draft.unread_years and first <= last:
                    years = short_fiscal_year(first) + (f"～{short_fiscal_year(last)}" if last > first else "")
                    yield Finding(Msg.PLAN_YEAR_OUTSIDE_ITEM, path + ("actions", n, key), {
                        "what": f"{draft.plan.item_number(item)} の{item.action_label(n)}", "year": years,
                        "level": draft.plan.words.item, "item": draft.plan.item_number(item), **_years_text(item.start, item.end)})


# A 主な取組's own number at its start: circled (①, ❶, ➀, ⓵), parenthesised (⑴, (1), （１）) or 「1.」「1)」 — not the
# text's own figure (「1人1台」「2.5倍」)
_NUMBERED = re.compile(rf"\s*([{CIRCLED}❶-➓⓵-⓾⑴-⒇]|[(（][0-9０-９]{{1,2}}[)）]|[0-9０-９]{{1,2}}[.．)）](?![0-9０-９]))")


def check_action_numbers(draft: Draft) -> Iterator[Finding]:
    """A 主な取組 of an item with several, written with its own number (「①窓口支援システムの導入」, copied from the plan's
    PDF): the forms and the packet number them ①②③ themselves (:func:`reform_xlsx.form.content.actions_text`), and
    would print 「①①窓口支援システムの導入」. A warning: the text is kept as written."""
    for item, path in draft.items:
        if len(item.actions) < 2:
            continue  # one 主な取組 is printed as it is
        for n, text in enumerate(item.actions):
            numbered = _NUMBERED.match(text)
            if numbered:
                mark = numbered.group(1)
                yield Finding(Msg.PLAN_ACTION_NUMBERED, path + ("actions", n), {
                    "item": draft.plan.item_number(item), "action": "主な取組", "text": text, "mark": mark, "level": draft.plan.words.item,
                    "shown": action_number(n) + text})


def check_item_years_in_period(draft: Draft) -> Iterator[Finding]:
    plan = draft.plan
    if not _period_usable(draft):
        return
    for item, path in draft.items:
        raw = draft.data_at(path)
        for key in ("start", "end", "marker"):
            year = getattr(item, key)
            if key in raw and path + (key,) not in draft.unread_years and not plan.start_year <= year <= plan.end_year:
                yield Finding(Msg.PLAN_YEAR_OUT_OF_PERIOD, path + (key,), {
                    "what": plan.item_number(item), "year": short_fiscal_year(year), "start": short_fiscal_year(plan.start_year),
                    "end": short_fiscal_year(plan.end_year)})


def check_kpi_years(draft: Draft) -> Iterator[Finding]:
    """A KPI added or retired by a revision: its years within the period and within its item's years; a yearly
    target (年度目標) for a year of the period (one outside it was kept, never shown and lost by plan export)."""
    plan = draft.plan
    if not _period_usable(draft):
        return
    items = {i.id: i for i, _ in draft.items}
    for kpi, path, raw in draft.kpis:
        for key in raw.get("yearly_targets") or {}:
            if path + ("yearly_targets", key) in draft.unread_years:
                continue  # (said: P014)
            year = parse_fiscal_year(key)
            if not plan.start_year <= year <= plan.end_year:
                yield Finding(Msg.PLAN_YEAR_OUT_OF_PERIOD, path + ("yearly_targets", key), {
                    "what": f"{kpi.id} の年度目標", "year": short_fiscal_year(year),
                    **_years_text(plan.start_year, plan.end_year)})
        item = items.get(kpi.item_id)
        for key in ("start", "end"):
            if key not in raw or path + (key,) in draft.unread_years:
                continue
            year = getattr(kpi, key)
            if not plan.start_year <= year <= plan.end_year:
                yield Finding(Msg.PLAN_YEAR_OUT_OF_PERIOD, path + (key,), {
                    "what": kpi.id, "year": short_fiscal_year(year), **_years_text(plan.start_year, plan.end_year)})
            elif item is not None and item.start <= item.end and not item.start <= year <= item.end:  # (else P034)
                yield Finding(Msg.PLAN_YEAR_OUTSIDE_ITEM, path + (key,), {
                    "what": kpi.id, "year": short_fiscal_year(year), "level": plan.words.item, "item": plan.item_number(item),
                    **_years_text(item.start, item.end)})


def check_unique_kpis(draft: Draft) -> Iterator[Finding]:
    """Two KPIs of one ID — 「k14」 and 「K14」 too, which the plan master reads as one (K14)."""
    ids = [k.id for k, _, _ in draft.kpis]
    for n, (value, first) in _first_again([i.upper() for i in ids]):
        yield Finding(Msg.PLAN_DUPLICATE_ID, draft.kpis[n][1] + ("id",), {"id": ids[n], "other": draft.kpis[first][1] + ("id",)})


def check_kpi_items(draft: Draft) -> Iterator[Finding]:
    """A KPI belongs to an item of the plan, and its owner is one of that item's sections."""
    items = {}
    for item, _ in draft.items:
        items.setdefault(item.id, item)  # a duplicate ID is reported elsewhere; KPIs refer to the first
    for kpi, path, _ in draft.kpis:
        item = items.get(kpi.item_id)
        if item is None:
            shown = draft.plan.item_number(kpi.item_id)  # (「1-5」 of a 1段目 of two levels: the master's 「1-5」)
            yield Finding(Msg.PLAN_UNKNOWN_ITEM, path + ("item",), {"kpi": kpi.id, "item": shown, "level": draft.plan.words.item,
                                                                    "example": "1-3" if shown.count("-") == 1 or draft.plan.two_level else "1-1-3"})
        elif kpi.owner not in item.sections and (split := _split(draft, kpi.owner, kpi.id, path + ("owner",))):
            yield split
        elif kpi.owner not in item.sections:
            listed = _listed_lookalike(item.sections, kpi.owner)
            yield Finding(Msg.PLAN_OWNER_NOT_ON_ITEM, path + ("owner",), {
                "kpi": kpi.id, "owner": kpi.owner, "item": draft.plan.item_number(item), "level": draft.plan.words.item,
                "sections": "、".join(item.sections) or UNASSIGNED,
                "hint": "" if listed is None else f"担当課の「{listed}」と、全角・半角（または空白、大文字・小文字）だけが違います。"
                        "同じ課なら、担当課のとおりに書いてください。"})


def _rate_out_of_range(kpi) -> list[str]:
    return [f for f in ("baseline", "target")
            if kpi.kind == "rate" and getattr(kpi, f) is not None and not 0 <= getattr(kpi, f) <= 1]


def check_rates_are_fractions(draft: Draft) -> Iterator[Finding]:
    """A 割合 KPI's baseline, target and each yearly target (年度目標) is 0～1: 18 typed for 18% would be
    shown as 1800%."""
    for kpi, path, raw in draft.kpis:
        for key in _rate_out_of_range(kpi):
            yield Finding(Msg.PLAN_RATE_RANGE, path + (key,), {"kpi": kpi.id, "field": key, "value": getattr(kpi, key)})
        if kpi.kind != "rate":
            continue
        for key, value in (raw.get("yearly_targets") or {}).items():
            if isinstance(value, (int, float)) and not isinstance(value, bool) and not 0 <= value <= 1:
                year = key if isinstance(key, str) else str(key)
                yield Finding(Msg.PLAN_RATE_RANGE, path + ("yearly_targets", key),
                              {"kpi": kpi.id, "field": f"年度目標 {year}", "value": value})


THRESHOLD_MAX = 1.5  # a 判定 threshold is a ratio (0.8 = 80%): 80 typed for 80% is far above any


def check_thresholds(draft: Draft) -> Iterator[Finding]:
    """判定のしきい値 are ratios of at most 1.5 (80 typed for 80% would leave 概ね順調 to no KPI), and 概ね順調's
    is not above 順調's (then no KPI could be 概ね順調)."""
    judgement = draft.plan.judgement
    wrong = False
    for key in ("achieved", "on_track", "mostly_on_track"):
        value = getattr(judgement, key)
        if value > THRESHOLD_MAX:
            wrong = True
            yield Finding(Msg.PLAN_THRESHOLD, ("judgement", key), {
                "field": key, "value": f"{value:g}", "expected": f"倍率（0 より大きく {THRESHOLD_MAX:g} 以下）で書いて"
                "ください（80% は計画ファイルでは 0.8、計画マスターでは 80%）。"})
    if not wrong and judgement.mostly_on_track > judgement.on_track:
        yield Finding(Msg.PLAN_THRESHOLD, ("judgement", "mostly_on_track"), {
            "field": "mostly_on_track", "value": f"{judgement.mostly_on_track:g}",
            "expected": f"概ね順調のしきい値は、順調のしきい値（{judgement.on_track:g}）以下にしてください"
                        "（大きいと、概ね順調と判定される KPI がなくなります）。"})


def check_yen_in_yen(draft: Draft) -> Iterator[Finding]:
    """A 金額 KPI is in 円 (「1億5千万円」 → 150000000): one written in 千円 would be read as yen, and make
    every 財政効果額 look a thousand times too large beside it (V018)."""
    for kpi, path, _ in draft.kpis:
        if kpi.kind == "yen" and kpi.unit not in ("円", ""):
            yield Finding(Msg.PLAN_YEN_UNIT, path + ("unit",), {"kpi": kpi.id, "unit": kpi.unit})


def check_directions(draft: Draft) -> Iterator[Finding]:
    """A 維持目標 needs a direction; a written direction agrees with baseline → target.
    (A rate written as percent flips the apparent direction: only its cause is reported.)"""
    for kpi, path, raw in draft.kpis:
        if _rate_out_of_range(kpi):
            continue
        given = raw.get("direction")
        if kpi.baseline is None:
            if given is None:
                yield Finding(Msg.PLAN_DIRECTION_NO_BASELINE, path + ("direction",), {"kpi": kpi.id})
        elif kpi.target == kpi.baseline:
            if given is None:
                yield Finding(Msg.PLAN_DIRECTION_NEEDED, path + ("direction",), {"kpi": kpi.id})
        elif given is not None and given != kpi.direction:
            yield Finding(Msg.PLAN_DIRECTION_MISMATCH, path + ("direction",), {
                "kpi": kpi.id, "direction": given, "target": kpi.target, "baseline": kpi.baseline,
                "actual": INCREASE if kpi.direction == INCREASE else DECREASE})


def check_sections_have_items(draft: Draft) -> Iterator[Finding]:
    named = {s for item, _ in draft.items for s in item.sections}
    for n, section in enumerate(draft.plan.sections):
        if section not in named:
            yield Finding(Msg.PLAN_NO_ITEMS_FOR_SECTION, ("sections", n),
                          {"section": section, "level": draft.plan.words.item})


def check_moves(draft: Draft) -> Iterator[Finding]:
    """Reorganisations (組織改正): in the period, not after this revision's 適用年度, into sections of the
    plan, and the old section no longer listed (unless a split keeps its name)."""
    plan = draft.plan
    known = set(plan.sections)
    effective = plan.revision.effective_year
    gone = _moved_before(plan.moves)
    for n, move in enumerate(plan.moves):
        path = ("reorganisations", n)
        if path + ("year",) in draft.unread_years:
            continue
        if _period_read(draft) and not plan.start_year <= move.year <= plan.end_year:
            yield Finding(Msg.PLAN_YEAR_OUT_OF_PERIOD, path + ("year",), {
                "what": f"組織改正（{move.old} → {move.new}）", "year": short_fiscal_year(move.year),
                **_years_text(plan.start_year, plan.end_year)})
        elif effective is not None and move.year > effective:
            yield Finding(Msg.PLAN_MOVE_AFTER_REVISION, path + ("year",), {
                "move": f"{move.old} → {move.new}", "year": format_fiscal_year(move.year),
                "effective": format_fiscal_year(effective)})
        if move.old == move.new and [m.new for m in plan.moves if (m.year, m.old) == (move.year, move.old)] == [move.new]:
            yield Finding(Msg.PLAN_MOVE_TO_ITSELF, path + ("to",), {"section": move.new,
                                                                    "year": format_fiscal_year(move.year)})
        if n in gone:
            earlier = max(m.year for m in plan.moves if m.year < move.year and m.old == move.old)
            yield Finding(Msg.PLAN_MOVE_FROM_GONE, path + ("from",), {
                "old": move.old, "new": move.new, "year": format_fiscal_year(move.year),
                "earlier": format_fiscal_year(earlier), "now": "・".join(gone[n])})
        if move.new not in known and move.new == successors(plan.moves, move.new)[0]:
            yield Finding(Msg.PLAN_UNKNOWN_SECTION, path + ("to",), {"section": move.new, "hint": ""})
        if move.old in known and move.old not in successors(plan.moves, move.old):
            yield Finding(Msg.PLAN_OLD_SECTION_LISTED, ("sections", plan.sections.index(move.old)), {
                "section": move.old, "year": format_fiscal_year(move.year),
                "new": "・".join(successors(plan.moves, move.old))})


def check_revision_year(draft: Draft) -> Iterator[Finding]:
    plan = draft.plan
    year = plan.revision.effective_year
    path = ("revision", "effective_year")
    if year is not None and path not in draft.unread_years and _period_read(draft) \
            and not plan.start_year <= year <= plan.end_year:
        yield Finding(Msg.PLAN_YEAR_OUT_OF_PERIOD, path, {"what": "改訂の適用年度", "year": short_fiscal_year(year),
                                                          **_years_text(plan.start_year, plan.end_year)})


CHECKS = (
    check_period_order,
    check_unique_sections,
    check_sections_as_file_names,
    check_unique_grades,
    check_grade_lookalikes,
    check_unique_terms,
    check_unique_levels,
    check_unique_items,
    check_item_sections_known,
    check_item_years_in_period,
    check_years_order,
    check_phases_within_item,
    check_action_numbers,
    check_kpi_years,
    check_moves,
    check_revision_year,
    check_unique_kpis,
    check_kpi_items,
    check_rates_are_fractions,
    check_yen_in_yen,
    check_thresholds,
    check_directions,
    check_sections_have_items,
)


def run_checks(draft: Draft) -> list[Finding]:
    return [finding for check in CHECKS for finding in check(draft)]
