"""A 主な取組 written with its own number (「①窓口支援システムの導入」, as copied from the plan's PDF): the forms number
an item's 主な取組 ①②③ themselves, so every 調査票 and the packet printed 「①①窓口支援システムの導入」. Said (P059, a
warning) at the 主な取組 — the plan file's key, the 計画マスター's cell — and the plan still loads."""

from __future__ import annotations

import copy

import openpyxl
import pytest

from reform_xlsx.intake.master_plan import load_master
from reform_xlsx.plan import checks
from reform_xlsx.plan.builders import build_plan
from reform_xlsx.plan.loading import parse_plan
from reform_xlsx.plan.master_export import write_master
from test_plan_checks import ITEM, small_plan


def _found(actions: list) -> list[tuple[str, str, dict]]:
    data = small_plan()
    data["areas"][0]["categories"][0]["items"][0]["actions"] = actions
    draft = build_plan(copy.deepcopy(data), "test", lambda *a, **k: None)
    return [(f.msg.value.code, checks.format_path(f.path), f.params) for f in checks.check_action_numbers(draft)]


@pytest.mark.parametrize(("actions", "said"), [
    (["①窓口支援システムの導入", "②マイナンバーカード利用の拡大"], [0, 1]),
    (["窓口支援システムの導入", "②マイナンバーカード利用の拡大"], [1]),
    ([" ① 窓口支援システムの導入", "カードの普及"], [0]),  # a space before or after the mark
    ([{"text": "①庁内の検討", "start": "R8", "end": "R9"}, {"text": "②実施", "start": "R10"}], [0, 1]),
    (["①窓口支援システムの導入"], []),  # one 主な取組 is printed without a number: 「①…」 once
    (["窓口支援システムの導入", "マイナンバーカード利用の拡大（①本人確認②申請）"], []),  # a ① inside the text
    (["窓口の見直し", "カードの普及"], []),
])
def test_a_numbered_action_is_said_where_the_form_would_number_it_again(actions, said):
    found = _found(actions)
    path = checks.format_path(ITEM + (0, "actions"))
    assert [(code, where) for code, where, _ in found] == [("P059", f"{path}[{n}]") for n in said]
    for (_, _, params), n in zip(found, said):
        text = actions[n]["text"] if isinstance(actions[n], dict) else actions[n]
        assert params["shown"] == "①②"[n] + text  # as the form prints it


def test_the_plan_file_loads_with_the_warning_and_the_master_names_the_cell(tmp_path):
    data = small_plan()
    data["areas"][0]["categories"][0]["items"][0]["actions"] = ["①電子申請の拡大", "②窓口の見直し"]
    import yaml

    text = yaml.safe_dump(data, allow_unicode=True)
    plan, warnings = parse_plan(text, "計画.yaml")
    assert [w.code for w in warnings] == ["P059", "P059"]
    assert "「①①電子申請の拡大」" in warnings[0].message and "1-1-1" in warnings[0].message
    path = write_master(plan, tmp_path / "計画.xlsx")
    ws = openpyxl.load_workbook(path)["主な取組"]
    cell = next(c.coordinate for row in ws.iter_rows() for c in row if c.value == "①電子申請の拡大")
    again, said = load_master(path)
    below = cell[0] + str(int(cell[1:]) + 1)
    assert [(p.code, p.sheet, p.cell) for p in said] == [("P059", "主な取組", cell), ("P059", "主な取組", below)]
    assert again.items[0].actions == ("①電子申請の拡大", "②窓口の見直し")


@pytest.mark.parametrize(("actions", "marks"), [
    # the other ways plans number their 主な取組 (copied from another city's or an older plan): printed 「①(1)…」 too
    (["(1)窓口支援システムの導入", "(2)カードの普及"], ["(1)", "(2)"]),
    (["（１）窓口支援システムの導入", "（２）カードの普及"], ["（１）", "（２）"]),
    (["1.窓口支援システムの導入", "2．カードの普及"], ["1.", "2．"]),
    (["1）窓口支援システムの導入", "2) カードの普及"], ["1）", "2)"]),
    (["⑴窓口支援システムの導入", "❷カードの普及"], ["⑴", "❷"]),
    # a number that is the text's own, not a numbering: nothing said
    (["1人1台端末の導入", "3R の推進", "2.5倍の処理件数", "10年間の計画", "(仮称)市民センターの整備"], []),
])
def test_a_action_numbered_otherwise_is_said_too(actions, marks):
    found = _found(actions)
    assert [params["mark"] for _, _, params in found] == marks
    for _, _, params in found:
        n = actions.index(params["text"])
        assert params["shown"] == "①②"[n] + actions[n]
