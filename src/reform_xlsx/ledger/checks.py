"""Checks across the sections' files of one year — the one home of each rule, used by the ledger
(a warning at each section's cell, in 受付結果 and the counts) and by the meeting workbook (確認事項).

- :func:`same_shared_amounts`: two or more sections entered the same positive 財政効果額 for one
  shared item (R005) — the same effect counted twice, perhaps. Every amount stays in the total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.plan.model import Plan
from reform_xlsx.records import Answer


@dataclass(frozen=True)
class SameAmount:
    """One amount entered by several sections for one item, with where each entered it."""

    item_id: str
    amount: int
    places: tuple[Answer, ...]  # one answer per section, in the order given

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(a.section for a in self.places)


def same_shared_amounts(answers: Iterable[Answer]) -> list[SameAmount]:
    """Every (item, amount) that two or more sections entered as 財政効果額 (one year's answers)."""
    by_item: dict[str, dict[int, dict[str, Answer]]] = defaultdict(lambda: defaultdict(dict))
    for a in answers:
        number = isinstance(a.value, (int, float)) and not isinstance(a.value, bool)
        if a.kind == "item" and a.field == "effect_yen" and number and a.value > 0:
            by_item[a.id][int(a.value)].setdefault(a.section, a)
    return [SameAmount(item_id, amount, tuple(places.values()))
            for item_id, amounts in by_item.items() for amount, places in sorted(amounts.items())
            if len(places) > 1]


def same_amount_problem(plan: Plan, same: SameAmount, at: Answer | None = None) -> Problem:
    """R005 for ``same``; at the cell of the answer ``at`` (one section's entry) when given."""
    where = {"file": at.file, "sheet": at.sheet, "cell": at.cell, "row_id": at.id, "column": at.field} if at else {}
    item = plan.item(same.item_id)

    def rank(section: str) -> tuple[int, int]:  # the sections as the plan names them on the item
        named = item.sections.index(section) if section in item.sections else len(item.sections)
        return named, plan.sections.index(section) if section in plan.sections else len(plan.sections)

    return problem(Msg.REPORT_EFFECT_DUPLICATE, item=plan.item_number(same.item_id), name=item.name,
                   sections="と".join(sorted(same.sections, key=rank)), amount=f"{same.amount:,}",
                   level=plan.words.item, **where)
