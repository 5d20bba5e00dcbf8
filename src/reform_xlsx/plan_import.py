"""The reform office's plan revision, as named steps: what ``reform-xlsx plan import`` calls.

1. :func:`read_plan_file` — the plan master (.xlsx: read through the intake's safe reader,
   :mod:`reform_xlsx.intake.master_plan`) or a plan file (YAML), with every P code located;
2. :func:`import_plan` — compared with the ledger's latest revision (:func:`~reform_xlsx.plan.diff.diff_plans`),
   checked as a revision (a new 版, a 適用年度 not before the latest one's), then stored with its
   改訂日, 適用年度 and 理由 — unless nothing changed, or ``dry_run``.

From its 適用年度 on, ``templates`` and ``merge`` use the new revision; earlier years keep theirs.
The library never prints: what the user should read comes back in :class:`ImportResult`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from reform_xlsx.ledger.errors import LedgerError
from reform_xlsx.ledger.plans import PlanMismatchError, check_plan, next_plan_advice, revisions
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.messages import Msg, Problem, master_worded, problem
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.plan.builders import KeyPath, format_path
from reform_xlsx.plan.diff import ITEMS, KPIS, Change, diff_plans
from reform_xlsx.plan.export import plan_digest
from reform_xlsx.plan.loading import PlanError, load_plan
from reform_xlsx.plan.model import Kpi, Plan
from reform_xlsx.plan.revisions import Revisions
from reform_xlsx.plan.yaml_export import plan_yaml
from reform_xlsx.wareki import FiscalYearError, format_fiscal_year, format_period, parse_fiscal_year, short_fiscal_year

MASTER_SUFFIXES = (".xlsx", ".xlsm")
# a master saved in another spreadsheet format: read as a master, so that it is said to be one to save as .xlsx
# (F002), not a plan file that is no YAML
OTHER_SPREADSHEET_SUFFIXES = (".xls", ".xlsb", ".ods", ".fods", ".numbers")
PLAN_FILE_SUFFIXES = (".yaml", ".yml")  # a plan file; any other file (.csv, .pdf, no suffix) is refused (P056)
FRACTION_OF_COUNT = Msg.MASTER_FRACTION_OF_COUNT.value.code  # P057


class PlanImportError(LedgerError):
    """The plan cannot be stored as a revision of the ledger's plan (L013, L014, L017 …); ``problems``, and
    ``changes``: how it differs from the ledger's latest revision (what L013 and L017 speak of, to be shown)."""

    def __init__(self, problems: list[Problem], changes: list[Change] | None = None):
        self.problems = problems
        self.changes = list(changes or [])
        super().__init__("; ".join(f"[{p.code}] {p.message}" for p in problems))


@dataclass
class ImportResult:
    plan: Plan  # as read (with the 改訂日, 適用年度, 理由 it says)
    previous: Plan | None  # the ledger's latest revision before (None: the ledger kept no plan)
    changes: list[Change]  # from ``previous`` to ``plan``; empty: a plan the ledger keeps (``recorded``)
    warnings: list[Problem] = field(default_factory=list)  # the plan's (P) and the ledger's (L015, L016)
    stored: bool = False  # recorded in the ledger as a new revision (or as its first plan)
    recorded: Plan | None = None  # the revision the ledger keeps with this content (maybe an earlier one)

    @property
    def unchanged(self) -> bool:
        """The ledger keeps this plan already (変更なし)."""
        return self.previous is not None and not self.stored and not self.changes


def read_plan_file(path: str | Path, *, method: str | None = None) -> tuple[Plan, list[Problem]]:
    """The plan master or a plan file at ``path``; raises :class:`~reform_xlsx.plan.loading.PlanError`."""
    plan, warnings, _ = _read_with_origin(path, method)
    return plan, warnings


@dataclass(frozen=True)
class _Origin:
    """Where the plan came from: the 版 a master was exported from (None: not said, or a plan file) and
    where a key path of the plan is (a sheet and cell of the master, a key of the plan file)."""

    file: str
    exported_version: str | None
    where: Callable[[KeyPath], dict]
    master: bool = False  # a plan master (whose KPI rows may have been sorted), not a plan file

    def at(self, path: KeyPath) -> dict:
        return {"file": self.file, **self.where(path)}


