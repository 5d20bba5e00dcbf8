"""``reform-xlsx plan``: check the plan file and summarise it."""

from __future__ import annotations

import argparse
import sys

from reform_xlsx.cli.common import (
    EXIT_OK,
    add_command,
    add_plan_option,
    format_table,
    print_json,
    print_problems,
)
from reform_xlsx.plan.export import plan_to_dict
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.wareki import format_fiscal_year


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "plan", "計画ファイルを検査し、重点項目・区分・担当課ごとの概要を表示します。",
        "  reform-xlsx plan                       # 同梱の二本松市の計画\n"
        "  reform-xlsx plan --plan 計画.yaml       # 別の計画ファイルを検査\n"
        "  reform-xlsx plan --json > plan.json     # 正規化した計画全体を JSON で")
    add_plan_option(parser)
    parser.add_argument("--json", action="store_true", help="正規化した計画全体を JSON で出力")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    plan, warnings = load_plan(args.plan)
    if args.json:
        print_json(plan_to_dict(plan))
        return EXIT_OK
    if warnings:
        print_problems("計画ファイルの警告:", warnings, stream=sys.stderr)
    print(f"{plan.name}（{format_fiscal_year(plan.start_year)}～{format_fiscal_year(plan.end_year)}）")
    print(f"計画ファイル: {plan.source}  ID: {plan.id}  版: {plan.version}")
    print(f"重点項目 {len(plan.areas)}・取組区分 {len(plan.categories)}・改革項目 {len(plan.items)}・"
          f"KPI {len(plan.kpis)}・担当課 {len(plan.sections)}\n")
    rows = []
    for area in plan.areas:
        for cat in area.categories:
            kpis = sum(len(plan.kpis_of_item(i.id)) for i in cat.items)
            rows.append([f"重点項目{area.number}", f"{area.number}-({cat.number}) {cat.name}", len(cat.items), kpis])
        rows.append([f"重点項目{area.number} 計", area.name, len(area.items),
                     sum(len(plan.kpis_of_item(i.id)) for i in area.items)])
    rows.append(["合計", "", len(plan.items), len(plan.kpis)])
    print(format_table(["重点項目", "取組区分", "改革項目", "KPI"], rows))
    print()
    rows = []
    for section in plan.sections:
        owned = plan.kpis_for(section)
        rows.append([section, len(plan.items_for(section)), len(owned), " ".join(k.id for k in owned)])
    print(format_table(["担当課", "改革項目", "KPI", "KPI ID"], rows))
    assumed = [k.id for k in plan.kpis if k.owner_assumed]
    if assumed:
        print(f"\n※ 報告課が計画に明記されていない KPI（計画ファイルで仮に決めたもの）: {'、'.join(assumed)}")
    return EXIT_OK
