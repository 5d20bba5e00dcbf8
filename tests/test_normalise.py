"""Normalisation of typed values: the rules of docs/intake.md, and the edges."""

from __future__ import annotations

import datetime as dt

import pytest

from reform_xlsx.intake import normalise as norm
from reform_xlsx.intake.normalise import (
    NotANumber,
    excel_length,
    normalise_kpi,
    normalise_text,
    normalise_yen,
    parse_grade,
    parse_number,
    percent_shown,
    quoted,
    raw_text,
)
from reform_xlsx.messages import Msg

NUMBERS = [
    # typed, value, percent, unit
    ("1,500,000", 1_500_000, False, ""),
    ("１，５００，０００", 1_500_000, False, ""),
    ("1億5千万円", 150_000_000, False, "円"),
    ("１億５千万円", 150_000_000, False, "円"),
    ("2億5,000万円", 250_000_000, False, "円"),
    ("1.5億", 150_000_000, False, ""),
    ("150万", 1_500_000, False, ""),
    ("0万円", 0, False, "円"), ("０万円", 0, False, "円"), ("0億円", 0, False, "円"),  # a 0 typed before 万: zero (as 「0千円」)
    ("0千円", 0, False, "円"),
    ("三千", 3000, False, ""),
    ("十", 10, False, ""),
    ("3施設", 3, False, "施設"),
    ("３施設", 3, False, "施設"),
    ("30%", 30, True, ""),
    ("３０％", 30, True, ""),
    ("30 %", 30, True, ""),
    ("12.5パーセント", 12.5, True, ""),
    ("0.3", 0.3, False, ""),
    ("△5", -5, False, ""),
    ("▲5", -5, False, ""),
    ("-5", -5, False, ""),
    ("－５", -5, False, ""),
    ("+7", 7, False, ""),
    # every way an office writes a negative number: the accountant's parentheses, every minus and dash
    ("(500,000)", -500_000, False, ""), ("（５００，０００）", -500_000, False, ""), ("(500,000円)", -500_000, False, "円"),
    ("(¥500)", -500, False, "円"), ("¥-500", -500, False, "円"), ("￥△500", -500, False, "円"), ("-¥500", -500, False, "円"),
    ("−500,000", -500_000, False, ""), ("–500", -500, False, ""), ("—500", -500, False, ""), ("‒500", -500, False, ""),
    ("﹣500", -500, False, ""), ("ー500", -500, False, ""), ("マイナス500,000", -500_000, False, ""),
    ("△ 500,000", -500_000, False, ""),
    # a unit in parentheses, as headings write it: 1,200千円, never 1,200 yen
    ("1,200（千円）", 1_200_000, False, "円"), ("1,200(千円)", 1_200_000, False, "円"), ("30(%)", 30, True, ""),
    ("金500,000円", 500_000, False, "円"),
    # a minus after the number: Excel and LibreOffice Calc store 「500,000-」 typed in a number cell as -500000
    ("1 500 000", 1_500_000, False, ""), ("1　500", 1500, False, ""), ("50 万円", 500_000, False, "円"),  # a space
    ("500,000-", -500_000, False, ""), ("¥500,000-", -500_000, False, "円"), ("500,000円-", -500_000, False, "円"),
    ("¥1,500", 1500, False, "円"),
    ("￥1,500", 1500, False, "円"),
    (" 42 ", 42, False, ""),
    (0.3, 0.3, False, ""),
    (5.0, 5, False, ""),
    (7, 7, False, ""),
    (None, None, False, ""),
    ("", None, False, ""),
    ("　", None, False, ""),
]


@pytest.mark.parametrize("typed, value, percent, unit", NUMBERS)
def test_parse_number(typed, value, percent, unit):
    number = parse_number(typed)
    assert (number.value, number.percent, number.unit) == (value, percent, unit)


@pytest.mark.parametrize("typed", ["abc", "約30", "1.2.3", "万", "1万万", "百千", "2026-01-02",
                                   "30%30", True, dt.date(2026, 1, 2), float("nan"), "%30", "1億2億",
                                   # separators not in groups of three: never a number read by guessing
                                   "1,20,000", "12,5", "12,5%", "1,2345", "1,500,00円",
                                   "0,123", "000,123", ",1200", "1,200,", "1,,200",
                                   # spaces likewise: 「12 0」 was read as 120, 「1 50」 as 150
                                   "12 0", "1 50", "1 2", "1 2345", "0 123", "12 5%", "1 500 00円"])