def _read_with_origin(path: str | Path, method: str | None) -> tuple[Plan, list[Problem], _Origin]:
    if Path(path).suffix.lower() in MASTER_SUFFIXES + OTHER_SPREADSHEET_SUFFIXES:
        from reform_xlsx.intake.master_plan import read_master

        try:
            plan, warnings, origin = read_master(path, method=method)
        except PlanError as exc:  # a file code (F003 …) said of the 計画マスター, not of a section's 調査票
            raise PlanError([master_worded(p) for p in exc.problems]) from None
        plan = replace(plan, source=f"計画マスター {Path(path).name}", text=plan_yaml(plan))
        return plan, warnings, _Origin(Path(path).name, origin.exported_version, origin.where, master=True)
    if Path(path).suffix.lower() not in PLAN_FILE_SUFFIXES:  # a CSV, a PDF …: not read as YAML (P054 of nothing)
        suffix = Path(path).suffix
        raise PlanError([problem(Msg.PLAN_IMPORT_WRONG_FILE, file=Path(path).name,
                                 kind=f"拡張子 {suffix}" if suffix else "拡張子がありません")])
    plan, warnings = load_plan(path)
    return plan, warnings, _Origin(str(path), None, lambda key: {"path": format_path(key)})


def import_plan(path: str | Path, db: str | Path, *, dry_run: bool = False, now: datetime | None = None,
                method: str | None = None, force: bool = False) -> ImportResult:
    """Read the plan at ``path`` and store it in the ledger ``db`` as a revision of its plan (as its
    plan when it keeps none yet). Nothing is stored when nothing changed or with ``dry_run``.

    Raises :class:`~reform_xlsx.plan.loading.PlanError` (the file), ``PlanMismatchError``
    (another plan: L010, L012; :mod:`reform_xlsx.ledger.plans`) and :class:`PlanImportError` (L013 the same 版, L014 a 適用年度 before
    the latest revision's, L017 no 適用年度, L018 a 組織改正 from a section the ledger's plans never had,
    L019 a master exported from a 版 before the latest, L020 a 組織改正 of the latest revision left out, L022 an
    item or KPI deleted and L023 a new 組織改正 of a section, from a year the ledger has accepted answers of them,
    L024 an item or KPI whose 開始年度・終了年度 leave out a year the ledger has accepted its answers for;
    ``force`` accepts L019 and L020: the latest revision undone on purpose)."""
    try:
        plan, warnings, origin = _read_with_origin(path, method)
    except PlanError as exc:
        too_early = _before_the_latest(exc.problems, db)
        if too_early is None:
            raise
        raise too_early from None
    if dry_run and not Path(db).is_file():
        return ImportResult(plan, None, [], warnings)
    Path(db).parent.mkdir(parents=True, exist_ok=True)
    with Ledger(db) as ledger:
        kept = revisions(ledger)
        if kept is None:
            check_plan(ledger, plan)  # an older ledger with another plan's templates (L012)
            result = ImportResult(plan, None, [], warnings)
            if not dry_run:
                _store(ledger, plan, now)
                result.stored = True
            return result
        latest = kept.latest
        if latest.id != plan.id:  # L010: another plan (with what plan import can do about it)
            raise PlanMismatchError(problem(
                Msg.LEDGER_OTHER_PLAN, ledger=str(ledger.path), recorded=_describe(latest), given=plan.label,
                advice=next_plan_advice(latest, plan)
                or f"この台帳の計画を見直すときは、reform-xlsx plan export 計画.xlsx --db {ledger.path} で書き出した"
                   "計画マスターを直して取り込みます。"))
        if origin.master:
            plan, origin = _in_kpi_order_of(latest, plan, origin)
            warnings = _fractions_kept(latest, plan, warnings)
        recorded = kept.find(plan)
        if recorded is not None:  # a revision the ledger keeps (maybe an earlier one): nothing to store
            return ImportResult(plan, latest, [], warnings, recorded=recorded)
        result = ImportResult(plan, latest, diff_plans(latest, plan), warnings)
        result.warnings += _check_revision(ledger, kept, plan, origin, force, result.changes)
        if not dry_run:
            _store(ledger, plan, now)
            result.stored = True
    return result


