"""``reform-xlsx plan``: check the plan file and summarise it."""

from __future__ import annotations

import argparse
import sys

from reform_xlsx.cli.common import (
    EXIT_OK,
    add_command,
    add_db_option,
    add_plan_option,
    choose_plan,
    format_table,
    ledger_path,
    print_json,
    print_problems,
)
from reform_xlsx.plan.export import plan_to_dict
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.plan.model import UNASSIGNED, Plan
from reform_xlsx.wareki import format_fiscal_year


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "plan", "計画ファイルを検査し、階層（重点項目など）・担当課ごとの概要を表示します。",
        "  reform-xlsx plan                       # 既定の計画（reform-xlsx.toml、台帳の計画、なければ同梱の計画）\n"
        "  reform-xlsx plan --plan 計画.yaml       # 別の計画ファイルを検査\n"
        "  reform-xlsx plan --json > plan.json     # 正規化した計画全体を JSON で\n"
        "  reform-xlsx plan --text > 計画.yaml     # 計画ファイルの文面（同梱の計画をひな形に）")
    add_plan_option(parser)
    add_db_option(parser, "受付台帳。--plan がないとき、台帳に記録された計画を表示する")
    parser.add_argument("--json", action="store_true", help="正規化した計画全体を JSON で出力")
    parser.add_argument("--text", action="store_true",
                        help="計画ファイルの文面をそのまま出力（同梱の計画や台帳に記録された計画を、ひな形や控えにするとき）")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.plan:  # checking a plan file: whatever a ledger keeps
        plan, warnings = load_plan(args.plan)
    else:
        db, _ = ledger_path(args)
        plan, warnings = choose_plan(args, db if db.is_file() else None)
    if args.json:
        print_json(plan_to_dict(plan))
        return EXIT_OK
    if args.text:
        sys.stdout.write(plan.text)
        return EXIT_OK
    if warnings:
        print_problems("計画ファイルの警告:", warnings, stream=sys.stderr)
    print_summary(plan)
    return EXIT_OK


def print_summary(plan: Plan) -> None:
    w = plan.words
    print(f"{plan.name}（{format_fiscal_year(plan.start_year)}～{format_fiscal_year(plan.end_year)}）")
    print(f"計画ファイル: {plan.source}  ID: {plan.id}  版: {plan.version}")
    print(f"{w.area} {len(plan.areas)}・{w.category} {len(plan.categories)}・{w.item} {len(plan.items)}・"
          f"KPI {len(plan.kpis)}・担当課 {len(plan.sections)}")
    print(f"改革の名称: {w.reform}  推進本部: {w.headquarters}  取りまとめ課: {w.office}"
          + (f"  委員会: {w.committee}" if w.committee else "") + "\n")
    rows = []
    for area in plan.areas:
        for cat in area.categories:
            kpis = sum(len(plan.kpis_of_item(i.id)) for i in cat.items)
            rows.append([f"{w.area}{area.number}", f"{area.number}-({cat.number}) {cat.name}", len(cat.items), kpis])
        rows.append([f"{w.area}{area.number} 計", area.name, len(area.items),
                     sum(len(plan.kpis_of_item(i.id)) for i in area.items)])
    rows.append(["合計", "", len(plan.items), len(plan.kpis)])
    print(format_table([w.area, w.category, w.item, "KPI"], rows))
    print()
    rows = []
    for section in plan.sections:
        owned = plan.kpis_for(section)
        rows.append([section, len(plan.items_for(section)), len(owned), " ".join(k.id for k in owned)])
    print(format_table(["担当課", w.item, "KPI", "KPI ID"], rows))
    if plan.unassigned_items:
        print(f"\n※ {UNASSIGNED}の{w.item}（調査票には載りません）: {'、'.join(i.id for i in plan.unassigned_items)}")
    assumed = [k.id for k in plan.kpis if k.owner_assumed]
    if assumed:
        print(f"\n※ 報告課が計画に明記されていない KPI（計画ファイルで仮に決めたもの）: {'、'.join(assumed)}")
    measured = [k.id for k in plan.kpis if k.baseline is None]
    if measured:
        print(f"\n※ 基準値のない KPI（最初に報告された年度の実績値を基準値にします）: {'、'.join(measured)}")
