"""Plans of another grade scale for the tests: six grades with long names (a town's 「取組を中止し、他の取組に統合した…」),
the names together past Excel's 255 characters of a drop-down's input message."""

from __future__ import annotations

from dataclasses import replace

from reform_xlsx.plan.model import Grade

LONG_LABELS = ("計画どおりに実施し、年度末までに目標を達成する見込みである", "おおむね計画どおりに実施しているが、一部の取組に課題が残る",
               "一部を実施したが、計画より遅れており、方法や時期の見直しが必要である", "着手したが、大幅に遅れており、抜本的な見直しが必要である",
               "未着手であり、実施の時期や方法を関係課と再検討している", "取組を中止し、他の取組に統合したか、または事業そのものを廃止した")


def six_grades(plan, long: bool = True):
    """``plan`` with a sixth grade F 中止 (C and D still ``behind``), every name long with ``long``."""
    grades = plan.grades + (Grade("F", "中止", "取組を中止した", rank=6),)
    if long:
        grades = tuple(replace(g, label=label) for g, label in zip(grades, LONG_LABELS, strict=True))
    return replace(plan, grades=grades)


MARKS = (("◎", "予定以上に進んでいる"), ("○", "予定どおり"), ("△", "やや遅れ"), ("×", "遅れ・未着手"))


def marks(plan, without: str = ""):
    """``plan`` graded with marks ◎ ○ △ × (△ and × ``behind``; docs/plan-format.md 「進捗状況の区分の記号」), those in
    ``without`` left out."""
    return replace(plan, grades=tuple(Grade(code, label, f"今年度は{label}", rank, code in "△×")
                                      for rank, (code, label) in enumerate(MARKS, 1) if code not in without))


def digits(plan):
    """``plan`` graded 5～1 (2 and 1 ``behind``)."""
    return replace(plan, grades=tuple(Grade(str(n), label, f"今年度は{label}", 6 - n, n <= 2) for n, label in
                                      ((5, "大きく進んでいる"), (4, "進んでいる"), (3, "予定どおり"), (2, "やや遅れ"),
                                       (1, "遅れている"))))


def wide_names(plan, districts: str = "𠮷野・𠮷田"):
    """:func:`six_grades` (short names) with each name saying the ``districts`` it covers, 「𠮷」 in each: a character
    outside the BMP, which Excel (and xlsxwriter) count twice. With the two districts, 進捗状況's prompt naming them
    is 255 characters or less, more as Excel counts; with four (「𠮷野・𠮷田・𠮷川・𠮷井の各」) so is the 推進室評価's."""
    words = ("とも実施した", "の一部が遅れた", "で遅れている", "とも未着手", "とも完了", "とも中止")
    scale = six_grades(plan, long=False)
    return replace(scale, grades=tuple(replace(g, label=f"{g.label}（{districts}地区{w}）")
                                       for g, w in zip(scale.grades, words, strict=True)))


def many_grades(plan):
    """``plan`` graded A～Z and 1～9 (35 grades, all but A and B ``behind``): its prompts too long for Excel even
    with the grades by their codes alone."""
    codes = [chr(c) for c in range(ord("A"), ord("Z") + 1)] + [str(n) for n in range(1, 10)]
    return replace(plan, grades=tuple(Grade(code, f"区分{code}", f"今年度は区分{code}", rank, rank > 2)
                                      for rank, code in enumerate(codes, 1)))