MOVE_AFTER_REVISION = Msg.PLAN_MOVE_AFTER_REVISION.value.code  # P037


def _before_the_latest(problems: list[Problem], db: str | Path) -> PlanImportError | PlanError | None:
    """L014 for a plan whose 適用年度 is before the ledger's latest revision's, when reading it stopped at P037 (a 組織改正
    after its 適用年度): the latest plan exported and dated back keeps the latest revision's 組織改正, and P037 of those
    would send the office to rows that must stay (L020 without them), never saying the year is what cannot be. The
    P037 of a 組織改正 the latest revision has are left out (at a 適用年度 it may have, they are right); with nothing
    else wrong, it is the ledger's refusal (PlanImportError), else the file's errors with L014 first. None otherwise."""
    moves = [p for p in problems if p.code == MOVE_AFTER_REVISION]
    if not moves or not Path(db).is_file():
        return None
    try:
        effective = parse_fiscal_year(str(moves[0].extra.get("effective")))
    except FiscalYearError:
        return None
    with Ledger(db) as ledger:
        kept = revisions(ledger)
    if kept is None or effective >= kept.latest.effective_year:
        return None
    latest = kept.latest
    recorded = {(f"{m.old} → {m.new}", format_fiscal_year(m.year)) for m in latest.moves}
    rest = [p for p in problems if not (p.code == MOVE_AFTER_REVISION
                                        and (p.extra.get("move"), p.extra.get("year")) in recorded)]
    where = {"sheet": ml.FIXED_NAMES[ml.INFO]} if moves[0].sheet else {"path": format_path(("revision", "effective_year"))}
    too_early = problem(Msg.LEDGER_REVISION_TOO_EARLY, file=moves[0].file, **where, year=format_fiscal_year(effective),
                        version=latest.version, effective=format_fiscal_year(latest.effective_year))
    return PlanImportError([too_early]) if not rest else PlanError([too_early, *rest])


def _describe(plan: Plan) -> str:
    return f"「{plan.name}」（ID {plan.id}、版 {plan.version}）"


def _in_kpi_order_of(latest: Plan, plan: Plan, origin: _Origin) -> tuple[Plan, _Origin]:
    """The master's KPIs in the order of the ledger's latest revision (the KPIs it adds after them, in the order of
    their rows): a KPI sheet sorted by 報告課 or 指標名 is the same plan. ``origin`` still names each KPI's row."""
    order = {k.id: n for n, k in enumerate(latest.kpis)}
    rows = sorted(range(len(plan.kpis)), key=lambda n: (order.get(plan.kpis[n].id, len(order)), n))
    if rows == list(range(len(rows))):
        return plan, origin
    moved = replace(plan, kpis=tuple(plan.kpis[n] for n in rows))
    moved = replace(moved, text=plan_yaml(moved))
    where = origin.where

    def row_of(path: KeyPath) -> dict:
        if len(path) >= 2 and path[0] == "kpis" and isinstance(path[1], int) and path[1] < len(rows):
            path = ("kpis", rows[path[1]], *path[2:])
        return where(path)

    return moved, replace(origin, where=row_of)


def _fractions_kept(latest: Plan, plan: Plan, warnings: list[Problem]) -> list[Problem]:
    """``warnings`` without the P057 of a value the ledger's latest revision has already, in the same unit and kind (a
    KPI of 0.5施設 the plan means, exported and imported again): said once, when it was typed, not at every import."""
    before, now = {k.id: k for k in latest.kpis}, {k.id: k for k in plan.kpis}

    def value(kpi, key: object) -> float | None:
        return kpi.baseline if key == "baseline" else kpi.target if key == "target" else kpi.yearly_targets.get(key)

    def kept(p: Problem) -> bool:
        old, new = before.get(p.extra.get("kpi")), now.get(p.extra.get("kpi"))
        if p.code != FRACTION_OF_COUNT or old is None or new is None or old.measure != new.measure:
            return False
        was, is_ = value(old, p.extra.get("key")), value(new, p.extra.get("key"))
        return was is not None and is_ is not None and math.isclose(was, is_, rel_tol=1e-12)

    return [p for p in warnings if not kept(p)]


