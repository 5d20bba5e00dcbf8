"""The answers table: the common currency between intake, history, templates and reports.

One row per answered cell of an accepted return, normalised. Code uses the English column
names below; workbooks show the Japanese headers of :data:`JA_HEADERS` (「回答一覧」 and the
meeting workbook's 「データ」 sheet).

- ``year``: the fiscal year, as the Western year it starts in (2026 = 令和8年度)
- ``kind``: ``"item"`` (取組状況) or ``"kpi"`` (KPI)
- ``id``: item ID (``"1-1-3"``) or KPI ID (``"K03"``)
- ``field``: the input column's key from :mod:`reform_xlsx.form.layout`
  (item: grade, result, plan_next, effect_yen; kpi: actual, note)
- ``value``: normalised value: grade code (``"A"``), text, yen as int, rate as a fraction,
  count as a number; None when blank
- ``raw``: the text as typed (before normalisation)
- ``file``, ``sheet``, ``cell``: where it came from (file name as received, A1 cell)
"""

from __future__ import annotations

import pandas as pd

from reform_xlsx.form.layout import SHEET_ITEMS, SHEET_KPI

ANSWER_COLUMNS = ("year", "section", "kind", "id", "field", "value", "raw", "file", "sheet", "cell")

JA_HEADERS = {
    "year": "年度", "section": "課名", "kind": "区分", "id": "ID", "field": "項目", "value": "値",
    "raw": "入力値（原文）", "file": "ファイル", "sheet": "シート", "cell": "セル",
}
KIND_LABELS = {"item": SHEET_ITEMS, "kpi": SHEET_KPI}  # 区分 in 回答一覧 / データ: the sheet it came from

# Submission status per expected section (受付結果, 提出状況).
SUBMITTED, RETURNED, MISSING = "提出済", "差し戻し", "未提出"
STATUS_COLUMNS = ("year", "section", "status", "file", "received_at", "errors", "warnings")


def empty_answers() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in ANSWER_COLUMNS})
