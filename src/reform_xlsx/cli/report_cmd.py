"""``reform-xlsx report``: the meeting outputs of a year made again from the ledger (no file read),
``--final`` with the plan period in one view (計画期間の総括)."""

from __future__ import annotations

import argparse

from reform_xlsx import outputs
from reform_xlsx.cli.common import (
    EXIT_OK,
    add_command,
    add_db_option,
    add_meeting_date_option,
    add_plan_option,
    add_year_option,
    choose_plan,
    find_ledger,
    meeting_json,
    meeting_line,
    plan_json,
    plan_line,
    print_json,
    print_report_problems,
    warn_meeting_date,
)
from reform_xlsx.merge import rebuild_report
from reform_xlsx.wareki import format_fiscal_year, short_fiscal_year


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "report",
        "受付台帳の回答から、その年度の会議資料・事務局用（・公表用・PDF）を作り直します（ファイルは読みません）。"
        "--final で計画期間の総括を加えます。",
        "  reform-xlsx report --year R10                   # 令和10年度の会議資料を台帳から作り直す\n"
        "  reform-xlsx report --final --out 総括            # 台帳の最後の年度までの計画期間の総括\n"
        "  reform-xlsx report --year R12 --final --pdf --public")
    add_year_option(parser, required=False, omitted="台帳の最後の年度")
    add_plan_option(parser)
    add_db_option(parser)
    parser.add_argument("--final", action="store_true",
                        help="計画期間の総括（KPI の推移と達成状況、各年度の進捗状況、年度別の財政効果額）を加える"
                             "（計画の最後の年度は付けなくても加わる）。--year がなければ台帳の最後の年度")
    parser.add_argument("--out", default=".", metavar="DIR", help="出力フォルダ（既定: 作業フォルダ）")
    parser.add_argument("--pdf", action="store_true", help="会議資料を LibreOffice で PDF にも出力")
    parser.add_argument("--public", action="store_true", help="公表用の Excel・CSV も出力（--pdf を付けると公表用の PDF も）")
    add_meeting_date_option(parser)
    parser.add_argument("--json", action="store_true", help="結果を JSON で出力")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    db = find_ledger(args)
    plan, _ = choose_plan(args, db, args.year)
    result = rebuild_report(plan, args.year, db=db, out=args.out, pdf=args.pdf, public=args.public,
                            meeting_date=args.meeting_date, final=True if args.final else None)
    warn_meeting_date(result.meeting, result.year)
    if args.json:
        print_json({"exit_code": EXIT_OK, "year": short_fiscal_year(result.year),
                    "year_display": format_fiscal_year(result.year), "plan": plan_json(result.plan),
                    **meeting_json(result.meeting),
                    "outputs": {role: str(path.resolve()) for role, path in result.outputs.items()},
                    "report_issues": [p.to_dict() for p in result.problems],
                    "output_issues": [p.to_dict() for p in outputs.paths_too_long_problems()], "notes": result.notes})
        return EXIT_OK
    print(f"{format_fiscal_year(result.year)}の会議資料を台帳 {db} から作り直しました。")
    print(plan_line(result.plan))
    meeting = meeting_line(result.meeting, result.plan)
    if meeting:
        print(meeting)
    print("\n出力:")
    for path in result.outputs.values():
        print(f"  {path}")
    print_report_problems(result.problems)
    for note in result.notes:
        print(f"\n※ {note}")
    return EXIT_OK