def _next_version(kept, this_month: str) -> str:
    """A 版 to suggest: this month (「2026-12」), or — when a kept 版 is already that or later (「2027-03」) — the month
    after the latest (「2027-04」; 「<latest>-2」 for a 版 not written as a month)."""
    versions = [p.version for p in kept.plans]
    if all(v < this_month for v in versions):
        return this_month
    later = max(versions)
    try:
        year, month = (int(x) for x in later.split("-"))
        return f"{year + month // 12}-{month % 12 + 1:02d}"
    except ValueError:
        return f"{later}-2"


def _check_revision(ledger: Ledger, kept, plan: Plan, origin: _Origin, force: bool,
                    changes: list[Change]) -> list[Problem]:
    """Refuse what cannot be a revision (errors raised, with ``changes``: what makes it one); what to look out for
    (warnings returned)."""
    latest = kept.latest
    errors = [] if force else _stale(kept, plan, origin)
    content = [c for c in changes if c.subject != "版"] or changes  # what differs, beside the 版
    differs = {"count": len(content), "change": f"[{content[0].kind}] {content[0].subject}" if content else "（なし）"}
    if kept.by_version(plan.version) is not None:
        errors.append(problem(Msg.LEDGER_REVISION_SAME_VERSION, **origin.at(("plan", "version")),
                              version=plan.version, example=_next_version(kept, datetime.now().strftime("%Y-%m")),
                              **differs))
    effective = plan.revision.effective_year
    if effective is None:
        errors.append(problem(Msg.LEDGER_REVISION_NO_YEAR, **origin.at(("revision", "effective_year")),
                              version=latest.version, **differs))
    elif effective < latest.effective_year:
        errors.append(problem(Msg.LEDGER_REVISION_TOO_EARLY, **origin.at(("revision", "effective_year")),
                              year=format_fiscal_year(effective), version=latest.version,
                              effective=format_fiscal_year(latest.effective_year)))
    errors += _unknown_former_sections(kept, plan, origin)
    if effective is not None:
        errors += _answers_cut_off(ledger, latest, plan, effective, origin)
    errors += _period_cuts_answers(ledger, kept, plan, origin)
    errors += _next_plan_as_revision(ledger, latest, plan, origin)
    if errors:
        raise PlanImportError(errors, changes)
    warnings = _units_changed(kept, plan, origin) + _renamed_without_move(latest, plan, origin)
    merged = sorted({u["year"]: u["version"] for u in ledger.plan_uses("merge") if u["year"] >= effective}.items())
    warnings += [problem(Msg.LEDGER_REVISION_YEAR_MERGED, year=format_fiscal_year(y), version=v) for y, v in merged]
    made: dict[tuple[int, str], set[str]] = {}
    for use in ledger.plan_uses("template"):
        if use["year"] >= effective:
            made.setdefault((use["year"], use["version"]), set()).add(use["section"])
    warnings += [problem(Msg.LEDGER_REVISION_TEMPLATES_OUT, year=format_fiscal_year(y), version=v,
                         count=len(sections)) for (y, v), sections in sorted(made.items())]
    return warnings


