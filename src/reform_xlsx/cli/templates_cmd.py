"""``reform-xlsx templates``: write one entry template (調査票) per section."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

import argparse
import sys
from pathlib import Path

from reform_xlsx import outputs
from reform_xlsx.cli.common import (
    EXIT_OK,
    UsageError,
    add_command,
    add_plan_option,
    add_year_option,
    choose_plan,
    format_table,
    ledger_path,
    plan_line,
    print_problems,
)
from reform_xlsx.ledger.plans import record_templates
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.templates import UnknownSectionError, write_templates
from reform_xlsx.wareki import format_fiscal_year


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "templates", "各課に配る調査票（Excel、1課1ファイル）を作成します。",
        "  reform-xlsx templates --year R8                          # 全課分を今のフォルダに\n"
        "  reform-xlsx templates --year R8 --out 調査票 --deadline 2026-05-29 \\\n"
        "      --contact \"人事行政課 行政改革係（内線 1234）\"\n"
        "  reform-xlsx templates --year 令和8年度 --section 市民課 財政課   # 指定した課だけ\n"
        "  reform-xlsx templates --year R9 --db reform.db           # 前年度までの回答を表示\n"
        "  reform-xlsx templates --year R8 --force                  # 同名のファイルを上書き")
    add_year_option(parser)
    add_plan_option(parser)
    parser.add_argument("--db", metavar="FILE",
                        help="台帳ファイル。台帳の計画で作り、前年度までの回答を調査票に表示する（省略時は "
                             f"reform-xlsx.toml の ledger か今のフォルダの {outputs.DEFAULT_DB} があれば使う）")
    parser.add_argument("--out", metavar="DIR", default=".", help="出力先フォルダ（省略時は今のフォルダ）")
    parser.add_argument("--section", metavar="課名", nargs="+", action="extend",
                        help="作成する課（複数可）。省略時は計画の全課")
    parser.add_argument("--deadline", metavar="DATE",
                        help="提出期限（2026-05-29 のように書くと「令和8年5月29日（金）」と表示。自由な文でも可）")
    parser.add_argument("--contact", metavar="TEXT", help="提出先・問い合わせ先（省略時は計画の取りまとめ課）")
    parser.add_argument("--force", action="store_true", help="同じ名前のファイルがあれば上書きする")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    db, named = ledger_path(args)
    if args.db and not db.exists():
        raise UsageError(f"台帳ファイル {db} がありません。パスを確認するか、--db を外してください。")
    db = db if db.is_file() else None
    plan, warnings = choose_plan(args, db, args.year)  # the plan the ledger keeps, unless --plan (checked against it)
    if warnings:
        print_problems("計画ファイルの警告:", warnings, stream=sys.stderr)
    sections = list(dict.fromkeys(args.section or plan.sections))
    unknown = [s for s in sections if s not in plan.sections]
    if unknown:
        raise UsageError(str(UnknownSectionError(unknown, plan)))
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"出力先 {out} はフォルダではありません。")
    existing = [out / outputs.template(plan.words, args.year, s) for s in sections
                if (out / outputs.template(plan.words, args.year, s)).exists()]
    if existing and not args.force:
        names = "\n  ".join(str(p) for p in existing)
        raise UsageError(f"同じ名前のファイルが既にあります（回収した調査票を上書きしないよう止めました）:\n  {names}\n"
                         "上書きしてよいときは --force を付けてください。")
    history, history_note = read_history(db, plan.start_year, args.year)
    written = write_templates(plan, args.year, out, sections, deadline=args.deadline, contact=args.contact,
                              history=history)
    if db is not None:  # which revision each 調査票 was made with
        record_templates(db, plan, args.year, list(zip(sections, written)))
    rows = [[s, len(plan.items_for(s, args.year)), len(plan.kpis_for(s, args.year)), str(p)] for s, p in zip(sections, written)]
    print(format_table(["課名", plan.words.item, "KPI", "ファイル"], rows))
    print(plan_line(plan))
    if history_note:
        print(history_note)
    print(f"\n{format_fiscal_year(args.year)}の調査票を {len(written)} 件作成しました（出力先: {out.resolve()}）。")
    return EXIT_OK


def read_history(db: Path | None, first_year: int, year: int) -> tuple[pd.DataFrame | None, str]:
    """Earlier years' accepted answers from the ledger ``db`` (None: no ledger), and a line saying
    what was shown."""
    if db is None:
        return None, ""
    path = db
    years = list(range(first_year, year))
    with Ledger(path) as ledger:  # a file that is not a ledger: LedgerError, a Japanese message
        history = ledger.answers(years) if years else None
    if history is None or history.empty:
        return None, f"台帳 {path} に前年度までの回答はありません（前年度の列は付けていません）。"
    shown = "、".join(format_fiscal_year(int(y)) for y in sorted(set(history["year"])))
    return history, f"台帳 {path} から前年度までの回答（{shown}）を表示しました。"
