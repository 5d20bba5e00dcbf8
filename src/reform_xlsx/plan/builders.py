"""Build the plan model from a plan file's data (after its JSON Schema check), one small builder each.

Builders only convert: text years to fiscal years (a year that does not read is P014, reported
here), raw mappings to :mod:`reform_xlsx.plan.model` objects. Whether the result makes sense
(duplicate IDs, unknown sections, directions …) is for :mod:`reform_xlsx.plan.checks`, which
run over the :class:`Draft` this module returns: build first, check second.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reform_xlsx.messages import Msg
from reform_xlsx.plan.model import (
    DECREASE,
    INCREASE,
    Area,
    Category,
    GlossaryTerm,
    Grade,
    Item,
    Judgement,
    Kpi,
    Phase,
    Plan,
    Revision,
    SectionMove,
    Words,
)
from reform_xlsx.plan.reorg import moved_name
from reform_xlsx.wareki import FiscalYearError, parse_date, parse_fiscal_year

KeyPath = tuple[str | int, ...]
Report = Callable[..., None]  # report(msg, path, **params)


def format_path(path: KeyPath) -> str:
    """``("kpis", 3, "owner")`` → ``kpis[3].owner``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(ファイル全体)"


def show(value: Any) -> str:
    """A value quoted for a message as it was read: 「令和十五」, 「2027-02-30」 — never JSON's quotes around it —
    cut at 40 characters."""
    from reform_xlsx.plan.loading import as_read  # the loader imports this module

    return as_read(value)


@dataclass
class Draft:
    """The plan as built, with the key path of every part (for the checks' messages)."""

    plan: Plan
    data: dict  # the plan file's data, as read
    items: list[tuple[Item, KeyPath]] = field(default_factory=list)  # every item as written, duplicates too
    kpis: list[tuple[Kpi, KeyPath, dict]] = field(default_factory=list)  # with the raw mapping
    unread_years: set[KeyPath] = field(default_factory=set)  # P014 already reported there
    # Sections named on items and KPIs as written, where a reorganisation moved them (path → old name)
    moved: dict[KeyPath, str] = field(default_factory=dict)

    def data_at(self, path: KeyPath) -> Any:
        """The plan file's value at ``path`` (``("kpis", 3)`` → the fourth KPI's mapping)."""
        node: Any = self.data
        for part in path:
            node = node[part]
        return node


class _Years:
    """Parses years, reporting P014 once per place."""

    def __init__(self, report: Report) -> None:
        self.report, self.unread = report, set()

    def __call__(self, value: Any, path: KeyPath) -> int | None:
        try:
            return parse_fiscal_year(value)
        except FiscalYearError:
            self.report(Msg.PLAN_BAD_YEAR, path, value=show(value))
            self.unread.add(path)
            return None


def build_grades(data: dict) -> tuple[Grade, ...]:
    return tuple(Grade(_grade_code(g["code"]), g["label"], g["definition"], g.get("rank", n + 1), g.get("behind", False))
                 for n, g in enumerate(data["grades"]))


def _grade_code(code: str | int | float) -> str:
    """A digit's code as text: ``3`` and ``3.0`` (a whole number, which the schema takes for an integer) are 「3」."""
    return str(int(code)) if isinstance(code, float) and code.is_integer() else str(code)


def build_judgement(data: dict) -> Judgement:
    j = data["judgement"]
    return Judgement(float(j["achieved"]), float(j["on_track"]), float(j["mostly_on_track"]))


def plan_number(value: float | int | None, kind: str = "count") -> float | int | None:
    """A figure of the plan as the model keeps it, whatever wrote it (YAML ``3`` or a spreadsheet's
    ``3.0``): rates as floats, counts and yen as ints when whole — so the same plan has the same digest."""
    if value is None or isinstance(value, bool):
        return value
    if kind == "rate":
        return float(value)
    return int(value) if float(value).is_integer() else float(value)


LEVELS = ("area", "category", "item")


def build_words(p: dict, defaults: dict, report: Report) -> Words:
    """The city's words from the plan file's ``plan`` mapping; a word it leaves out is the bundled
    plan's (``defaults``: that plan's ``plan`` mapping). Leaving out the reform's name is P031:
    it names files and titles, and the bundled plan's is seldom another city's."""
    if "reform" not in p:
        report(Msg.PLAN_REFORM_DEFAULT, ("plan",), default=defaults["reform"])
    levels = p.get("levels") or {}
    default_levels = defaults["levels"]
    return Words(city=p["city"], reform=p.get("reform", defaults["reform"]), title=p.get("short_name", p["name"]),
                 headquarters=p["headquarters"], committee=p.get("committee", ""), office=trimmed(p["office"]),
                 **{level: levels.get(level, default_levels[level]) for level in LEVELS})