def _stale(kept, plan: Plan, origin: _Origin) -> list[Problem]:
    """L019: a master exported from a 版 before the ledger's latest whose edits were made to that older copy
    (stored, it would undo what the revisions since changed: a change of theirs the plan does not make
    too); L020: a 組織改正 of the latest revision left out."""
    latest = kept.latest
    out = []
    exported = origin.exported_version
    base = kept.by_version(exported) if exported not in (None, latest.version) else None
    if base is not None:  # the revisions since: each change still in the plan, or undone by it?
        made = diff_plans(base, plan)
        by_subject = {(c.group, c.kind, c.subject) for c in made}
        by_id = {(c.group, c.kind, _entity(c), c.before, c.after) for c in made if _entity(c)}
        undone = [c for c in diff_plans(base, latest) if c.subject != "版" and not _kept(c, by_subject, by_id, latest, plan)]
        if undone:
            versions = [p.version for p in kept.plans]
            later = versions[max(n for n, v in enumerate(versions) if v == exported) + 1:]  # the 版 kept since
            out.append(problem(Msg.LEDGER_REVISION_STALE_MASTER, file=origin.file, exported=exported,
                               later="・".join(dict.fromkeys(later)), latest=latest.version,
                               effective=format_fiscal_year(latest.effective_year), count=len(undone),
                               example=undone[0].text))
    kept_moves = set(plan.moves)
    for move in latest.moves:
        if move not in kept_moves:
            out.append(problem(Msg.LEDGER_REVISION_MOVE_DROPPED, **origin.at(("reorganisations",)),
                               version=latest.version, move=f"{move.old} → {move.new}",
                               year=format_fiscal_year(move.year), short_year=short_fiscal_year(move.year),
                               old=move.old, new=move.new))
    return out


def _entity(change: Change) -> str | None:
    """The ID of the item or KPI a change is about (「1-1-1」 of 「1-1-1 <name>」), None for others."""
    return change.subject.split(" ", 1)[0] if change.group in (ITEMS, KPIS) else None


def _kept(change: Change, by_subject: set, by_id: set, latest: Plan, plan: Plan) -> bool:
    """Whether ``plan`` still makes ``change`` (one the latest revision made to the exported 版): the same change
    of the same thing; or, for an item or KPI the file renamed since (the file that made the latest revision,
    edited again), the same change of the same ID from and to the same values; or, for one the revision added, an
    item or KPI of that ID that is the same one under another name (its 推進内容 or its item and target) — never
    another item added under the same new ID."""
    if (change.group, change.kind, change.subject) in by_subject:
        return True
    entity = _entity(change)
    if entity is None:
        return False
    if change.kind.endswith("の追加"):
        find, same = ("item", ("content", "sections")) if change.group == ITEMS else ("kpi", ("item", "unit", "target"))
        try:  # (an item as its number shows it: 「1-3」 in a plan of two levels)
            was = getattr(latest, find)(latest.item_id_of(entity))
            now = getattr(plan, find)(plan.item_id_of(entity))
        except KeyError:  # not in the plan any more
            return False
        return all(getattr(now, a) == getattr(was, a) for a in same)
    return (change.group, change.kind, entity, change.before, change.after) in by_id


def _units_changed(kept, plan: Plan, origin: _Origin) -> list[Problem]:
    """L021: a KPI whose unit differs from the one the years before the revision were reported in (the plan in
    force the year before it applies: undoing a revision that changed the unit brings that unit back, unwarned) —
    their 実績値 stay in that unit."""
    out = []
    paths = {k.id: ("kpis", n, "unit") for n, k in enumerate(plan.kpis)}
    effective = plan.revision.effective_year
    if effective <= plan.start_year:
        return out
    reported = kept.for_year(effective - 1)
    # the latest revision, in force from the same year, counted it so already (said when it was imported)
    same_year = kept.latest if kept.latest.effective_year == effective else None
    for kpi in plan.kpis:
        before = reported.counted_otherwise(kpi)  # (a kind changed under one unit word too: 件数 → 割合)
        if before is None or (same_year is not None and any(k.id == kpi.id and k.measure == kpi.measure
                                                            for k in same_year.kpis)):
            continue
        was, now = kpi.measure_words(before)
        first, last = _years_counted_as(kept, before, effective - 1, plan.start_year)
        earlier = (f"{format_fiscal_year(first)}から{format_fiscal_year(last)}まで" if last > first
                   else format_fiscal_year(first))
        at = paths[kpi.id] if before.unit != kpi.unit else (*paths[kpi.id][:2], "kind")  # the cell that changed
        out.append(problem(Msg.LEDGER_REVISION_UNIT_CHANGED, **origin.at(at), kpi=kpi.id, name=kpi.name,
                           before=was, after=now, effective=format_fiscal_year(effective),
                           earlier=earlier))
    return out