def test_not_a_number(typed):
    with pytest.raises(NotANumber):
        parse_number(typed)


@pytest.mark.parametrize("typed, whole, decimal", [
    # typed, read as whole yen (None: NotANumber), read elsewhere (a KPI counted in decimals).
    # A period before exactly three digits may be a thousands separator (500,000 written as much of Europe writes
    # it): in a whole-yen amount it is not read
    ("500.000", None, 500), ("５００．０００", None, 500), ("1.500", None, 1.5), ("12.000", None, 12),
    ("0.500", None, 0.5), ("500.000円", None, 500), ("¥500.000", None, 500), ("△500.000", None, -500),
    ("1,500.000", None, 1500), ("1.500.000", None, None),
    ("500.000万円", 5_000_000, 5_000_000), ("2.125億円", 212_500_000, 212_500_000),  # before 千・万・億: a decimal
    ("1.500千", 1500, 1500),  # point
    ("500.0", 500, 500), ("500.00", 500, 500), ("500.0000", 500, 500), ("1.5万", 15_000, 15_000),  # not three
    ("500", 500, 500), ("1,500,000", 1_500_000, 1_500_000), (500.0, 500, 500),  # digits; a number the cell holds
])
def test_a_period_before_three_digits_is_not_read_in_a_whole_yen_amount(typed, whole, decimal):
    for expected, as_whole in ((whole, True), (decimal, False)):
        if expected is None:
            with pytest.raises(NotANumber):
                parse_number(typed, whole=as_whole)
        else:
            assert parse_number(typed, whole=as_whole).value == expected


GRADES = [
    ("A", "A"), ("Ａ", "A"), ("a", "A"), ("A 計画どおり", "A"), ("Ａ　計画どおり", "A"),
    ("計画どおり", "A"), ("計画通り", "A"), ("計画とおり", "A"), ("A:計画どおり", "A"), ("A 計画通り", "A"),
    ("Ａ：計画通り", "A"), ("【A】計画どおり", "A"),
    ("B 概ね計画どおり", "B"), ("概ね計画どおり", "B"), ("概ね計画通り", "B"), ("おおむね計画どおり", "B"),
    ("おおむね計画通り", "B"), ("B おおむね計画どおり", "B"), ("Ｂ　おおむね計画通り", "B"), ("ｂ", "B"),
    ("大旨計画どおり", "B"), ("B（概ね計画どおり）", "B"),
    ("C 遅れ", "C"), ("遅れ", "C"), ("Ｃ遅れ", "C"), ("Ｅ（完了）", "E"), ("D未着手", "D"), ("未着手", "D"),
    ("F", None), ("順調", None), ("A B", None), ("計画", None), ("おおむね", None), ("B 計画どおり", None),
    (None, None), (3.0, None),
]


@pytest.mark.parametrize("typed, code", GRADES)
def test_parse_grade(plan, typed, code):
    assert parse_grade(typed, plan.grades) == code


