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

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from reform_xlsx.ledger.plans import check_plan, revisions
from reform_xlsx.ledger.store import Ledger, LedgerError
from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.plan.diff import Change, diff_plans
from reform_xlsx.plan.export import plan_digest
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.plan.model import Plan
from reform_xlsx.plan.yaml_export import plan_yaml
from reform_xlsx.wareki import format_fiscal_year

MASTER_SUFFIXES = (".xlsx", ".xlsm")


class PlanImportError(LedgerError):
    """The plan cannot be stored as a revision of the ledger's plan (L013, L014, L017); ``problems``."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"[{p.code}] {p.message}" for p in problems))


@dataclass
class ImportResult:
    plan: Plan  # as read (with the 改訂日, 適用年度, 理由 it says)
    previous: Plan | None  # the ledger's latest revision before (None: the ledger kept no plan)
    changes: list[Change]  # from ``previous`` to ``plan``; empty: the same plan
    warnings: list[Problem] = field(default_factory=list)  # the plan's (P) and the ledger's (L015, L016)
    stored: bool = False  # recorded in the ledger as a new revision (or as its first plan)

    @property
    def unchanged(self) -> bool:
        """The ledger keeps this plan already (変更なし)."""
        return self.previous is not None and not self.stored and not self.changes


def read_plan_file(path: str | Path, *, method: str | None = None) -> tuple[Plan, list[Problem]]:
    """The plan master or a plan file at ``path``; raises :class:`~reform_xlsx.plan.loading.PlanError`."""
    if Path(path).suffix.lower() in MASTER_SUFFIXES:
        from reform_xlsx.intake.master_plan import load_master

        plan, warnings = load_master(path, method=method)
        return replace(plan, source=f"計画マスター {Path(path).name}", text=plan_yaml(plan)), warnings
    return load_plan(path)


def import_plan(path: str | Path, db: str | Path, *, dry_run: bool = False, now: datetime | None = None,
                method: str | None = None) -> ImportResult:
    """Read the plan at ``path`` and store it in the ledger ``db`` as a revision of its plan (as its
    plan when it keeps none yet). Nothing is stored when nothing changed or with ``dry_run``.

    Raises :class:`~reform_xlsx.plan.loading.PlanError` (the file), ``PlanMismatchError``
    (another plan: L010, L012; :mod:`reform_xlsx.ledger.plans`) and :class:`PlanImportError` (L013 the same 版, L014 a 適用年度 before
    the latest revision's, L017 no 適用年度, L018 a 組織改正 from a section the ledger's plans never had)."""
    plan, warnings = read_plan_file(path, method=method)
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
        if latest.id != plan.id:
            check_plan(ledger, plan)  # L010: another plan
        result = ImportResult(plan, latest, diff_plans(latest, plan), warnings)
        if kept.find(plan) is not None:  # a revision the ledger keeps: nothing to store
            return result
        result.warnings += _check_revision(ledger, kept, plan)
        if not dry_run:
            _store(ledger, plan, now)
            result.stored = True
    return result


def _check_revision(ledger: Ledger, kept, plan: Plan) -> list[Problem]:
    """Refuse what cannot be a revision (errors raised); what to look out for (warnings returned)."""
    latest = kept.latest
    errors = []
    if kept.by_version(plan.version) is not None:
        errors.append(problem(Msg.LEDGER_REVISION_SAME_VERSION, version=plan.version,
                              example=datetime.now().strftime("%Y-%m")))
    effective = plan.revision.effective_year
    if effective is None:
        errors.append(problem(Msg.LEDGER_REVISION_NO_YEAR, version=latest.version))
    elif effective < latest.effective_year:
        errors.append(problem(Msg.LEDGER_REVISION_TOO_EARLY, year=format_fiscal_year(effective),
                              version=latest.version, effective=format_fiscal_year(latest.effective_year)))
    errors += _unknown_former_sections(kept, plan)
    if errors:
        raise PlanImportError(errors)
    warnings = []
    merged = sorted({u["year"]: u["version"] for u in ledger.plan_uses("merge") if u["year"] >= effective}.items())
    warnings += [problem(Msg.LEDGER_REVISION_YEAR_MERGED, year=format_fiscal_year(y), version=v) for y, v in merged]
    made: dict[tuple[int, str], set[str]] = {}
    for use in ledger.plan_uses("template"):
        if use["year"] >= effective:
            made.setdefault((use["year"], use["version"]), set()).add(use["section"])
    warnings += [problem(Msg.LEDGER_REVISION_TEMPLATES_OUT, year=format_fiscal_year(y), version=v,
                         count=len(sections)) for (y, v), sections in sorted(made.items())]
    return warnings


def _unknown_former_sections(kept, plan: Plan) -> list[Problem]:
    """L018: a new 組織改正 whose 旧課名 no plan the ledger keeps had (nor an earlier line of the revision
    made): a misspelt name would cut that section's history off."""
    known = {s for p in kept.plans for s in p.sections} | {m.old for p in kept.plans for m in p.moves}
    before = set(kept.latest.moves)
    out = []
    for move in sorted(plan.moves, key=lambda m: m.year):
        if move not in before and move.old not in known:
            out.append(problem(Msg.LEDGER_REVISION_UNKNOWN_SECTION, old=move.old, new=move.new,
                               year=format_fiscal_year(move.year), version=kept.latest.version))
        known.add(move.new)
    return out


def _store(ledger: Ledger, plan: Plan, now: datetime | None) -> None:
    r = plan.revision
    ledger.record_plan(plan.id, plan.version, plan_digest(plan), plan.name, plan.source, plan.text or plan_yaml(plan),
                       now, revised_on=r.revised_on, effective_year=r.effective_year, reason=r.reason)

