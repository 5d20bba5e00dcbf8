"""``reform-xlsx status``: the per-section table from the ledger."""

from __future__ import annotations

import argparse
import sys

from reform_xlsx.cli.common import (
    EXIT_INCOMPLETE,
    EXIT_OK,
    EXIT_USAGE,
    add_command,
    add_db_option,
    add_plan_option,
    add_year_option,
    choose_plan,
    format_table,
    ledger_path,
    plan_json,
    plan_line,
    print_json,
    sections_json,
)
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.records import SectionStatus, status_counts_line
from reform_xlsx.wareki import display_datetime, format_fiscal_year, short_fiscal_year


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "status", "受付台帳から、課ごとの提出状況（提出済・差し戻し・未提出）を表示します。",
        "  reform-xlsx status --year R8\n  reform-xlsx status --year R8 --db 台帳.db --json")
    add_year_option(parser)
    add_plan_option(parser)
    add_db_option(parser)
    parser.add_argument("--json", action="store_true", help="JSON で出力")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    db, _ = ledger_path(args)
    if not db.is_file():
        print(f"reform-xlsx: 受付台帳 {db} がありません。先に reform-xlsx merge を実行してください。",
              file=sys.stderr)
        return EXIT_USAGE
    plan, _ = choose_plan(args, db, args.year)  # the plan the ledger keeps, unless --plan (checked against it)
    with Ledger(db) as ledger:
        rows = ledger.section_rows(args.year, plan.sections)
    code = EXIT_OK if all(r["status"] == SectionStatus.SUBMITTED and not r["returned"] for r in rows) else EXIT_INCOMPLETE
    if args.json:
        print_json({"year": short_fiscal_year(args.year), "year_display": format_fiscal_year(args.year),
                    "plan": plan_json(plan), "sections": sections_json(rows)})
        return code
    print(f"{format_fiscal_year(args.year)} 提出状況（{db}）")
    print(plan_line(plan) + "\n")
    print(format_table(["課名", "状況", "ファイル", "受付日時", "エラー", "警告"],
                       [[r["section"], status_text(r), r["file"] or "", display_datetime(r["received_at"]), r["errors"],
                         r["warnings"]] for r in rows]))
    print("\n" + status_counts_line(rows))
    return code


def status_text(row: dict) -> str:
    """「提出済」, or 「提出済（再提出を差し戻し）」 when a newer file of the section was sent back."""
    resent = row["status"] == SectionStatus.SUBMITTED and row["returned"]
    return str(row["status"]) + ("（再提出を差し戻し）" if resent else "")
