"""A reform office's ledger that keeps the bundled plan, and the plan master exported from it (plan import tests)."""

from __future__ import annotations

from pathlib import Path

from reform_xlsx.plan.loading import bundled_plan_text, load_plan
from reform_xlsx.plan.master_export import write_master
from reform_xlsx.plan_import import import_plan

BUNDLED = bundled_plan_text()


def office_with_master(folder: Path) -> Path:
    """``folder`` with reform.db keeping the bundled plan (版 2026-02) and 計画.xlsx exported from it."""
    (folder / "first.yaml").write_text(BUNDLED, encoding="utf-8")
    assert import_plan(folder / "first.yaml", folder / "reform.db").stored
    write_master(load_plan()[0], folder / "計画.xlsx")
    return folder
