"""The plan belongs to the ledger: recorded the first time the ledger is used, used ever after —
and revised there, each revision from its 適用年度.

A ledger holds one plan's years. The first ``merge`` (or ``plan import``) records the plan in it
(ID, version, digest and the plan file's text, :meth:`Ledger.record_plan`); ``plan import`` adds
revisions of it (:mod:`reform_xlsx.plan_import`), each with its 改訂日, 適用年度 and 理由. Later
commands on that ledger use, for a year, the revision in force that year (:func:`revisions`,
:meth:`~reform_xlsx.plan.revisions.Revisions.for_year`) without being told; a plan given to them
(``--plan``, the settings) must be one the ledger keeps (:func:`check_plan`):

- another plan (another ID): L010 — it belongs in another ledger;
- the same plan ID with content the ledger does not keep (a revision not imported): L011, which says
  to ``plan import`` it;
- a ledger from before plans were recorded, whose templates name another plan ID: L012.

Plans are compared by :func:`reform_xlsx.plan.export.plan_digest` of the plan as read today (the
stored text is read again), so comments and layout in the plan file do not count.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

from reform_xlsx.ledger.errors import LedgerError
from reform_xlsx.ledger.plan_records import PlanRecord
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.plan.export import plan_digest
from reform_xlsx.plan.loading import parse_plan
from reform_xlsx.plan.model import Plan, Revision
from reform_xlsx.plan.revisions import Revisions


class PlanMismatchError(LedgerError):
    """A plan the ledger does not keep (L010, L012); ``problem`` says which two."""

    def __init__(self, found: Problem):
        self.problem = found
        super().__init__(f"[{found.code}] {found.message}")


class PlanRevisionError(PlanMismatchError):
    """The ledger's plan with content the ledger does not keep (same ID: L011): a revision to
    ``plan import`` (:mod:`reform_xlsx.plan_import`), where revisions are accepted."""


OTHER_PLAN_ADVICE = "--plan（または reform-xlsx.toml の plan）を外すと台帳の計画を使います。"  # L010's (plan import has its own)


def next_plan_advice(recorded: Plan | None, given: Plan) -> str | None:
    """L010's advice when ``given`` is the plan after ``recorded`` (its period starts after the recorded plan's ends):
    the next plan goes into a ledger of its own, in a new working folder; this ledger stays for the old plan's years."""
    if recorded is None or given.start_year <= recorded.end_year:
        return None
    from reform_xlsx.wareki import format_fiscal_year

    return (f"{format_fiscal_year(given.start_year)}から始まる次の計画は、新しい作業フォルダを作り、そのフォルダで "
            "reform-xlsx plan import 計画ファイル（または計画マスター） --db out/reform.db として新しい台帳に取り込み、"
            f"そのフォルダで進めます（この台帳は、前の計画の年度（{format_fiscal_year(recorded.end_year)}の訂正、計画期間の"
            "総括）のためにそのまま残します）。")


def _describe(name: str, plan_id: str, version: str) -> str:
    return f"「{name}」（ID {plan_id}、版 {version}）"


@cache
def _read(text: str, source: str) -> Plan:
    plan, _ = parse_plan(text, source)
    return plan


def _plan_of(ledger: Ledger, record: PlanRecord) -> Plan | None:
    """A recorded revision, read again, with what the ledger says about it (改訂日, 適用年度, 理由)."""
    if not record.text:  # (a plan made in code has no text to keep)
        return None
    plan = _read(record.text, f"台帳 {ledger.path} に記録された計画（元: {record.source}）")
    return replace(plan, revision=Revision(record.effective_year, record.revised_on, record.reason))


def revisions(ledger: Ledger) -> Revisions | None:
    """Every revision the ledger keeps, oldest first (None when it keeps no plan yet)."""
    plans = [p for p in (_plan_of(ledger, r) for r in ledger.plan_records()) if p is not None]
    return Revisions(tuple(plans)) if plans else None


def sections_asked(ledger: Ledger, plan: Plan, year: int) -> tuple[str, ...]:
    """The sections sent a form for ``year`` and expected to return it (:func:`reform_xlsx.form.content.sections_asked`),
    by the ledger's answers of the year before: besides those with an item or a KPI that year, a section asked
    only its 「意見への対応」 to last year's word on an item that ended then (as templates wrote its form)."""
    from reform_xlsx.form import content  # (the forms' content: not needed by the rest of the ledger)

    history = ledger.answers([year - 1]) if year > plan.start_year else None
    kept = revisions(ledger) if history is not None and not history.empty else None
    if kept is not None:  # a grade a revision renamed, as the form showed it (templates' read_history)
        history = content.grades_as_chosen(history, kept.for_year)
    return content.sections_asked(plan, year, history)