KPI_VALUES = [
    # kpi, typed, value, message
    ("K01", 0.3, 0.3, None),  # a % formatted cell holds a fraction
    ("K01", "30%", 0.3, None),
    ("K01", "３０％", 0.3, None),
    ("K01", "0.3", 0.3, None),
    ("K01", 0, 0.0, None),
    ("K01", 1, 1.0, None),  # 1 = 100 % (a fraction)
    ("K01", 30, 0.3, Msg.INTAKE_RATE_AS_POINTS),
    ("K01", "30", 0.3, Msg.INTAKE_RATE_AS_POINTS),
    ("K01", 100, 1.0, Msg.INTAKE_RATE_AS_POINTS),
    ("K01", 130, None, Msg.INTAKE_OUT_OF_RANGE),
    ("K01", "130%", None, Msg.INTAKE_OUT_OF_RANGE),
    ("K01", "△5%", None, Msg.INTAKE_OUT_OF_RANGE),
    ("K01", "約30%", 0.3, Msg.INTAKE_APPROXIMATE),  # the number, and a word that it is approximate
    ("K01", "30%程度", 0.3, Msg.INTAKE_APPROXIMATE),
    ("K01", "約130%", None, Msg.INTAKE_OUT_OF_RANGE),  # a refusal says what is wrong, not the 約
    ("K01", "約", None, Msg.INTAKE_NOT_A_NUMBER),
    ("K09", "約3施設", 3, Msg.INTAKE_APPROXIMATE),
    ("K01", "30人", None, Msg.INTAKE_NOT_A_NUMBER),
    ("K01", None, None, None),
    ("K10", "1億8千万円", 180_000_000, None), ("K10", "0万円", 0, None),
    ("K10", "180,000,000", 180_000_000, None),
    ("K10", 180000000.0, 180_000_000, None),
    ("K10", "1.5円", None, Msg.INTAKE_OUT_OF_RANGE),
    ("K09", "3施設", 3, None),
    ("K09", 2, 2, None),
    ("K09", "2.5", 2.5, Msg.INTAKE_COUNT_NOT_WHOLE),
    ("K09", "3人", 3, Msg.INTAKE_UNIT_MISMATCH),
    ("K09", "△1", None, Msg.INTAKE_OUT_OF_RANGE),
    ("K12", "610万", 6_100_000, None),
    ("K12", "610万枚", 6_100_000, None),
    ("K11", "７０人", 70, None),
    ("K11", "80名", 80, None),  # 名 counts people as 人 does
    ("K11", "80社", 80, Msg.INTAKE_UNIT_MISMATCH),
    ("K10", "1,50,000,000", None, Msg.INTAKE_NOT_A_NUMBER),
    ("K10", "1,500万", 15_000_000, None),
    ("K09", "3施設以上", 3, Msg.INTAKE_APPROXIMATE),
    ("K11", "たくさん", None, Msg.INTAKE_NOT_A_NUMBER),
    ("K11", dt.datetime(2026, 3, 1), None, Msg.INTAKE_NOT_A_NUMBER),
    # a period before three digits: in a KPI of whole yen a thousands separator is not guessed (180,000,000 or 180?);
    # a KPI counted in decimals keeps its decimal point
    ("K10", "180.000.000", None, Msg.INTAKE_NOT_A_NUMBER),
    ("K10", "180.000", None, Msg.INTAKE_NOT_A_NUMBER),
    ("K10", "1.800億円", 180_000_000, None),
    ("K09", "1.500", 1.5, Msg.INTAKE_COUNT_NOT_WHOLE),
    ("K09", "2.000", 2, None),
    ("K12", "610.000万", 6_100_000, None),
    ("K01", "0.300", 0.3, None),
    ("K01", "82.500%", 0.825, None),
    # a rate as Japanese offices write it (歩合): 割 = 10 %, 分 = 1 %, 厘 = 0.1 % — only in a rate
    ("K01", "5割", 0.5, None),
    ("K01", "8割5分", 0.85, None),
    ("K01", "8割", 0.8, None),
    ("K01", "3分5厘", 0.035, None),
    ("K01", "八割五分", 0.85, None),
    ("K01", "５割５分５厘", 0.555, None),
    ("K01", "10割", 1.0, None),
    ("K01", "約5割", 0.5, Msg.INTAKE_APPROXIMATE),
    ("K01", "5割(予定)", 0.5, Msg.INTAKE_APPROXIMATE),
    ("K01", "11割", None, Msg.INTAKE_OUT_OF_RANGE),
    ("K01", "▲5割", None, Msg.INTAKE_OUT_OF_RANGE),
    ("K01", "8割15分", None, Msg.INTAKE_NOT_A_NUMBER),  # after the first figure, one digit a place
    ("K01", "5分3割", None, Msg.INTAKE_NOT_A_NUMBER),  # the places go down
    ("K01", "5割%", None, Msg.INTAKE_NOT_A_NUMBER),
    ("K09", "5割", 5, Msg.INTAKE_UNIT_MISMATCH),  # 「割」 means nothing in a count: a unit that is not 施設
    ("K10", "5割", 5, Msg.INTAKE_UNIT_MISMATCH),
    # more than one word after the number, as a hurried section writes it: each taken off (it was V003, or V008 of
    # 「施設程度」 as a unit)
    ("K01", "5割程度（見込み）", 0.5, Msg.INTAKE_APPROXIMATE),
    ("K01", "30%程度(見込み)", 0.3, Msg.INTAKE_APPROXIMATE),
    ("K09", "3施設程度（見込み）", 3, Msg.INTAKE_APPROXIMATE),
]


