"""``reform-xlsx plan``: check the plan file and summarise it; ``plan export`` writes the plan master
(Excel) or a plan file, ``plan import`` reads the office's edited master, shows what changed and
keeps it in the ledger as a revision (:mod:`reform_xlsx.plan_import`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from reform_xlsx.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    add_command,
    add_db_option,
    add_plan_option,
    check_named_ledger,
    choose_plan,
    format_table,
    is_a_folder,
    ledger_in_use,
    plan_json,
    plan_line,
    print_json,
    print_problems,
    result_is,
    terminal_line,
)
from reform_xlsx.plan.diff import GROUPS, ITEMS
from reform_xlsx.plan.export import plan_to_dict
from reform_xlsx.plan.loading import PlanError, load_plan
from reform_xlsx.plan.model import UNASSIGNED, Plan
from reform_xlsx.wareki import format_fiscal_year, japanese_date, parse_date

YAML_SUFFIXES = (".yaml", ".yml")


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "plan", "計画ファイルを検査し、階層（重点項目など）・担当課ごとの概要を表示します。"
                            "export・import で、計画を Excel（計画マスター）で直して台帳に取り込みます。",
        "  reform-xlsx plan                       # 既定の計画（reform-xlsx.toml、台帳の計画、なければ同梱の計画）\n"
        "  reform-xlsx plan --plan 計画.yaml       # 別の計画ファイルを検査\n"
        "  reform-xlsx plan --json > plan.json     # 正規化した計画全体を JSON で\n"
        "  reform-xlsx plan --text > 計画.yaml     # 計画ファイルの文面（同梱の計画をひな形に）\n"
        "  reform-xlsx plan export 計画.xlsx       # 計画マスター（Excel）に書き出す\n"
        "  reform-xlsx plan import 計画.xlsx       # 直した計画マスターの変更点を表示し、台帳に記録")
    add_plan_option(parser)
    add_db_option(parser, "受付台帳。--plan がないとき、台帳に記録された計画を表示する")
    parser.add_argument("--json", action="store_true", help="正規化した計画全体を JSON で出力")
    parser.add_argument("--text", action="store_true",
                        help="計画ファイルの文面をそのまま出力（同梱の計画や台帳に記録された計画を、ひな形や控えにするとき）")
    parser.set_defaults(run=run)
    actions = parser.add_subparsers(dest="plan_action", metavar="<操作>", title="操作")
    export = add_command(
        actions, "export", "計画を、推進室が Excel で直す計画マスター（.xlsx）か計画ファイル（.yaml）に書き出します。",
        "  reform-xlsx plan export 計画.xlsx              # 台帳の計画（最新の版）を計画マスターに\n"
        "  reform-xlsx plan export 計画.yaml              # 計画ファイル（YAML）に\n"
        "  reform-xlsx plan export 計画.xlsx --force      # 同名のファイルを上書き")
    export.prog = "reform-xlsx plan export"
    export.add_argument("file", metavar="FILE", help="書き出すファイル（.xlsx は計画マスター、.yaml は計画ファイル）")
    add_plan_option(export)
    add_db_option(export, "受付台帳。台帳に記録された計画（最新の版）を書き出す")
    export.add_argument("--force", action="store_true", help="同じ名前のファイルがあれば上書きする")
    export.set_defaults(run=run_export)
    imported = add_command(
        actions, "import", "直した計画マスター（または計画ファイル）を検査し、台帳の計画との変更点を表示して、"
                           "新しい版として台帳に記録します（適用年度から使われます）。",
        "  reform-xlsx plan import 計画.xlsx              # 変更点を表示して台帳に記録\n"
        "  reform-xlsx plan import 計画.xlsx --dry-run    # 変更点を表示するだけ（記録しない）\n"
        "  reform-xlsx plan import 計画.xlsx --json       # 変更点を JSON で\n"
        "  reform-xlsx plan import 計画.xlsx --force      # 最新の版より前に書き出した計画マスターでも記録（改訂を取り消すとき）")
    imported.prog = "reform-xlsx plan import"
    imported.add_argument("file", metavar="FILE", help="計画マスター（.xlsx）または計画ファイル（.yaml）")
    add_db_option(imported, "受付台帳（計画とその改訂を記録する）")
    imported.add_argument("--dry-run", action="store_true", help="変更点を表示するだけで、台帳には記録しない")
    imported.add_argument("--json", action="store_true", help="結果を JSON で出力")
    imported.add_argument("--force", action="store_true",
                          help="台帳の最新の版より前に書き出した計画マスター（L019）や、最新の版の組織改正を"
                               "消した計画（L020）でも記録する（その改訂を取り消すときだけ）")
    imported.set_defaults(run=run_import)


def run(args: argparse.Namespace) -> int:
    if args.plan:  # checking a plan file: whatever a ledger keeps
        plan, warnings = load_plan(args.plan)
    else:
        check_named_ledger(args)  # a folder, or a --db not there: refused, not taken for no ledger
        db = ledger_in_use(args)
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
    if not args.plan and db.is_file():
        print_versions(db)
    return EXIT_OK


def print_versions(db: Path) -> None:
    """The versions the ledger keeps, when the plan has been revised: from which year each is in force."""
    from reform_xlsx.ledger.plans import revisions
    from reform_xlsx.ledger.store import Ledger

    with Ledger(db) as ledger:
        kept = revisions(ledger)
    if kept is None or len(kept.plans) < 2:
        return
    rows = [[p.version, format_fiscal_year(p.effective_year),
             japanese_date(parse_date(p.revision.revised_on)) if p.revision.revised_on else "", p.revision.reason]
            for p in kept.plans]
    print(f"\n台帳 {db} の計画の版（年度ごとに、その年度に適用されている版を使います）:")
    print(format_table(["版", "適用年度", "改訂日", "理由"], rows))


def run_export(args: argparse.Namespace) -> int:
    from reform_xlsx.outputs import replacing
    from reform_xlsx.plan.master_export import write_master
    from reform_xlsx.plan.yaml_export import plan_yaml

    out = Path(args.file)
    if out.suffix.lower() not in (".xlsx", *YAML_SUFFIXES):
        raise UsageError(f"書き出すファイルの拡張子は .xlsx（計画マスター）か .yaml（計画ファイル）にしてください: {out}")
    if out.is_dir():  # said at once: --force would not help
        raise UsageError(f"{out} はフォルダです（書き出すファイルと同じ名前のフォルダがあります）。別のファイル名を指定するか、"
                         "フォルダの名前を変えるか移してから、もう一度実行してください（何も書き出していません）。") from is_a_folder(out)
    if out.exists() and not args.force:
        raise UsageError(f"{out} は既にあります（直した計画マスターを上書きしないよう止めました）。"
                         "上書きしてよいときは --force を付けてください。")
    check_named_ledger(args)  # a folder, or a --db not there: refused, not taken for no ledger
    db = ledger_in_use(args)
    plan, _ = choose_plan(args, db if db.is_file() else None)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() in YAML_SUFFIXES:
        with replacing(out) as partial:
            partial.write_text(plan_yaml(plan), encoding="utf-8")
        print(f"計画ファイルを書き出しました: {out}（版 {plan.version}）")
    else:
        write_master(plan, out)
        print(f"計画マスターを書き出しました: {out}（版 {plan.version}、{plan.words.item} {len(plan.items)}・"
              f"KPI {len(plan.kpis)}・担当課 {len(plan.sections)}）")
    print(plan_line(plan))  # which plan, from where (a ledger found one folder down is another's as easily)
    print(f"直したら reform-xlsx plan import {out} で変更点を確かめて台帳に取り込みます。")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from reform_xlsx.plan_import import MASTER_SUFFIXES, OTHER_SPREADSHEET_SUFFIXES, PlanImportError, import_plan

    db = ledger_in_use(args)
    if not os.path.lexists(args.file):  # said plainly, not as a file that went away while it was read (F019)
        raise UsageError(f"計画マスター {args.file} がありません。ファイル名とフォルダを確かめてください"
                         "（reform-xlsx plan export で書き出したものを Excel で直して指定します）。")
    try:
        result = import_plan(args.file, db, dry_run=args.dry_run, force=args.force)
    except PlanError as exc:
        suffix = Path(args.file).suffix.lower()
        if suffix in YAML_SUFFIXES:
            raise  # 「計画ファイルにエラーがあります。」
        heading = (f"計画マスター {args.file} にエラーがあります。" if suffix in MASTER_SUFFIXES + OTHER_SPREADSHEET_SUFFIXES
                   else f"{args.file} は取り込めません。")
        result_is(args, EXIT_USAGE)
        print_problems(heading, exc.problems, stream=sys.stderr)
        if args.json:
            print_json({"exit_code": EXIT_USAGE, "error": heading, "problems": [p.to_dict() for p in exc.problems]})
        return EXIT_USAGE
    except PlanImportError as exc:
        heading = f"{args.file} を台帳 {db} の計画の改訂として記録できません。"
        result_is(args, EXIT_USAGE)
        print_problems(heading, exc.problems, stream=sys.stderr)
        if exc.changes and any(p.code in SAYS_IT_DIFFERS for p in exc.problems):  # 「内容が違います」: what differs
            print(f"\n台帳の計画との違い {len(exc.changes)} 件:", file=sys.stderr)
            print_changes(exc.changes, stream=sys.stderr)
        if args.json:
            print_json({"exit_code": EXIT_USAGE, "error": heading, "problems": [p.to_dict() for p in exc.problems],
                        "changes": [change_json(c) for c in exc.changes]})
        return EXIT_USAGE
    if args.json:
        print_json({"file": str(args.file), "plan": plan_json(result.plan) | revision_json(result.plan),
                    "previous": None if result.previous is None else plan_json(result.previous),
                    "changes": [change_json(c) for c in result.changes],
                    "warnings": [p.to_dict() for p in result.warnings], "stored": result.stored,
                    "unchanged": result.unchanged,
                    "recorded_version": None if result.recorded is None else result.recorded.version,
                    "ledger": str(db)})
        return EXIT_OK
    if result.warnings:
        print_problems("確認事項:", result.warnings, stream=sys.stderr)
    plan = result.plan
    print(f"{plan.source} を読みました: {plan.name}（版 {plan.version}）{revision_text(plan)}")
    if result.previous is None:
        print(f"台帳 {db} には計画がまだないため、この計画を台帳の計画として" +
              ("記録します（--dry-run: 記録していません）。" if args.dry_run else "記録しました。"))
        return EXIT_OK
    if result.recorded is not None and result.recorded is not result.previous:
        print(f"台帳 {db} には、この内容の計画が版 {result.recorded.version}"
              f"（{format_fiscal_year(result.recorded.effective_year)}から適用）として既に記録されています。"
              f"何も記録していません（台帳の最新の版は {result.previous.version}）。")
        return EXIT_OK
    if result.unchanged:
        print(f"変更なし: 台帳の計画（版 {result.previous.version}）と同じ内容です。記録していません。")
        return EXIT_OK
    print(f"\n台帳の計画（版 {result.previous.version}）からの変更点 {len(result.changes)} 件:")
    print_changes(result.changes)
    if args.dry_run:
        print("\n--dry-run: 台帳には記録していません。")
    elif result.stored:
        before = plan.effective_year - 1
        kept = f"（{format_fiscal_year(before)}まではその年度の版のまま）" if before >= plan.start_year else ""
        print(f"\n台帳 {db} に記録しました: {format_fiscal_year(plan.effective_year)}から版 {plan.version} を使います{kept}。")
    else:
        print(f"\n台帳 {db} には、この内容の版が既に記録されています。")
    return EXIT_OK


def revision_text(plan: Plan) -> str:
    """「、令和10年度から適用（改訂日 令和10年3月15日）理由: …」: what a revision says about itself."""
    r = plan.revision
    text = f"、{format_fiscal_year(r.effective_year)}から適用" if r.effective_year is not None else ""
    if r.revised_on:
        text += f"（改訂日 {japanese_date(parse_date(r.revised_on))}）"
    return text + (f"　理由: {terminal_line(r.reason)}" if r.reason else "")


def revision_json(plan: Plan) -> dict:
    r = plan.revision
    return {"effective_year": None if r.effective_year is None else format_fiscal_year(r.effective_year),
            "revised_on": r.revised_on or None, "reason": r.reason or None}


REMOVAL_ADVICE = "  （取組を終えるときは、行を削除せずに終了年度を書くのが通例です）"
REORDER_ADVICE = ("  （主な取組の順は「主な取組」シートの行の順です。シートを並べ替えただけなら、「項目ID」と「番号」の列で"
                  "並べ替えると元の順に戻ります）")


SAYS_IT_DIFFERS = ("L013", "L017")  # refusals that say the plan differs from the ledger's: the changes are shown


def change_json(c) -> dict:
    return {"group": c.group, "kind": c.kind, "subject": c.subject, "before": c.before, "after": c.after}


def print_changes(changes, stream=None) -> None:
    for group in GROUPS:
        shown = [c for c in changes if c.group == group]
        if shown:
            print(f"  {group}", file=stream)
            for c in shown:
                print(f"    {c.text}", file=stream)
    if any(c.kind.endswith("の削除") and c.group == ITEMS for c in changes):
        print(REMOVAL_ADVICE, file=stream)
    if any(c.kind == "主な取組の並び順の変更" for c in changes):
        print(REORDER_ADVICE, file=stream)


def print_summary(plan: Plan) -> None:
    w = plan.words
    print(f"{plan.name}（{format_fiscal_year(plan.start_year)}～{format_fiscal_year(plan.end_year)}）")
    print(f"計画ファイル: {plan.source}  ID: {plan.id}  版: {plan.version}")
    categories = "" if plan.two_level else f"{w.category} {len(plan.categories)}・"  # (a plan of two levels has none)
    print(f"{w.area} {len(plan.areas)}・{categories}{w.item} {len(plan.items)}・"
          f"KPI {len(plan.kpis)}・担当課 {len(plan.sections)}")
    print(f"改革の名称: {w.reform}  推進本部: {w.headquarters}  取りまとめ課: {w.office}"
          + (f"  委員会: {w.committee}" if w.committee else "") + "\n")
    rows = []

    def kpis(items) -> int:
        return sum(len(plan.kpis_of_item(i.id)) for i in items)

    for area in plan.areas:
        if not area.two_level:  # (a 重点項目 of two levels: its one 取組区分 only repeats it, its row says all)
            rows += [[f"{w.area}{area.number}", f"{area.number}-({cat.number}) {cat.name}", len(cat.items),
                      kpis(cat.items)] for cat in area.categories]
        total = "" if area.two_level else " 計"
        rows.append([f"{w.area}{area.number}{total}", area.name, len(area.items), kpis(area.items)])
    rows.append(["合計", "", len(plan.items), len(plan.kpis)])
    print(format_table([w.area, "名称" if plan.two_level else w.category, w.item, "KPI"], rows))
    print()
    rows = []
    for section in plan.sections:
        owned = plan.kpis_for(section)
        rows.append([section, len(plan.items_for(section)), len(owned), " ".join(k.id for k in owned)])
    print(format_table(["担当課", w.item, "KPI", "KPI ID"], rows))
    if plan.unassigned_items:
        print(f"\n※ {UNASSIGNED}の{w.item}（調査票には載りません）: {'、'.join(map(plan.item_number, plan.unassigned_items))}")
    assumed = [k.id for k in plan.kpis if k.owner_assumed]
    if assumed:
        print(f"\n※ 報告課が計画に明記されていない KPI（推進室が仮に決めたもの。計画マスターの「報告課は仮」、計画ファイルの owner_assumed）: {'、'.join(assumed)}")
    measured = [k.id for k in plan.kpis if k.baseline is None]
    if measured:
        print(f"\n※ 基準値のない KPI（最初に報告された年度の実績値を基準値にします）: {'、'.join(measured)}")
