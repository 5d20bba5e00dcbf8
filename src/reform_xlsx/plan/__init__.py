"""The plan: its model, loading and checking a plan file, and the attainment maths.

- :mod:`.model` — 重点項目 → 取組区分 → 改革項目 → KPI, the sections, grades and thresholds;
- :mod:`.loading` — read a plan file (YAML) with every problem located by key and line;
- :mod:`.attainment` — 進捗率, 期待進捗, 判定 (pure functions);
- :mod:`.export` — the plan as JSON-ready data;
- ``bundled/`` — the bundled plan, ``schema.json`` — the plan file's JSON Schema.
"""

from reform_xlsx.plan.loading import PlanError, load_plan, parse_plan
from reform_xlsx.plan.model import (
    DECREASE,
    INCREASE,
    Area,
    Category,
    Grade,
    Item,
    Judgement,
    Kpi,
    Plan,
    YearOutsidePlanError,
)

__all__ = ["DECREASE", "INCREASE", "Area", "Category", "Grade", "Item", "Judgement", "Kpi", "Plan",
           "PlanError", "YearOutsidePlanError", "load_plan", "parse_plan"]