@pytest.mark.parametrize("kpi_id, typed, value, msg", KPI_VALUES)
def test_normalise_kpi(plan, kpi_id, typed, value, msg):
    outcome = normalise_kpi(typed, plan.kpi(kpi_id))
    assert (outcome.value, outcome.msg) == (value, msg)
    assert type(outcome.value) is type(value)


YEN = [
    ("1,500,000", 1_500_000, None), ("150万円", 1_500_000, None), (1500000.0, 1_500_000, None),
    ("¥1,500", 1500, None), (0, 0, None), (None, None, None), ("", None, None), ("0万円", 0, None),
    ("△5", None, Msg.INTAKE_YEN_INVALID), ("1.5", None, Msg.INTAKE_YEN_INVALID),
    ("10%", None, Msg.INTAKE_YEN_INVALID), ("不明", None, Msg.INTAKE_YEN_INVALID),
    ("3件", 3, Msg.INTAKE_UNIT_MISMATCH),
    ("約30万円", 300_000, Msg.INTAKE_APPROXIMATE), ("30万円程度", 300_000, Msg.INTAKE_APPROXIMATE),
    ("およそ 1億円", 100_000_000, Msg.INTAKE_APPROXIMATE),
    # more words that make a number approximate: read with V021, not 「円ほど」 as a unit (V008) or refused
    ("50万円ほど", 500_000, Msg.INTAKE_APPROXIMATE),
    ("50万円強", 500_000, Msg.INTAKE_APPROXIMATE), ("50万円弱", 500_000, Msg.INTAKE_APPROXIMATE),
    ("50万円余", 500_000, Msg.INTAKE_APPROXIMATE), ("50万円(予定)", 500_000, Msg.INTAKE_APPROXIMATE),
    ("50万円（推計）", 500_000, Msg.INTAKE_APPROXIMATE), ("おおよそ50万円", 500_000, Msg.INTAKE_APPROXIMATE),
    ("大体50万円", 500_000, Msg.INTAKE_APPROXIMATE), ("ほぼ50万円", 500_000, Msg.INTAKE_APPROXIMATE), ("約△5", None, Msg.INTAKE_YEN_INVALID),
    ("150万円（見込み）", 1_500_000, Msg.INTAKE_APPROXIMATE), ("約30万ドル", 300_000, Msg.INTAKE_UNIT_MISMATCH),
    ("見込み 20万円", 200_000, Msg.INTAKE_APPROXIMATE),
    ("50万円以上", 500_000, Msg.INTAKE_APPROXIMATE), ("100万円未満", 1_000_000, Msg.INTAKE_APPROXIMATE),
    ("1,20,000", None, Msg.INTAKE_YEN_INVALID), ("12,5", None, Msg.INTAKE_YEN_INVALID),
    ("12,000", 12_000, None),
    ("なし", None, None), ("－", None, None), ("―", None, None), ("該当なし", None, None), ("ｎ／ａ", None, None),
    # every dash an IME or font gives: the Mac's minus sign, em and en dashes, box drawing, a few in a row
    ("−", None, None), ("—", None, None), ("–", None, None), ("─", None, None), ("ー", None, None), ("ｰ", None, None),
    ("－－", None, None), ("― ―", None, None), ("特に無し", None, None),
    # as people write 「none」 around it: brackets, a full stop, the unit after a dash — not an error to send back
    ("（なし）", None, None), ("(該当なし)", None, None), ("「なし」", None, None), ("なし。", None, None),
    ("特になし。", None, None), ("無", None, None), ("ナシ", None, None), ("－円", None, None), ("―円", None, None),
    ("円", None, Msg.INTAKE_YEN_INVALID), ("なし（0円）", None, Msg.INTAKE_YEN_INVALID),
    ("−5", None, Msg.INTAKE_YEN_INVALID), ("—5万円", None, Msg.INTAKE_YEN_INVALID),
    # a period before three digits (500,000 written 「500.000」): not read as 500
    ("500.000", None, Msg.INTAKE_YEN_INVALID), ("５００．０００", None, Msg.INTAKE_YEN_INVALID),
    ("12.000", None, Msg.INTAKE_YEN_INVALID), ("1.500", None, Msg.INTAKE_YEN_INVALID),
    ("1.500.000", None, Msg.INTAKE_YEN_INVALID), ("500.000円", None, Msg.INTAKE_YEN_INVALID),
    ("約500.000円", None, Msg.INTAKE_YEN_INVALID),
    ("2.125億円", 212_500_000, None), ("500.0", 500, None), (500.0, 500, None),
]


