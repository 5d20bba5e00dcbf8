"""Data validation of the template's input cells: rules, Japanese input messages, error alerts.

Returns xlsxwriter ``data_validation`` option dicts. Excel's limits apply: input and error
titles up to 32 characters, messages up to 255, as Excel counts them (UTF-16 code units:
「𠮷」 counts twice; checked by xlsxwriter, which warns and skips the validation when exceeded;
the tests assert every input cell has its validation).
"""

from __future__ import annotations

from collections.abc import Callable

from reform_xlsx.form import layout
from reform_xlsx.form.content import Row
from reform_xlsx.form.layout import Column
from reform_xlsx.plan.model import Plan
from reform_xlsx.templates.guide import behind_text
from reform_xlsx.wareki import format_fiscal_year
from reform_xlsx.xlsx.sizing import cut_to_length, print_capacity

PROMPT_LIMIT = 255  # the characters Excel keeps of an input (or error) message: xlsxwriter refuses a longer one
TITLE_LIMIT = 32  # … of its title
CODES_ONLY = "（段階の名前は ▼ の一覧にあります）"


def prompt_fit(text: str) -> str:
    """``text`` as a prompt (or an error message) keeps it: whole when Excel counts it :data:`PROMPT_LIMIT` long or
    less — in UTF-16 code units, 「𠮷」 twice, as xlsxwriter does, which drops a validation with a longer message, the
    cell's drop-down and rule with it — else up to its last sentence (「。」) or line that fits, never cut in a word."""
    cut = cut_to_length(text, PROMPT_LIMIT, "")
    if cut == text:
        return text
    end = max(cut.rfind("。"), cut.rfind("\n"))
    return cut[:end + 1].rstrip("\n") if end > 0 else cut


def _with_messages(rule: dict, title: str, message: str, error: str | None = None) -> dict:
    title = cut_to_length(title, TITLE_LIMIT, "")
    rule = dict(rule, input_title=title, input_message=prompt_fit(message))
    if error:
        rule.update(error_title=title, error_message=prompt_fit(error), error_type="stop")
    return rule


def fitted(message: Callable[[bool], str]) -> str:
    """A prompt that names the plan's grades, ``message(codes)``: with their codes and names (``codes`` False), or —
    a plan of many long grade names, past what Excel keeps of a prompt (:data:`PROMPT_LIMIT`) — with their codes
    alone (the names are in the drop-down's list), so that every grade and the prompt's last sentence are there,
    never cut in the middle of a name. (The 調査票's 進捗状況, 取組実績 and 課題・今後の方針, and the 推進室評価シート's
    推進室評価: :func:`reform_xlsx.report.review_form.grade_prompt`.) Measured as Excel counts (:func:`prompt_fit`);
    a prompt too long even so (a scale of some 30 grades) ends with the last sentence that fits."""
    whole = message(False)
    return whole if prompt_fit(whole) == whole else prompt_fit(message(True))


def grade_choices(plan: Plan, codes: bool = False) -> str:
    """The plan's grades as a prompt lists them: 「A 計画どおり／B 概ね計画どおり／…」, or (``codes``) 「A／B／…」 and
    where their names are (:data:`CODES_ONLY`)."""
    if codes:
        return "／".join(g.code for g in plan.grades) + CODES_ONLY
    return "／".join(g.display for g in plan.grades)


def grade_validation(plan: Plan) -> dict:
    return _with_messages(
        {"validate": "list", "source": f"={layout.GRADE_LIST_NAME}"}, layout.item_label("grade"),
        fitted(lambda codes: f"必須です。セル右の ▼ を押して一覧から選んでください。\n{grade_choices(plan, codes)}\n"
                             f"{_behind_rule(plan, codes)}（区分の説明は「記入要領」シート）"),
        "一覧にない値です。セル右の ▼ を押して、一覧から選んでください。")


LINE_BREAK = "セル内の改行は Alt+Enter（Excel）、Ctrl+Enter（LibreOffice）です。"


def _behind_rule(plan: Plan, codes: bool = False) -> str:
    """V014 as the input prompts say it (merge sends the file back when it is broken), the grades named by their
    codes alone with ``codes``; "" for a plan without behind grades."""
    if not behind_text(plan):
        return ""
    return (f"進捗状況が{behind_text(plan, codes)}のときは、{layout.item_label('result')}と"
            f"{layout.item_label('plan_next')}も必須です（空欄だと差し戻し）。")