def build_phase(raw: object, item_start: int, item_end: int, path: KeyPath, years: _Years) -> Phase | None:
    """The years of one 主な取組 (an action written as a mapping with ``start``/``end``), else None."""
    if not isinstance(raw, dict) or ("start" not in raw and "end" not in raw):
        return None
    first = years(raw["start"], path + ("start",)) if "start" in raw else item_start
    last = years(raw["end"], path + ("end",)) if "end" in raw else item_end
    return Phase(first or item_start, last or item_end, raw.get("stage", "").strip())


def action_text(raw: object) -> str:
    return raw["text"] if isinstance(raw, dict) else raw


def trimmed(text: str) -> str:
    """A name a returned form or a row of 連絡先.xlsx is matched by (a section, the 取りまとめ課, the plan's 版) as
    the plan gives it, without spaces typed around it (「税務課　」: the full-width space YAML keeps) — as the
    計画マスター's cells, a form's cells and 連絡先.xlsx's are read. A text of spaces only is left as it is (for the
    checks to find)."""
    return text.strip() or text


class _Sections:
    """Section names on items and KPIs, read through the plan's reorganisations: a name that a rename
    or a merge replaced is the new name (the KPI owners and items move with it); where it went is kept
    in ``moved`` (for the checks' messages; a split is for the plan to settle, :func:`check_moved_names`)."""

    def __init__(self, moves: tuple[SectionMove, ...]) -> None:
        self.moves, self.moved = moves, {}

    def __call__(self, name: str, path: KeyPath) -> str:
        name = trimmed(name)
        new = moved_name(self.moves, name)
        if new != name:
            self.moved[path] = name
        return new


def build_item(raw: dict, area: int, category: int, start: int, end: int, path: KeyPath, years: _Years,
               sections: _Sections | None = None) -> Item:
    item_start = years(raw["start"], path + ("start",)) if "start" in raw else start
    item_end = years(raw["end"], path + ("end",)) if "end" in raw else end
    marker = years(raw["marker"], path + ("marker",)) if "marker" in raw else None
    item_start, item_end = item_start or start, item_end or end
    phases = tuple(build_phase(a, item_start, item_end, path + ("actions", n), years)
                   for n, a in enumerate(raw["actions"]))
    named = [sections(s, path + ("sections", n)) if sections else s for n, s in enumerate(raw["sections"])]
    return Item(
        id=f"{area}-{category}-{raw['number']}", area=area, category=category, number=raw["number"],
        name=raw["name"], continued=raw.get("continued", False), content=raw["content"],
        actions=tuple(action_text(a) for a in raw["actions"]), sections=tuple(dict.fromkeys(named)),
        related_sections=raw.get("related_sections", False),
        start=item_start, end=item_end, marker=marker,
        phases=phases if any(p is not None for p in phases) else ())


def build_areas(data: dict, start: int, end: int, years: _Years,
                sections: _Sections | None = None) -> tuple[tuple[Area, ...], list]:
    """The 重点項目 with their 取組区分 and items; every item with its key path."""
    areas, placed = [], []
    for ai, a in enumerate(data["areas"]):
        categories = []
        for ci, c in enumerate(a["categories"]):
            items = []
            for ii, raw in enumerate(c["items"]):
                path = ("areas", ai, "categories", ci, "items", ii)
                item = build_item(raw, a["number"], c["number"], start, end, path, years, sections)
                items.append(item)
                placed.append((item, path))
            categories.append(Category(a["number"], c["number"], c["name"], c.get("intro", ""), tuple(items)))
        areas.append(Area(a["number"], a["name"], a.get("intro", ""), tuple(categories)))
    return tuple(areas), placed


def implied_direction(raw: dict) -> str:
    """増加 or 減少 from baseline → target; the written direction for a 維持目標 (t = b)."""
    if raw["baseline"] is None or raw["target"] == raw["baseline"]:
        return raw.get("direction") or INCREASE
    return INCREASE if raw["target"] > raw["baseline"] else DECREASE