@pytest.mark.parametrize("typed, value, msg", YEN)
def test_normalise_yen(typed, value, msg):
    outcome = normalise_yen(typed, "財政効果額（円）")
    assert (outcome.value, outcome.msg) == (value, msg)


def test_a_period_before_three_digits_is_quoted_as_typed():
    outcome = normalise_yen("５００．０００", "財政効果額（円）")
    assert outcome.msg.value.template.format(**outcome.params) == (
        "財政効果額（円）「５００．０００」は 0 以上の整数（円）で入力してください（例: 1500000、150万円）。")


COST_ADVICE = "費用が増えたときはマイナスにせず空欄にし、増えた額と理由を「取組実績」に書いてください。"


@pytest.mark.parametrize("typed, advised", [
    ("▲500,000", True), ("-500000", True), ("△5", True), ("−5", True), ("－500000", True), (-500000, True),
    ("▲1,200千円", True), ("約△5", True), (-0.5, True),
    ("(500,000)", True), ("（500,000）", True), ("(500,000円)", True), ("¥-500", True), ("–500", True),
    ("マイナス500,000", True), ("(1)(2)", False), ("500,000-", True),
    ("1.5", False), ("10%", False), ("不明", False), ("500.000", False), ("1,20,000", False),
])
def test_a_negative_effect_is_told_what_to_do_instead(typed, advised):
    """V006 is right for 「▲500,000」, but a section with a real cost increase was not told what to do: the product
    counts savings and revenue only, so the amount stays blank and the increase goes into 取組実績 (as the 記入要領
    and the cell's prompt say). Only a negative amount gets that advice."""
    outcome = normalise_yen(typed, "財政効果額（円）")
    assert outcome.msg is Msg.INTAKE_YEN_INVALID
    text = outcome.msg.value.template.format(**outcome.params)
    assert (COST_ADVICE in text) is advised, text


def test_the_guide_and_the_prompt_say_what_the_message_says(plan):
    from reform_xlsx.templates.guide import error_rules
    from reform_xlsx.templates.validation import effect_validation

    rule = next(r for r in error_rules(plan, True) if "V006" in r.codes)
    assert "費用が増えたときは空欄にし、額と理由は取組実績に" in rule.text
    prompt = effect_validation()
    assert COST_ADVICE in prompt["input_message"] and "費用が増えたときは空欄にし" in prompt["error_message"]


@pytest.mark.parametrize("text, said", [
    ("1-1-9", "1-1-9"), ("", ""), (None, ""),
    ("X" * 40, "X" * 40), ("X" * 41, "X" * 40 + "…"), ("X" * 32000, "X" * 40 + "…"),
    ("課" * 41, "課" * 40 + "…"),
    ("取組状況\n（市民課）", "取組状況 （市民課）"),  # on one line
    ("  a   b  ", "a b"),
    ("a\n" * 30, ("a " * 20)[:40] + "…"),  # cut after the lines are joined
])
def test_quoted(text, said):
    assert quoted(text) == said


def test_an_approximate_amount_says_which_word_it_left_out():
    outcome = normalise_yen("約 30万円程度", "財政効果額（円）")
    assert outcome.msg.value.template.format(**outcome.params) == (
        "財政効果額（円）「約 30万円程度」を 300,000円 として読みました（「約」「程度」を除いた数）。"
        "概数のままでよければそのままで構いません。正確な値が分かれば、数字だけを入力し直してください。")
    outcome = normalise_yen("約30万円程度（見込み）", "財政効果額（円）")
    assert (outcome.value, outcome.params["word"]) == (300_000, "約」「程度」「見込み")  # each word, as written


TEXT = [
    ("  窓口を拡大した。\n", "窓口を拡大した。", None),
    ("=SUM(A1)", "=SUM(A1)", None),  # user text stays text
    ("ＡＢＣ（全角）", "ＡＢＣ（全角）", None),  # free text is not NFKC-folded
    (12.0, "12", None),
    ("", None, None), (None, None, None),
    ("あ" * 32766, "あ" * 32766, None),
    ("あ" * 32767, "あ" * 32767, Msg.INTAKE_TEXT_CUT_AT_LIMIT),  # a longer text cut when saved: kept, said
    ("𠮷" + "あ" * 32765, "𠮷" + "あ" * 32765, Msg.INTAKE_TEXT_CUT_AT_LIMIT),  # 𠮷 counts twice, as in Excel
    ("あ" * 32768, None, Msg.INTAKE_TEXT_TOO_LONG),
]


