"""A realistic answers table and status table for the report tests (built from the plan).

- Every section answers every item it is named on, except 都市計画課 (未提出) — so the
  item 3-2-1 shared by 土木課 and 都市計画課 shows one answer and one 未回答.
- Item 1-1-1 is shared by DX推進課 and 市民課: both answer, with different grades.
- KPI actuals are the worked examples of docs/report.md where they exist (K10, K11, K12, K13).
- K03 (owner 市民課) is also reported by DX推進課 with a different value.
- One 取組実績 starts with "=", another is long enough to wrap over several lines.
- Item 2-2-1 (four sections) has the same 財政効果額 (1,250,000 円) from 秘書政策課 and 財政課: a
  likely double entry (R005), both amounts in the total.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reform_xlsx import records as ans
from reform_xlsx.plan.model import Plan
from reform_xlsx.wareki import format_fiscal_year

MISSING_SECTION = "都市計画課"
FORMULA_TEXT = "=SUM(A1:A3) のような式は使わず、件数は手作業で確認した"
LONG_TEXT = ("庁内の申請手続を棚卸しし、オンライン化の対象となる手続を洗い出した。"
             "あわせて、電子申請システムの操作研修を各課の担当者向けに3回実施し、"
             "窓口での案内チラシを作成して配布した。利用件数は前年度比で約1.4倍となった。")

# (year → KPI ID → actual). R8 holds the worked examples of docs/report.md.
ACTUALS = {
    2026: {"K01": 0.26, "K02": 0.55, "K03": 0.13, "K04": 0.83, "K05": 0.66, "K06": 0.31,
        "K07": 0.25, "K08": 0.05, "K09": 3, "K10": 180_000_000, "K11": 70,
        "K12": 6_100_000, "K13": 350},
    2027: {"K01": 0.27, "K02": 0.57, "K03": 0.15, "K04": 0.85, "K05": 0.70, "K06": 0.33,
        "K07": 0.27, "K08": 0.10, "K09": 2, "K10": 200_000_000, "K11": 60,
        "K12": 5_950_000, "K13": 400},
}
DUPLICATE_KPI = ("K03", "DX推進課", 0.14)
SHARED_SAME = {("2-2-1", "秘書政策課"), ("2-2-1", "財政課")}  # the same 財政効果額 from two sections
SHARED_AMOUNT = 1_250_000
GRADES = "AAABACABAEAB"  # cycled over the answers: mostly on plan, some behind, one done


def _row(year, section, kind, id_, field, value, raw=None):
    sheet = "取組状況" if kind == "item" else "KPI"
    return {"year": year, "section": section, "kind": kind, "id": id_, "field": field,
            "value": value, "raw": str(value) if raw is None and value is not None else raw,
            "file": f"{format_fiscal_year(year)}_市政改革取組状況調査票_{section}.xlsx", "sheet": sheet,
            "cell": "J5"}


def sample_answers(plan: Plan, years: tuple[int, ...] = (2026,)) -> pd.DataFrame:
    rows, n = [], 0
    for year in years:
        for section in plan.sections:
            if section == MISSING_SECTION:
                continue
            for item in plan.items_for(section):
                grade = GRADES[n % len(GRADES)] if year == years[-1] else "A"
                n += 1
                result = f"{item.name}について、{section}で計画どおり取組を進めた。"
                if (item.id, section) == ("1-1-1", "DX推進課"):
                    grade, result = "B", LONG_TEXT
                if (item.id, section) == ("1-1-1", "市民課"):
                    grade = "A"
                if (item.id, section) == ("1-2-1", "DX推進課"):
                    result = FORMULA_TEXT
                rows.append(_row(year, section, "item", item.id, "grade", grade))
                rows.append(_row(year, section, "item", item.id, "result", result))
                rows.append(_row(year, section, "item", item.id, "plan_next",
                                 "引き続き関係課と連携し、次年度も取組を継続する。"))
                effect = 250_000 * (n % 7 + 1) if n % 4 == 0 else None
                if (item.id, section) in SHARED_SAME:
                    effect = SHARED_AMOUNT
                if effect is not None:
                    rows.append(_row(year, section, "item", item.id, "effect_yen", effect))
            for kpi in plan.kpis_for(section):
                actual = ACTUALS[year][kpi.id]
                rows.append(_row(year, section, "kpi", kpi.id, "actual", actual))
                rows.append(_row(year, section, "kpi", kpi.id, "note", f"{kpi.name}の{year}年度末実績"))
        kpi_id, section, value = DUPLICATE_KPI
        rows.append(_row(year, section, "kpi", kpi_id, "actual", value))
    return pd.DataFrame(rows, columns=list(ans.ANSWER_COLUMNS))


def sample_status(plan: Plan, years: tuple[int, ...] = (2026,)) -> pd.DataFrame:
    rows = []
    for year in years:
        for n, section in enumerate(plan.sections):
            if section == MISSING_SECTION:
                rows.append({"year": year, "section": section, "status": ans.SectionStatus.MISSING, "file": None,
                             "received_at": None, "errors": 0, "warnings": 0})
                continue
            rows.append({"year": year, "section": section, "status": ans.SectionStatus.SUBMITTED,
                         "file": f"{format_fiscal_year(year)}_市政改革取組状況調査票_{section}.xlsx",
                         "received_at": dt.datetime(year + 1, 4, 20, 9) + dt.timedelta(minutes=n),
                         "errors": 0, "warnings": n % 2})
    return pd.DataFrame(rows, columns=list(ans.STATUS_COLUMNS))


# --- a stress set for print: long texts, many shared items, all KPIs missing ---------------
LONG_RESULT = ("庁内の申請手続を棚卸しし、オンライン化の対象となる手続を洗い出した。" * 14)[:540]
LONG_NEXT = ("利用者の声を聞きながら、次年度は対象手続を拡大し、窓口での案内と研修を続ける。" * 6)[:230]


def stress_answers(plan: Plan, year: int = 2026) -> pd.DataFrame:
    """Every section answers (都市計画課 too) with long texts on every fifth item, a 財政効果額 on
    every item of every section (the same amount from all sections of a shared item), and no KPI
    actual at all (every KPI 未報告)."""
    rows = []
    for s_n, section in enumerate(plan.sections):
        for i_n, item in enumerate(plan.items_for(section, year)):
            long = i_n % 5 == 0
            rows.append(_row(year, section, "item", item.id, "grade", "ABCDE"[(s_n + i_n) % 5]))
            tag = f"【{section}・{item.id}】"  # every long text different: no page looks like another
            rows.append(_row(year, section, "item", item.id, "result",
                             tag + LONG_RESULT if long else f"{item.name}を進めた。"))
            rows.append(_row(year, section, "item", item.id, "plan_next", tag + LONG_NEXT if long else "継続する。"))
            amount = 1_000_000 * (plan.items.index(item) % 7 + 1) if len(item.sections) > 1 else 120_000 * (i_n + 1)
            rows.append(_row(year, section, "item", item.id, "effect_yen", amount))
    return pd.DataFrame(rows, columns=list(ans.ANSWER_COLUMNS))


def all_submitted_status(plan: Plan, year: int = 2026) -> pd.DataFrame:
    rows = [{"year": year, "section": s, "status": ans.SectionStatus.SUBMITTED,
             "file": f"{format_fiscal_year(year)}_{s}.xlsx", "received_at": dt.datetime(year + 1, 4, 20, 9) + dt.timedelta(minutes=n),
             "errors": 0, "warnings": 0} for n, s in enumerate(plan.sections)]
    return pd.DataFrame(rows, columns=list(ans.STATUS_COLUMNS))


def with_reviews(plan: Plan, answers: pd.DataFrame, year: int = 2026) -> pd.DataFrame:
    """``answers`` and the office's word on every answer of ``year``: a 二次評価 (one grade lower on every
    third), a comment, and on every fourth the meetings' opinions and a 対応方針 of realistic length."""
    rows = []
    items = answers[(answers["year"] == year) & (answers["kind"] == "item") & (answers["field"] == "grade")]
    codes = [g.code for g in plan.grades]
    for n, r in enumerate(items.itertuples(index=False)):
        review = r.value if n % 3 else codes[min(codes.index(r.value) + 1, len(codes) - 1)] if r.value in codes else r.value
        values = {"review_grade": review, "office_comment": f"{r.id}（{r.section}）は取組が進んでいるが、成果指標の把握が不十分。"}
        if n % 4 == 0:
            values |= {"hq_opinion": "市民への周知を強化し、利用状況を次回の会議で報告すること。",
                       "committee_opinion": "費用対効果を数値で示し、他市の事例も参考に見直しを進めるべきである。",
                       "policy": "令和9年度に効果測定の指標を定め、四半期ごとに進捗を確認する。"}
        for field, value in values.items():
            rows.append({**_row(year, r.section, "item", r.id, field, value), "kind": "review", "sheet": "推進室評価"})
    return pd.concat([answers, pd.DataFrame(rows)], ignore_index=True)


def packet_with_actuals(plan: Plan, out, actuals: dict[str, float]):
    """The 令和8年度 packet of the sample answers with these KPIs' 実績値 (extreme ones, for the pages' tests)."""
    from reform_xlsx.report.writer import write_reports

    answers = sample_answers(plan, (2026,))
    rows = (answers["kind"] == "kpi") & (answers["field"] == "actual")
    for kpi_id, value in actuals.items():
        answers.loc[rows & (answers["id"] == kpi_id), "value"] = value
    return write_reports(plan, 2026, answers, sample_status(plan, (2026,)), out,
                         created=dt.datetime(2026, 5, 1, 10, 0)).workbook
