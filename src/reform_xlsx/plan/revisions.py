"""A plan's revisions, and which one is in force for a year (pure; the ledger keeps them).

The plan says 「実施計画の内容は…随時見直しを図ります」: over its years targets are revised, items
added or ended, sections reorganised. Each revision is the whole plan as it stands from its 適用年度
(:attr:`~reform_xlsx.plan.model.Plan.effective_year`). For a fiscal year Y the plan in force is the
latest revision whose 適用年度 is Y or before (:meth:`Revisions.for_year`), so a target revised from
令和10年度 does not change what 令和8年度 and 令和9年度 were judged against.
"""

from __future__ import annotations

from dataclasses import dataclass

from reform_xlsx.plan.diff import Change, diff_plans
from reform_xlsx.plan.export import plan_digest
from reform_xlsx.plan.model import Plan


@dataclass(frozen=True)
class Revisions:
    """The revisions of one plan in the order they were recorded (the first: the plan as first kept).
    A later revision never takes effect before an earlier one (``plan import`` refuses it: L014)."""

    plans: tuple[Plan, ...]

    def __post_init__(self) -> None:
        if not self.plans:
            raise ValueError("a plan has at least one revision")

    @classmethod
    def single(cls, plan: Plan) -> Revisions:
        """A plan with no revisions: in force for every year."""
        return cls((plan,))

    @property
    def latest(self) -> Plan:
        return self.plans[-1]

    @property
    def first(self) -> Plan:
        return self.plans[0]

    def for_year(self, year: int) -> Plan:
        """The revision in force for ``year``: the latest recorded whose 適用年度 is ``year`` or before
        (the first revision for years before any 適用年度)."""
        chosen = self.plans[0]
        for plan in self.plans[1:]:
            if plan.effective_year <= year:
                chosen = plan
        return chosen

    def chain(self, year: int) -> list[Plan]:
        """The revisions in force one after another up to ``year`` (the first plan, then each revision
        that took effect in a year up to ``year``), oldest first."""
        years = range(self.first.start_year, year + 1)
        found: list[Plan] = []
        for y in years:
            plan = self.for_year(y)
            if not found or found[-1] is not plan:
                found.append(plan)
        return found or [self.first]

    def changes_in_force(self, year: int) -> list[tuple[Plan, list[Change]]]:
        """Each revision in force up to ``year`` (after the first plan) with what it changed from the one
        before it: what the packet's 「計画の見直し」 lists."""
        chain = self.chain(year)
        return [(new, diff_plans(old, new)) for old, new in zip(chain, chain[1:])]

    def find(self, plan: Plan) -> Plan | None:
        """The stored revision with the same content as ``plan`` (by digest), or None."""
        digest = plan_digest(plan)
        return next((p for p in reversed(self.plans) if plan_digest(p) == digest), None)

    def by_version(self, version: str) -> Plan | None:
        return next((p for p in reversed(self.plans) if p.version == version), None)