@pytest.mark.parametrize("text, length", [
    ("", 0), ("abc", 3), ("窓口を拡大", 5), ("ＡＢＣ", 3),
    ("𠮷野家", 4), ("😀", 2), ("a😀b", 4),  # outside the BMP: two UTF-16 code units, as Excel counts
    ("\ud800", 1), ("x\udfffy", 3),  # a lone surrogate (a broken file) is one unit, never an error
    ("あ" * 32767, 32767), ("𠮷" * 16384, 32768),
])
def test_excel_length_counts_utf16_units(text, length):
    assert excel_length(text) == length


@pytest.mark.parametrize("typed, value, msg", TEXT)
def test_normalise_text(typed, value, msg):
    outcome = normalise_text(typed)
    assert (outcome.value, outcome.msg) == (value, msg)


@pytest.mark.parametrize("typed, raw", [
    (None, None), ("", None), ("３０％", "３０％"), (0.3, "0.3"), (5.0, "5"), (True, "TRUE"),
    (dt.date(2026, 4, 1), "2026-04-01"), (123456789012345.0, "123456789012345"),
    (1e15, "1,000,000,000,000,000"), (2.0**63, "9,223,372,036,854,780,000"),  # as 「#,##0」 shows them (15 digits)
    (-2.5e20, "-250,000,000,000,000,000,000"), (1e21, "1E+21"), (1e300, "1E+300"),  # not 301 digits
    (float("inf"), "∞"), (float("-inf"), "－∞"), (float("nan"), "（数値として無効な値）"),
])
def test_raw_text_keeps_what_was_typed(typed, raw):
    assert raw_text(typed) == raw


@pytest.mark.parametrize("fraction, shown", [(0.825, "82.5%"), (1.2, "120.0%"), (1e13, "1E+15%"), (9.99e12, "999000000000000.0%"),
                                             (1e300, "1E+302%"), (-1e20, "-1E+22%"),
                                             # as Excel's 「0.0%」 rounds: half away from zero on 15 digits, never half
                                             # to even on the binary value (「6.2%」, 「1.2%」, 「100.0%」 said of a cell
                                             # that shows 6.3%, 1.3%, 100.1% — Excel saves 0.0125 as 1.2500000000000001E-2)
                                             (0.0625, "6.3%"), (1.2500000000000001E-2, "1.3%"), (1.0005, "100.1%"),
                                             (-0.0625, "-6.3%"), (0.00049, "0.0%"), (30.0, "3000.0%")])
def test_a_percentage_is_quoted_as_the_cell_shows_it(fraction, shown):
    assert percent_shown(fraction) == shown


def test_messages_fill_their_templates(plan):
    outcome = normalise_kpi("30", plan.kpi("K01"))
    text = outcome.msg.value.template.format(**outcome.params)
    assert "30%" in text and "0.3" in text


@pytest.mark.parametrize(("pattern", "text", "inside"), [
    (norm._GROUPED, "12,345", 1),
    (norm._GROUPED, "1" + "0" * 100 + ",000", 50),
    (norm._SPACED, "12 345", 1),
    (norm._SPACED, "1" + "0" * 100 + " 000", 50),
])
def test_a_run_of_digits_is_taken_from_its_first_digit_only(pattern, text, inside):
    """The thousands-separator checks find a run of digits from its first digit, never from one inside it: tried from
    every digit, a cell of 30,000 digits (「1.5000…」 in 財政効果額) took half a minute — the file's whole reading time,
    so it was not read at all (F013) — instead of V013 at once."""
    assert pattern.search(text).start() == 0
    assert pattern.search(text, inside) is None


def test_a_cell_of_32000_digits_is_read_as_a_number_too_large():
    assert norm.normalise_yen("1" + "0" * 32000, "財政効果額").msg == Msg.INTAKE_VALUE_TOO_LARGE
    assert norm.normalise_yen("1,000" + " 000" * 8000, "財政効果額").msg is not None
