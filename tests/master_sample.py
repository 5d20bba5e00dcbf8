"""A reform office's ledger that keeps the bundled plan, and the plan master exported from it (plan import tests)."""

from __future__ import annotations

from pathlib import Path

from reform_xlsx.plan import master_layout as ml
from reform_xlsx.plan.loading import PlanError, bundled_plan_text, load_plan
from reform_xlsx.plan.master_export import write_master
from reform_xlsx.plan_import import import_plan

BUNDLED = bundled_plan_text()


def office_with_master(folder: Path) -> Path:
    """``folder`` with reform.db keeping the bundled plan (版 2026-02) and 計画.xlsx exported from it."""
    (folder / "first.yaml").write_text(BUNDLED, encoding="utf-8")
    assert import_plan(folder / "first.yaml", folder / "reform.db").stored
    write_master(load_plan()[0], folder / "計画.xlsx")
    return folder


REVISION = {"版": "2027-03", "適用年度": "R9", "改訂日": "2027-03-10", "改訂の理由": "見直し"}


def edited_master(office: Path, target: str, edit, formats: dict[str, str] | None = None) -> Path:
    """The master with a new 版 from R9 and ``edit(master)``'s cells ({sheet key: {A1: value}}) typed as they are
    (text stays text), as the reviewer's scripts edit it with openpyxl; ``formats``: {A1 of the KPI sheet: number
    format} (a cell Calc gave the percent format)."""
    from five_years import Master

    m = Master(office / "計画.xlsx")
    cells = {ml.INFO: {m.cell(ml.INFO, "項目", label, "値"): value for label, value in REVISION.items()}}
    for key, values in edit(m).items():
        cells.setdefault(key, {}).update(values)
    for key, values in cells.items():
        for ref, value in values.items():
            m.wb[m.sheet(key)][ref] = value
    for ref, code in (formats or {}).items():
        m.wb[m.sheet(ml.KPIS)][ref].number_format = code
    m.wb.save(office / target)
    return office / target


def refused(path: Path, office: Path):
    """The problems ``plan import --dry-run`` of ``path`` refuses it with (it must)."""
    import pytest

    with pytest.raises(PlanError) as caught:
        import_plan(path, office / "reform.db", dry_run=True)
    return caught.value.problems
