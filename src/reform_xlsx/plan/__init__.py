"""The plan: its model, loading and checking a plan file, and the attainment maths.

- :mod:`.model` — the three levels (重点項目 → 取組区分 → 改革項目 in the bundled plan; a plan's own
  ``Words``) → KPI, the sections, grades and thresholds;
- :mod:`.loading` — read a plan file (YAML) with every problem located by key and line;
- :mod:`.attainment` — 進捗率, 期待進捗, 判定 (pure functions);
- :mod:`.export` — the plan as JSON-ready data;
- ``bundled/`` — the bundled plan, ``schema.json`` — the plan file's JSON Schema.
"""

import importlib

_EXPORTS = {
    **dict.fromkeys(("PlanError", "load_plan", "parse_plan"), "reform_xlsx.plan.loading"),
    **dict.fromkeys(("DECREASE", "INCREASE", "UNASSIGNED", "Area", "Category", "Grade", "Item", "Judgement", "Kpi",
                     "Plan", "Words", "YearOutsidePlanError"), "reform_xlsx.plan.model"),
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):  # imported on first use: a worker process needs the model, not the loader
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
