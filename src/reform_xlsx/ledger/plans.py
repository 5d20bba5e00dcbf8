"""The plan belongs to the ledger: recorded the first time the ledger is used, used ever after.

A ledger holds one plan's years. The first ``merge`` records the plan in it (ID, version,
digest and the plan file's text, :meth:`Ledger.record_plan`); later commands on that ledger use
that plan without being told (:func:`ledger_plan`), and a different plan given to them is
refused with a message naming both (:func:`check_plan`):

- another plan (another ID): L010 — it belongs in another ledger;
- the same plan ID with other content (a revised plan): L011. Accepting a revision into a ledger
  is not built yet: :func:`check_plan` is the one place that will (``PlanRevisionError`` is
  raised there, and only there);
- a ledger from before plans were recorded, whose templates name another plan ID: L012.

Plans are compared by :func:`reform_xlsx.plan.export.plan_digest` of the plan as read today (the
stored text is read again), so comments and layout in the plan file do not count.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reform_xlsx.ledger.store import Ledger, LedgerError, PlanRecord
from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.plan.export import plan_digest
from reform_xlsx.plan.loading import parse_plan
from reform_xlsx.plan.model import Plan


class PlanMismatchError(LedgerError):
    """A plan the ledger does not keep (L010, L012); ``problem`` says which two."""

    def __init__(self, found: Problem):
        self.problem = found
        super().__init__(f"[{found.code}] {found.message}")


class PlanRevisionError(PlanMismatchError):
    """The ledger's plan, revised (same ID, other content: L011). Issue 13 (plan revisions) will
    accept it here, as a new revision of the ledger's plan; until then it is refused."""


def _describe(name: str, plan_id: str, version: str) -> str:
    return f"「{name}」（ID {plan_id}、版 {version}）"


@cache
def _read(text: str, source: str) -> Plan:
    plan, _ = parse_plan(text, source)
    return plan


def recorded_plan(ledger: Ledger) -> Plan | None:
    """The plan the ledger keeps, read again from its text (None when it keeps none yet)."""
    record = ledger.plan_record()
    if record is None or not record.text:  # (a plan made in code has no text to keep)
        return None
    return _read(record.text, f"台帳 {ledger.path} に記録された計画（元: {record.source}）")


def check_plan(ledger: Ledger, plan: Plan, record: PlanRecord | None = None) -> None:
    """Refuse ``plan`` when the ledger keeps another (L010), a revision of it (L011), or — an older
    ledger without a plan record — holds templates of another plan (L012)."""
    record = record if record is not None else ledger.plan_record()
    if record is None:
        others = sorted(ledger.submitted_plan_ids() - {plan.id})
        if others:
            raise PlanMismatchError(problem(Msg.LEDGER_FILES_OF_OTHER_PLAN, ledger=str(ledger.path),
                                            found="、".join(others), given=plan.label))
        return
    digest = plan_digest(plan)
    if digest == record.digest:  # recorded by this version of the tool
        return
    recorded = recorded_plan(ledger)  # else as this version reads the recorded text
    if recorded is not None and plan_digest(recorded) == digest:
        return
    recorded = _describe(record.name, record.plan_id, record.version)
    if record.plan_id != plan.id:
        raise PlanMismatchError(problem(Msg.LEDGER_OTHER_PLAN, ledger=str(ledger.path), recorded=recorded,
                                        given=plan.label))
    # Issue 13 (plan revisions): accept ``plan`` as the ledger's new revision here.
    raise PlanRevisionError(problem(Msg.LEDGER_PLAN_REVISED, ledger=str(ledger.path), recorded=recorded,
                                    given=plan.label))


def keep_plan(ledger: Ledger, plan: Plan) -> None:
    """What ``merge`` does first: check ``plan`` against the ledger (:func:`check_plan`) and record it
    when the ledger keeps no plan yet."""
    record = ledger.plan_record()
    check_plan(ledger, plan, record)
    if record is None:
        ledger.record_plan(plan.id, plan.version, plan_digest(plan), plan.name, plan.source, plan.text)


def ledger_plan(db: str | Path, given: Plan | None) -> Plan | None:
    """The plan to use with the ledger ``db``: ``given`` when the ledger agrees (or keeps none), the
    ledger's own when nothing is given, None when the ledger keeps none and nothing is given (the
    caller's default then, still checked with :func:`check_plan`). A ledger that does not exist
    keeps nothing (and is not created)."""
    if not Path(db).is_file():
        return given
    with Ledger(db) as ledger:
        if given is not None:
            check_plan(ledger, given)
            return given
        return recorded_plan(ledger)
