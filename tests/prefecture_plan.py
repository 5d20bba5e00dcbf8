"""A prefecture's plan in its own words, for tests that need a small one: 北陵県行財政運営改革プラン (fictional),
基本方針 → 推進項目 → 取組, units that are 部局 and 室 (「総務部 行政経営課」), a period 令和7～10年度."""

from __future__ import annotations


def prefecture_plan_text(sections: str, areas_and_kpis: str) -> str:
    """The plan file: the prefecture's words and grades, with ``sections`` (a YAML list) and ``areas_and_kpis`` (the
    ``areas:`` and ``kpis:`` keys as YAML text)."""
    return f"""
format: 1
plan:
  id: hokuryo-test
  version: "R7-01"
  name: 北陵県行財政運営改革プラン
  city: 北陵県
  reform: 行財政運営改革
  levels: {{area: 基本方針, category: 推進項目, item: 取組}}
  period: {{start: R7, end: R10}}
  baseline_year: R6
  headquarters: 北陵県行財政運営改革推進会議
  office: 総務部 行政経営課
sections: {sections}
grades:
  - {{code: A, label: 順調, definition: 予定どおり}}
  - {{code: B, label: 遅れ, definition: 遅れている, behind: true}}
judgement: {{achieved: 1.0, on_track: 1.0, mostly_on_track: 0.8}}
{areas_and_kpis}"""

