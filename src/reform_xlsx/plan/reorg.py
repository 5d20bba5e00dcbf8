"""Reorganisations (組織改正): sections renamed, merged or split from a fiscal year, and what follows
for the history.

The plan keeps every move so far (:class:`~reform_xlsx.plan.model.SectionMove`: from ``year``,
section ``old`` is (part of) ``new``): a rename is one move, two sections merged into one are two
moves to the same ``new``, a section split in two is two moves from the same ``old``. From them:

- :func:`successors` — what a section became after a year (the chain followed: 税務課 → 収納課 → …);
- :func:`moved_name` — the one section an old name now is (rename, merge), for the plan's items and
  KPI owners, which move with it; a split has no one answer (the plan names the new sections);
- :func:`attribute` — answers of earlier years under the sections the plan has now, so that a 調査票
  shows the old section's answers to the new one, and the year before is compared with the same
  section under its new name;
- :func:`reorganisations` — the moves grouped into events with their kind, for people to read.

Pure: no I/O (pandas only in :func:`attribute`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reform_xlsx.wareki import format_fiscal_year

if TYPE_CHECKING:
    import pandas as pd

    from reform_xlsx.plan.model import Plan, SectionMove

RENAME, MERGE, SPLIT, REORGANISE = "名称変更", "統合", "分割", "再編"


def successors(moves: Iterable[SectionMove], name: str, after: int | None = None) -> tuple[str, ...]:
    """The sections ``name`` became through the moves of the years after ``after`` (every move when
    None), in the order written; ``(name,)`` when none touches it."""
    moves = [m for m in moves if after is None or m.year > after]
    current = [name]
    for year in sorted({m.year for m in moves}):
        step = [m for m in moves if m.year == year]
        found: list[str] = []
        for section in current:
            found.extend([m.new for m in step if m.old == section] or [section])
        current = list(dict.fromkeys(found))
    return tuple(current)


def moved_name(moves: Iterable[SectionMove], name: str) -> str:
    """The section an old name now is, when that is one section (renamed, merged); else ``name``."""
    found = successors(moves, name)
    return found[0] if len(found) == 1 else name


def split_into(moves: Iterable[SectionMove], name: str) -> tuple[str, ...]:
    """The sections a split section became (empty when ``name`` was not split)."""
    found = successors(moves, name)
    return found if len(found) > 1 else ()


def successor_for(plan: Plan, section: str, after: int | None, kind: str, row_id: str) -> str:
    """Which of the plan's sections now answers for ``row_id`` (an item or a KPI) that ``section``
    answered in year ``after`` (None: whenever): its successor, and of a split section's successors
    the one the item names (the KPI's owner); the first when none does."""
    found = successors(plan.moves, section, after)
    if len(found) == 1:
        return found[0]
    if kind == "kpi":
        owner = next((k.owner for k in plan.kpis if k.id == row_id), None)
        return owner if owner in found else found[0]
    named = next((i.sections for i in plan.items if i.id == row_id), ())
    return next((s for s in found if s in named), found[0])


def attribute(plan: Plan, answers: pd.DataFrame | None) -> pd.DataFrame | None:
    """``answers`` (the answers table, any years) with every section that a later reorganisation
    replaced given as the plan's section that answers for the row now (:func:`successor_for`)."""
    if answers is None or not plan.moves or answers.empty:
        return answers
    old = {m.old for m in plan.moves}
    touched = answers["section"].isin(old)
    if not touched.any():
        return answers
    out = answers.copy()
    out.loc[touched, "section"] = [successor_for(plan, s, int(y), k, str(i)) for s, y, k, i in zip(
        out.loc[touched, "section"], out.loc[touched, "year"], out.loc[touched, "kind"], out.loc[touched, "id"])]
    return out


def left_item(plan: Plan, item_id: str, section: str) -> bool:
    """Whether ``section`` (as the plan calls it now) answered for ``item_id`` once but is no longer on it:
    a revision gave the item to other sections, whose 前年度 it is then (a retired item has none)."""
    try:
        return section not in plan.item(item_id).sections
    except KeyError:
        return False


@dataclass(frozen=True)
class Reorganisation:
    """One event: from ``year``, the sections ``old`` became ``new``."""

    year: int
    old: tuple[str, ...]
    new: tuple[str, ...]

    @property
    def kind(self) -> str:
        if len(self.old) == 1 and len(self.new) == 1:
            return RENAME
        if len(self.new) == 1:
            return MERGE
        if len(self.old) == 1:
            return SPLIT
        return REORGANISE

    @property
    def text(self) -> str:
        """「税務課 → 収納課（令和9年度から名称変更）」."""
        return f"{'・'.join(self.old)} → {'・'.join(self.new)}（{format_fiscal_year(self.year)}から{self.kind}）"


def reorganisations(moves: Iterable[SectionMove]) -> tuple[Reorganisation, ...]:
    """The moves as events: the moves of one year that share a section are one event (two moves into
    one section: a merge; two out of one: a split), in the order first written."""
    events: list[tuple[int, list[str], list[str]]] = []
    for m in moves:
        joined = [e for e in events if e[0] == m.year and (m.old in e[1] or m.new in e[2])]
        if not joined:
            events.append((m.year, [m.old], [m.new]))
            continue
        first = joined[0]
        for other in joined[1:]:  # this move links two events of the year: one event
            first[1].extend(other[1])
            first[2].extend(other[2])
            events.remove(other)
        first[1].append(m.old)
        first[2].append(m.new)
    return tuple(Reorganisation(y, tuple(dict.fromkeys(o)), tuple(dict.fromkeys(n))) for y, o, n in events)
