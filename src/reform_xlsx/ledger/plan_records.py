"""The plan kept in the ledger: each revision as written (:class:`PlanRecord`) and which revision each year's
調査票 and merges used. How the plan is chosen from them: :mod:`reform_xlsx.ledger.plans`.

A part of :class:`~reform_xlsx.ledger.store.Ledger` (its ``db`` and ``transaction``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reform_xlsx.ledger.rows import stored_problems
from reform_xlsx.ledger.schema import PLAN_COLUMNS
from reform_xlsx.messages import Msg
from reform_xlsx.records import FileStatus


@dataclass(frozen=True)
class PlanRecord:
    """A plan the ledger keeps: the plan, or one revision of it (its text as written, so that it can
    be read again, and what the revision says about itself)."""

    plan_id: str
    version: str
    digest: str  # reform_xlsx.plan.export.plan_digest when it was recorded
    name: str
    source: str  # where it was loaded from then
    text: str
    recorded_at: str
    revised_on: str = ""  # 改訂日 (ISO), "" when not given
    effective_year: int | None = None  # 適用年度; None: from the plan's first year (the plan as first kept)
    reason: str = ""
    row_id: int = 0  # plans.id: what plan_uses refer to


class PlanRecords:
    """The plan records of :class:`~reform_xlsx.ledger.store.Ledger`."""

    def plan_record(self) -> PlanRecord | None:
        """The plan recorded for this ledger (its newest revision), or None."""
        records = self.plan_records()
        return records[-1] if records else None

    def plan_records(self) -> list[PlanRecord]:
        """Every revision of the ledger's plan, in the order recorded (the first: the plan as first kept)."""
        return [PlanRecord(*(r[:7]), r[7] or "", r[8], r[9] or "", r[10])
                for r in self.db.execute(f"SELECT {PLAN_COLUMNS} FROM plans ORDER BY id")]

    def record_plan(self, plan_id: str, version: str, digest: str, name: str, source: str, text: str,
                    now: datetime | None = None, *, revised_on: str = "", effective_year: int | None = None,
                    reason: str = "") -> int:
        """Keep a plan (or a revision of it) with the ledger (:mod:`reform_xlsx.ledger.plans`); its row id."""
        with self.transaction():
            cur = self.db.execute(
                "INSERT INTO plans (plan_id, version, digest, name, source, text, recorded_at, revised_on,"
                " effective_year, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (plan_id, version, digest, name, source, text, (now or datetime.now()).isoformat(timespec="seconds"),
                 revised_on or None, effective_year, reason or None))
        return cur.lastrowid

    def record_plan_use(self, kind: str, year: int, plan_row: int, *,
                        files: list[tuple[str, str]] | None = None, now: datetime | None = None) -> None:
        """Which revision (``plans.id``) the 調査票 ``files`` ((section, file name) each; ``kind``
        "template") or a merge (``kind`` "merge", no files) of ``year`` used."""
        when = (now or datetime.now()).isoformat(timespec="seconds")
        rows = [(kind, year, section, file, plan_row, when) for section, file in (files or [(None, None)])]
        last = self.db.execute("SELECT plan FROM plan_uses WHERE kind = ? AND year = ? AND section IS NULL"
                               " ORDER BY id DESC LIMIT 1", (kind, year)).fetchone() if files is None else None
        if last is not None and last[0] == plan_row:
            return  # a merge again with the same revision: already said (a rerun leaves the ledger as it was)
        with self.transaction():
            self.db.executemany("INSERT INTO plan_uses (kind, year, section, file, plan, used_at)"
                                " VALUES (?, ?, ?, ?, ?, ?)", rows)

    def plan_uses(self, kind: str | None = None) -> list[dict]:
        """What :meth:`record_plan_use` recorded (oldest first), with each revision's version."""
        sql = ("SELECT u.kind, u.year, u.section, u.file, u.plan, u.used_at, p.version FROM plan_uses u"
               " JOIN plans p ON p.id = u.plan" + (" WHERE u.kind = ?" if kind else "") + " ORDER BY u.id")
        return [dict(r) for r in self.db.execute(sql, (kind,) if kind else ())]

    def submitted_plan_ids(self) -> set[str]:
        """The plan IDs of the templates the ledger took as its own (of a ledger older than its plan
        record): accepted, or rejected for what was in them — not a file sent back because it is a
        template of another plan (M002), which says nothing of the ledger's plan."""
        other_plan = Msg.INTAKE_OTHER_PLAN.value.code
        return {r["plan_id"] for r in self.db.execute(
                    "SELECT plan_id, status, issues FROM submissions WHERE plan_id IS NOT NULL AND status IN (?, ?)",
                    (str(FileStatus.ACCEPTED), str(FileStatus.REJECTED)))
                if r["status"] == FileStatus.ACCEPTED or other_plan not in {p.code for p in stored_problems(r)}}
