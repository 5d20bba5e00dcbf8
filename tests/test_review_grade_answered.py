"""A section's 意見への対応 to last year's 二次評価 alone: its form asked it (the 二次評価 differed from its own grade,
with no opinion or 対応方針), so the packet's 「前年度の意見・対応方針」 beside the answer says what was answered —
a meeting member saw an answer beside an empty cell (令和12年度 二次評価・意見, 2-1-1 秘書政策課)."""

from __future__ import annotations

import pandas as pd

from reform_xlsx.report import consolidate

ITEM, SECTION = "2-1-1", "秘書政策課"


def _answers(rows: list[tuple[int, str, str, str, str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["year", "kind", "id", "section", "field", "value"])


def _reviewed(plan, last_review: dict[str, object], last_grade: str = "D") -> pd.Series:
    answers = _answers([(2029, "item", ITEM, SECTION, "grade", last_grade),
                        *[(2029, "review", ITEM, SECTION, f, v) for f, v in last_review.items()],
                        (2030, "item", ITEM, SECTION, "grade", "E"),
                        (2030, "item", ITEM, SECTION, "response", "根拠データの整備に着手した。")])
    items = pd.DataFrame({"item_id": [ITEM], "section": [SECTION], "grade": ["E"]})
    return consolidate.with_reviews(plan, items, answers, 2030).iloc[0]


def test_a_differing_second_grade_alone_is_shown_as_the_word_answered(plan):
    row = _reviewed(plan, {"review_grade": "C"})
    assert row.response == "根拠データの整備に着手した。"
    assert row.prev_opinions == "【二次評価】C 遅れ（自己評価 D 未着手）"
    assert row.prev_policy is None and row.prev_committee is None  # 公表用 still shows neither (nor the answer)


def test_the_second_grade_comes_before_the_opinions_it_was_given_with(plan):
    row = _reviewed(plan, {"review_grade": "C", "hq_opinion": "工程を示すこと。"})
    assert row.prev_opinions == "【二次評価】C 遅れ（自己評価 D 未着手）\n【本部会議】工程を示すこと。"


def test_a_second_grade_that_agrees_is_not_shown(plan):
    row = _reviewed(plan, {"review_grade": "D", "hq_opinion": "工程を示すこと。"})
    assert row.prev_opinions == "【本部会議】工程を示すこと。"
    assert _reviewed(plan, {"review_grade": "D"}).prev_opinions is None