def record_of(ledger: Ledger, plan: Plan) -> PlanRecord | None:
    """The ledger's record of ``plan`` (the newest revision with its content), or None."""
    digest = plan_digest(plan)
    for record in reversed(ledger.plan_records()):
        read = _plan_of(ledger, record)
        if record.digest == digest or (read is not None and plan_digest(read) == digest):
            return record
    return None


def check_plan(ledger: Ledger, plan: Plan, record: PlanRecord | None = None) -> None:
    """Refuse ``plan`` unless the ledger keeps it (any of its revisions) or keeps no plan yet: L010
    for another plan, L011 for content the ledger does not keep, L012 for an older ledger without a
    plan record whose templates are of another plan."""
    record = record if record is not None else ledger.plan_record()
    if record is None:
        others = sorted(ledger.submitted_plan_ids() - {plan.id})
        if others:
            raise PlanMismatchError(problem(Msg.LEDGER_FILES_OF_OTHER_PLAN, ledger=str(ledger.path),
                                            found="、".join(others), given=plan.label))
        return
    if record.digest == plan_digest(plan) or record_of(ledger, plan) is not None:
        return
    recorded = _describe(record.name, record.plan_id, record.version)
    if record.plan_id != plan.id:
        advice = next_plan_advice(_plan_of(ledger, record), plan) or OTHER_PLAN_ADVICE
        raise PlanMismatchError(problem(Msg.LEDGER_OTHER_PLAN, ledger=str(ledger.path), recorded=recorded,
                                        given=plan.label, advice=advice))
    raise PlanRevisionError(problem(Msg.LEDGER_PLAN_REVISED, ledger=str(ledger.path), recorded=recorded,
                                    given=plan.label))


def keep_plan(ledger: Ledger, plan: Plan) -> None:
    """What ``merge`` does first: check ``plan`` against the ledger (:func:`check_plan`) and record it
    when the ledger keeps no plan yet."""
    record = ledger.plan_record()
    check_plan(ledger, plan, record)
    if record is None:
        ledger.record_plan(plan.id, plan.version, plan_digest(plan), plan.name, plan.source, plan.text)


def record_templates(db: str | Path, plan: Plan, year: int, written: list[tuple[str, Path]]) -> bool:
    """Note in the ledger ``db`` which revision the 調査票 ``written`` ((section, file) each) of ``year``
    were made with — a ledger that keeps no plan yet keeps ``plan`` from now on (as merge would: a revision
    imported before the first merge is then a revision of it, and the forms sent keep their version); False
    (nothing noted) when the ledger does not keep ``plan``. Each file's content is remembered too
    (:meth:`Ledger.record_forms`): a blank form left in a folder merge reads is not a section's return."""
    if not Path(db).is_file():
        return False
    with Ledger(db) as ledger:
        if ledger.plan_record() is None:
            keep_plan(ledger, plan)
        ledger.record_forms(year, written)
        record = record_of(ledger, plan)
        if record is None:
            return False
        ledger.record_plan_use("template", year, record.row_id,
                               files=[(section, Path(path).name) for section, path in written])
    return True


def plan_in_force(ledger: Ledger, plan: Plan, year: int | None) -> Plan:
    """The plan to use for ``year`` with ``plan`` given (checked with :func:`check_plan`): the ledger's
    revision in force that year, ``plan`` when the ledger keeps none yet (or no year is asked)."""
    check_plan(ledger, plan)
    found = revisions(ledger)
    if found is None:
        return plan
    return found.for_year(year) if year is not None else (found.find(plan) or plan)


def ledger_plan(db: str | Path, given: Plan | None, year: int | None = None) -> Plan | None:
    """The plan to use with the ledger ``db`` (for ``year``: the revision in force that year): ``given``
    when the ledger keeps none, the ledger's when it does (``given`` must be one of its revisions),
    None when the ledger keeps none and nothing is given (the caller's default then, still checked
    with :func:`check_plan`). A ledger that does not exist keeps nothing (and is not created)."""
    if not Path(db).is_file():
        return given
    with Ledger(db) as ledger:
        if given is not None:
            return plan_in_force(ledger, given, year)
        found = revisions(ledger)
        if found is None:
            return None
        return found.for_year(year) if year is not None else found.latest