def _years_counted_as(kept: Revisions, before: Kpi, last: int, start: int) -> tuple[int, int]:
    """The years up to ``last``, one after another, whose 実績値 were reported in ``before``'s unit and kind (not
    those of an earlier revision that counted it otherwise: a unit this revision brings back), within the years
    ``before`` is reported."""
    last = max(min(last, before.end), before.start)
    first = last
    while first > max(start, before.start) and any(k.id == before.id and k.measure == before.measure
                                                   for k in kept.for_year(first - 1).kpis):
        first -= 1
    return first, last


def _renamed_without_move(latest: Plan, plan: Plan, origin: _Origin) -> list[Problem]:
    """P058: a section gone and a new one holding every item the gone one held (税務課 replaced by 収納課 everywhere
    with 検索と置換) but no 組織改正 between them: taken as a new section, the old one's history would not follow."""
    moved = {m.old for m in plan.moves} | {m.new for m in plan.moves}
    gone = [s for s in latest.sections if s not in plan.sections and s not in moved]
    added = [s for s in plan.sections if s not in latest.sections and s not in moved]
    now = {i.id: i for i in plan.items}
    year = plan.revision.effective_year
    out = []
    for old in gone:
        held = [i.id for i in latest.items if old in i.sections and i.id in now]
        new = next((s for s in added if held and all(s in now[i].sections for i in held)), None)
        if new is None:
            continue
        items = "、".join(map(plan.item_number, held[:3])) + (f" ほか{len(held) - 3}件" if len(held) > 3 else "")
        out.append(problem(Msg.PLAN_RENAMED_WITHOUT_MOVE, **origin.at(("sections", plan.sections.index(new))),
                           old=old, new=new, item=plan.words.item, items=items,
                           year=short_fiscal_year(year) if year is not None else "適用年度"))
    return out


def _unknown_former_sections(kept, plan: Plan, origin: _Origin) -> list[Problem]:
    """L018: a new 組織改正 whose 旧課名 no plan the ledger keeps had (nor an earlier line of the revision
    made): a misspelt name would cut that section's history off."""
    known = {s for p in kept.plans for s in p.sections} | {m.old for p in kept.plans for m in p.moves}
    before = set(kept.latest.moves)
    out = []
    for n, move in sorted(enumerate(plan.moves), key=lambda nm: nm[1].year):
        if move not in before and move.old not in known:
            out.append(problem(Msg.LEDGER_REVISION_UNKNOWN_SECTION, **origin.at(("reorganisations", n, "from")),
                               old=move.old, new=move.new, year=format_fiscal_year(move.year),
                               version=kept.latest.version))
        known.add(move.new)
    return out