def text_messages(year: int, plan: Plan | None = None, tail: str = "") -> dict[str, tuple[str, str]]:
    """``plan``: for the rule on its ``behind`` grades (the prompts of 取組実績 and 課題・今後の方針 say it; with ``tail``,
    what the prompt ends with, they are :func:`fitted`)."""
    fy = format_fiscal_year(year)

    def said(first: str) -> str:
        return fitted(lambda codes: first + (_behind_rule(plan, codes) if plan is not None else "")
                      + LINE_BREAK + tail)

    return {
        "result": (layout.item_label("result"),
                   said(f"{fy}に実施した取組の内容と実績を、具体的に（いつ・何を・どれだけ）記入してください。")),
        "plan_next": (layout.item_label("plan_next"),
                      said(f"取組を進める上での課題と、{format_fiscal_year(year + 1)}以降の方針を記入してください。")),
        "note": (layout.kpi_label("note"), f"実績値の出し方（出典・集計時点・計算式）や補足を記入してください。{LINE_BREAK}{tail}"),
        "response": (layout.RESPONSE_COLUMN.label,
                     f"前年度の二次評価・意見・対応方針を受けて、{fy}にどう対応したか（対応の内容・時期・予定）を"
                     f"記入してください。{LINE_BREAK}{tail}"),
    }

WHOLE_NUMBER = {"validate": "integer", "criteria": ">=", "value": 0}


def effect_validation() -> dict:
    return _with_messages(
        WHOLE_NUMBER, layout.item_label("effect_yen"),
        "取組による歳入の増加・歳出の削減の額を、円単位の数字で入力してください（例: 1200000）。"
        "効果額がない・算定できない場合は空欄のままで構いません。費用が増えたときはマイナスにせず空欄にし、"
        "増えた額と理由を「取組実績」に書いてください。",
        "0 以上の整数を円単位で入力してください（千円単位ではありません）。「円」などの文字は付けません。"
        "費用が増えたときは空欄にし、増えた額と理由を「取組実績」に書きます。")


DECIMAL_EXAMPLES = {1: "70.5", 2: "12.25", 3: "0.125"}  # a count's 実績値 in the decimals its cell shows (Kpi.decimals)


def actual_validation(plan: Plan, year: int, row: Row) -> dict:
    kpi = plan.kpi(row.id)
    title = f"実績値（{kpi.unit}）"
    fy = format_fiscal_year(year)
    what = f"{fy}末時点の累計の実績を" if kpi.cumulative else f"{fy}の実績を"
    if kpi.is_rate:
        return _with_messages(
            {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1}, title,
            f"必須です。{what}、% を付けて入力してください（例: 82.5%）。0%～100% の範囲です。",
            "0%～100% の割合を、% を付けて入力してください（例: 82.5%）。")
    if kpi.below_zero:  # a 収支 the plan gives below zero (−50,000千円 → 0): a minus is a value, not a typo
        from reform_xlsx.intake.normalise import MAX_NUMBER  # the reader's own limit (only for such a KPI)
        return _with_messages(  # in whole yen for a yen KPI (the intake refuses a fraction of a yen: V004)
            {"validate": "integer" if kpi.kind == "yen" else "decimal", "criteria": "between",
             "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER}, title,
            f"必須です。{what}、{kpi.unit}単位の数字で入力してください（例: -30000。マイナスも入力できます）。"
            "数字だけを入力します（単位は不要）。",
            f"数を、{kpi.unit}単位の数字だけで入力してください（「{kpi.unit}」などの文字は付けません）。")
    if kpi.decimals:  # a count the plan gives in fractions (a baseline of 180.5時間): typed in its decimals too
        return _with_messages(
            {"validate": "decimal", "criteria": ">=", "value": 0}, title,
            f"必須です。{what}、{kpi.unit}単位の数字で入力してください（例: {DECIMAL_EXAMPLES[kpi.decimals]}。"
            f"小数第{kpi.decimals}位まで表示します）。"
            "数字だけを入力します（単位は不要）。",
            f"0 以上の数を、{kpi.unit}単位の数字だけで入力してください（「{kpi.unit}」などの文字は付けません）。")
    example = "180000000" if kpi.kind == "yen" else "70"
    return _with_messages(
        WHOLE_NUMBER, title,
        f"必須です。{what}、{kpi.unit}単位の整数で入力してください（例: {example}）。"
        "数字だけを入力します（単位は不要）。",
        f"0 以上の整数を、{kpi.unit}単位の数字だけで入力してください（「{kpi.unit}」などの文字は付けません）。")


def input_validation(plan: Plan, year: int, column: Column, row: Row) -> dict | None:
    """The validation of one input cell, or None for a column without one."""
    if column.key == "grade":
        return grade_validation(plan)
    if column.key == "effect_yen":
        return effect_validation()
    if column.key == "actual":
        return actual_validation(plan, year, row)
    messages = text_messages(year, plan, print_limit(column.width))
    if column.key in messages:
        title, message = messages[column.key]
        return _with_messages({"validate": "any"}, title, message)
    return None


def print_limit(width: float) -> str:
    """What the prompt of a text cell says of its printed length (a row never splits across pages)."""
    return f"印刷で切れずに収まるのはおよそ {print_capacity(width)} 字までです（長い文章も全文を読み取ります）。"