def build_kpi(raw: dict, path: KeyPath, years: _Years, start: int = 0, end: int = 9999,
              sections: _Sections | None = None) -> Kpi:
    """The KPI; ``start``/``end`` are the years it is reported when it does not give its own — its item's years, so
    a KPI ends (starts) with its item: a revision that ends an item stops asking for its KPIs (docs/plan-format.md)."""
    kind = raw["kind"]
    yearly = {}
    for key, value in (raw.get("yearly_targets") or {}).items():
        y = years(key, path + ("yearly_targets", key))
        if y is not None:
            yearly[y] = plan_number(value, kind)
    first = years(raw["start"], path + ("start",)) if "start" in raw else start
    last = years(raw["end"], path + ("end",)) if "end" in raw else end
    owner = sections(raw["owner"], path + ("owner",)) if sections else raw["owner"]
    return Kpi(id=raw["id"], item_id=raw["item"], name=raw["name"], short_name=raw.get("short_name", ""),
               kind=kind, unit=raw["unit"],
               direction=implied_direction(raw), cumulative=raw.get("cumulative", False),
               baseline=plan_number(raw["baseline"], kind), target=plan_number(raw["target"], kind), owner=owner,
               owner_assumed=raw.get("owner_assumed", False), yearly_targets=yearly,
               start=first or start, end=last or end)


def build_moves(data: dict, years: _Years) -> tuple[SectionMove, ...]:
    """The reorganisations (組織改正), one line each: from ``year``, section ``from`` is (part of) ``to``."""
    moves = []
    for n, raw in enumerate(data.get("reorganisations", [])):
        year = years(raw["year"], ("reorganisations", n, "year"))
        moves.append(SectionMove(year or 0, trimmed(raw["from"]), trimmed(raw["to"])))
    return tuple(moves)


def build_revision(data: dict, years: _Years, report: Report) -> Revision:
    """改訂日, 適用年度 and 理由 of this revision of the plan (``revision``; absent: the plan as published)."""
    raw = data.get("revision") or {}
    effective = years(raw["effective_year"], ("revision", "effective_year")) if "effective_year" in raw else None
    revised_on = ""
    if raw.get("date", "").strip():
        try:
            revised_on = parse_date(raw["date"]).isoformat()
        except FiscalYearError:
            report(Msg.PLAN_BAD_DATE, ("revision", "date"), value=show(raw["date"]))
    return Revision(effective, revised_on, raw.get("reason", "").strip())


def build_plan(data: dict, source: str, report: Report, defaults: dict | None = None, text: str = "") -> Draft:
    """The plan and where each part came from; year problems (P014) and words taken from the
    bundled plan (``defaults``: its ``plan`` mapping, read when not given; P031) are reported on the way."""
    if defaults is None:
        from reform_xlsx.plan.loading import bundled_words  # the loader imports this module

        defaults = bundled_words()
    years = _Years(report)
    p = data["plan"]
    start = years(p["period"]["start"], ("plan", "period", "start")) or 0
    end = years(p["period"]["end"], ("plan", "period", "end")) or start
    baseline = years(p["baseline_year"], ("plan", "baseline_year")) or start
    moves = build_moves(data, years)
    sections = _Sections(moves)
    areas, placed = build_areas(data, start, end, years, sections)
    item_years: dict[object, tuple[int, int]] = {}
    for item, _ in placed:
        item_years.setdefault(item.id, (item.start, item.end))  # a duplicate ID is said elsewhere (P020)
    kpis = [(build_kpi(raw, ("kpis", n), years, *item_years.get(str(raw["item"]), (start, end)), sections), ("kpis", n), raw)
            for n, raw in enumerate(data["kpis"])]
    plan = Plan(
        id=p["id"], version=trimmed(p["version"]), name=p["name"], published=p.get("published", ""),
        start_year=start, end_year=end, baseline_year=baseline,
        headquarters_note=p.get("headquarters_note", ""), committee_note=p.get("committee_note", ""),
        sections=tuple(map(trimmed, data["sections"])), grades=build_grades(data), judgement=build_judgement(data),
        areas=areas,
        kpis=tuple(k for k, _, _ in kpis), words=build_words(p, defaults, report),
        glossary=tuple(GlossaryTerm(g["term"], g["text"]) for g in data.get("glossary", [])),
        moves=moves, revision=build_revision(data, years, report), source=source, text=text)
    return Draft(plan, data, placed, kpis, years.unread, sections.moved)