def _answers_cut_off(ledger: Ledger, latest: Plan, plan: Plan, effective: int, origin: _Origin) -> list[Problem]:
    """L022, L023: what the revision would cut off answers the ledger has accepted for a year it applies to. A
    deleted item or KPI (L022): its answers and 財政効果額 would leave that year's report. A new 組織改正 of a
    section whose own forms that year were accepted (L023): their answers would stay the old section's, and the new
    one would be 未提出 and reminded. A year keeps the revision its answers were given under; the change can apply
    from the year after the last one answered (or, for an item or KPI, not be made)."""
    years = [y for y in ledger.years() if y >= effective]
    if not years:
        return []
    from reform_xlsx.records import entered_answers

    answers = entered_answers(ledger.answers(years))  # in use: the accepted files'; a blank review cell is none
    held: dict[tuple[str, str], dict[int, set[str]]] = {}  # (kind of row, ID or section) → year → sections
    for year, section, kind, id_ in zip(answers["year"], answers["section"], answers["kind"], answers["id"]):
        for key in (("kpi" if kind == "kpi" else "item", id_), ("section", section)):
            held.setdefault(key, {}).setdefault(int(year), set()).add(section)
    out = []
    gone = [("item", i.id, latest.item_number(i), i.name, plan.words.item, "回答", "その回答と財政効果額")
            for i in latest.items if i.id not in {x.id for x in plan.items}]
    gone += [("kpi", k.id, k.id, k.name, "KPI", "実績値", "その実績値と判定") for k in latest.kpis
             if k.id not in {x.id for x in plan.kpis}]
    for kind, id_, shown, name, what, answer, lost in gone:
        answered = held.get((kind, id_), {})
        if answered:
            sections = sorted({s for found in answered.values() for s in found}, key=_section_order(latest))
            out.append(problem(Msg.LEDGER_REVISION_DROPS_ANSWERS, **origin.at(("revision", "effective_year")),
                               what=f"{what} {shown}", name=name, effective=format_fiscal_year(effective),
                               years=_years_text(answered), sections="・".join(sections), answer=answer, lost=lost,
                               advice=_advice(plan, max(answered), f"{what} {shown} を計画に戻してください",
                                              kept="（取組を終えるときは、行を削除せずに終了年度を書くこともできます）")))
    before = set(latest.moves)
    for n, move in enumerate(plan.moves):
        answered = {y: s for y, s in held.get(("section", move.old), {}).items() if y >= move.year}
        if move not in before and answered:
            out.append(problem(Msg.LEDGER_REVISION_MOVES_ANSWERED, **origin.at(("reorganisations", n, "year")),
                               old=move.old, new=move.new, year=format_fiscal_year(move.year),
                               years=_years_text(answered),
                               advice=_advice(plan, max(answered), "この組織改正の行を計画から外してください",
                                              whose="この組織改正の", kept=f"（{_years_text(answered)}の回答は {move.old} のまま集計します）")))
    return out


def _period_cuts_answers(ledger: Ledger, kept, plan: Plan, origin: _Origin) -> list[Problem]:
    """L024: an item or KPI the revision keeps, but whose years (開始年度・終了年度) leave out a year for which the ledger
    has accepted its answers, given while the revision in force then had it running (an item ended in 令和8年度 by a
    revision from 令和10年度, with 令和9年度's answers accepted): that year would show as one it was not in the plan
    (「－」 in 計画期間の総括, its 実績値 left out), and the next year's form would ask its 意見への対応 as of an item ended
    the year before. Answers in a year it was not running then (意見への対応 the year after it ended) do not count."""
    years = ledger.years()
    if not years:
        return []
    from reform_xlsx.records import entered_answers

    answers = entered_answers(ledger.answers(years))
    held: dict[tuple[str, str], dict[int, set[str]]] = {}
    for year, section, kind, id_ in zip(answers["year"], answers["section"], answers["kind"], answers["id"]):
        held.setdefault(("kpi" if kind == "kpi" else "item", id_), {}).setdefault(int(year), set()).add(section)
    paths = {k.id: ("kpis", n) for n, k in enumerate(plan.kpis)}
    paths |= _item_paths(plan)
    out = []
    for kind, things, what, answer in (("item", plan.items, plan.words.item, "回答"), ("kpi", plan.kpis, "KPI", "実績値")):
        for thing in things:
            answered = {}
            for y, sections in held.get((kind, thing.id), {}).items():
                then = kept.for_year(y) if plan.start_year <= y <= plan.end_year else None
                was = (then.items_by_id if kind == "item" else then.kpis_by_id).get(thing.id) if then is not None else None
                if was is not None and was.active_in(y) and not thing.active_in(y):
                    answered[y] = sections
            if not answered:
                continue
            ends = max(answered) > thing.end
            shown = plan.item_number(thing.id) if kind == "item" else thing.id  # (「1-3」 in a plan of two levels)
            sections = sorted({s for found in answered.values() for s in found}, key=_section_order(plan))
            period, new = ("終了年度", format_fiscal_year(thing.end)) if ends else ("開始年度", format_fiscal_year(thing.start))
            fix = (f"終了年度を{format_fiscal_year(max(answered))}（{answer}を受け付けた最後の年度）以降にしてください"
                   if ends else f"開始年度を{format_fiscal_year(min(answered))}（{answer}を受け付けた最初の年度）以前にしてください")
            if kind == "kpi" and (item := plan.items_by_id.get(thing.item_id)) is not None \
                    and (item.start, item.end) == (thing.start, thing.end):  # (its item's years: perhaps not its own)
                fix += f"（KPI に{period}を書いていないときは、{plan.words.item} {plan.item_number(item)} の{period}です）"
            out.append(problem(Msg.LEDGER_REVISION_PERIOD_CUTS_ANSWERS,
                               **origin.at(paths.get(thing.id, ("revision",)) + ("end" if ends else "start",)),
                               what=f"{what} {shown}", name=thing.name, period=period, new=new,
                               years=_years_text(answered), sections="・".join(sections), answer=answer,
                               advice=f"{what} {shown} の{fix}。"))
    return out


def _next_plan_as_revision(ledger: Ledger, latest: Plan, plan: Plan, origin: _Origin) -> list[Problem]:
    """P060: a 計画期間 that starts after years the ledger has accepted answers for — the next plan written over this one
    (an exported plan master keeps the plan ID), not a revision of it. Taken, those years would lie outside the plan, the
    next plan's items under old IDs would read as revisions of the old ones, and its first packet would list the whole
    plan as 「計画の見直し」; the next plan belongs in a ledger of its own (this one kept for this plan's years)."""
    if plan.start_year <= latest.start_year:
        return []
    years = ledger.years()
    held = sorted({int(y) for y in ledger.answers(years)["year"]}) if years else []
    cut = [y for y in held if y < plan.start_year]
    if not cut:
        return []
    return [problem(Msg.PLAN_NEXT_PLAN_AS_REVISION, **origin.at(("plan", "period", "start")),
                    period=format_period(plan.start_year, plan.end_year), years=_years_text(cut),
                    end=format_fiscal_year(latest.end_year), old=latest.name, item=plan.words.item,
                    name=Path(origin.file).name, start=format_fiscal_year(latest.start_year))]


def _item_paths(plan: Plan) -> dict[str, KeyPath]:
    """Each item's key path in the plan file (areas, categories and items in the order the plan has them)."""
    found: dict[str, KeyPath] = {}
    areas: dict[int, dict[int, int]] = {}
    before: dict[tuple[int, int], int] = {}  # the items of each category so far (counted over every item, for each
    for item in plan.items:                   # item, it made plan import grow with the square of the plan)
        categories = areas.setdefault(item.area, {})
        ci = categories.setdefault(item.category, len(categories))
        ii = before.get((item.area, item.category), 0)
        before[(item.area, item.category)] = ii + 1
        found[item.id] = ("areas", list(areas).index(item.area), "categories", ci, "items", ii)
    return found


def _years_text(years) -> str:
    return "・".join(format_fiscal_year(y) for y in sorted(years))


def _section_order(plan: Plan) -> Callable[[str], tuple[int, str]]:
    return lambda s: (plan.sections.index(s) if s in plan.sections else len(plan.sections), s)


def _advice(plan: Plan, last: int, otherwise: str, *, whose: str = "改訂の", kept: str = "") -> str:
    """What to do instead: apply the change (``whose`` 適用年度) from the year after ``last``, the last year
    answered — or, when that is after the plan's last year, ``otherwise``."""
    if last < plan.end_year:
        return f"{whose}適用年度を{format_fiscal_year(last + 1)}にしてください{kept}。"
    return f"計画期間の最後の年度（{format_fiscal_year(plan.end_year)}）まで受け付けているため、{otherwise}。"


def _store(ledger: Ledger, plan: Plan, now: datetime | None) -> None:
    r = plan.revision
    ledger.record_plan(plan.id, plan.version, plan_digest(plan), plan.name, plan.source, plan.text or plan_yaml(plan),
                       now, revised_on=r.revised_on, effective_year=r.effective_year, reason=r.reason)

