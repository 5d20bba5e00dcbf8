"""``reform-xlsx merge``: the reform office's one command."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

from reform_xlsx import outputs
from reform_xlsx.cli.common import (
    EXIT_INCOMPLETE,
    EXIT_OK,
    UsageError,
    add_command,
    add_db_option,
    add_meeting_date_option,
    add_plan_option,
    add_year_option,
    check_due_date,
    choose_plan,
    format_table,
    meeting_json,
    meeting_line,
    merge_ledger,
    plan_json,
    plan_line,
    print_json,
    print_problems,
    print_report_problems,
    result_is,
    sections_json,
    warn_meeting_date,
)
from reform_xlsx.cli.parser import date_arg
from reform_xlsx.cli.progress import ProgressBar
from reform_xlsx.form.layout import FORM_REVIEW
from reform_xlsx.intake.walk import path_text, shown_name
from reform_xlsx.ledger.store import NAMES_SHOWN, OTHER_SHEET_CODES
from reform_xlsx.merge import ALL_FILES, MergeResult, run_merge
from reform_xlsx.plan.model import Plan
from reform_xlsx.records import (
    RESUBMIT_BY,
    FileStatus,
    local_time,
    resubmit_before_deadline_problem,
    status_counts_line,
)
from reform_xlsx.wareki import FiscalYearError, display_datetime, format_fiscal_year, parse_datetime, short_fiscal_year


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "merge",
        "返ってきた調査票をすべて読み、検査・記録して、受付結果・回答一覧・差し戻しファイル・会議資料を作ります。",
        "  reform-xlsx merge 受信フォルダ --year R8\n"
        "  reform-xlsx merge 受信フォルダ 追加分.xlsx --year 令和8年度 --out 出力 --pdf --public\n"
        "  reform-xlsx merge 受信フォルダ --year R8 --json > 結果.json\n"
        "  reform-xlsx merge 受信フォルダ --year R8 --review 令和8年度_推進室評価シート.xlsx --public\n"
        "  reform-xlsx merge 受信フォルダ --year R8 --received-at \"税務課.xlsx=2027-05-20 10:00\"\n"
        "終了コード: 0 全課の回答を受理 / 1 差し戻しまたは未提出あり（出力は作成済み） / 2 入力が使えない")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="調査票のファイルまたはフォルダ（フォルダは下の階層まで）")
    add_year_option(parser)
    add_plan_option(parser)
    add_db_option(parser, found=f"出力先（--out）のフォルダの {outputs.DEFAULT_DB}、次に作業フォルダかその1つ下のフォルダの "
                                f"{outputs.DEFAULT_DB}（どこにもなければ作業フォルダに作る）")
    parser.add_argument("--out", default=".", metavar="DIR", help="出力フォルダ（既定: 作業フォルダ）")
    parser.add_argument("--pdf", action="store_true", help="会議資料を LibreOffice で PDF にも出力")
    parser.add_argument("--public", action="store_true", help="公表用の Excel・CSV も出力（--pdf を付けると公表用の PDF も）")
    add_meeting_date_option(parser)
    parser.add_argument("--review", metavar="FILE", action="append", default=[],
                        help="記入した推進室評価シート（受信フォルダに入れても読みます。複数可）")
    parser.add_argument("--received-at", metavar="[ファイル=]日時", action="append", default=[], type=received_arg,
                        help="メールで届いて日時が分からなくなったファイルの提出日時（例: 税務課.xlsx=2027-05-20 10:00。"
                             "ファイル名を省くと、ブックに保存日時のないファイルすべて）")
    parser.add_argument("--resubmit-by", metavar="日付", type=date_arg,
                        help="差し戻しの写しに書く再提出期限（台帳に記録し、後の merge でも使う。省略時は前に決めた日付、なければ受付から7日後、土日・祝日・年末年始ならその次の開庁日。それが提出期限より前なら提出期限。年度が始まる前の日付はエラー、閉庁日は注意を出して使う）")
    parser.add_argument("--json", action="store_true", help="結果を JSON で標準出力へ（人向けの表示は出さない）")
    parser.set_defaults(run=run, exit_code=EXIT_INCOMPLETE)  # cut short before its result is known: no success


EARLIEST_RECEIPT, LATEST_RECEIPT = datetime(2000, 1, 1), datetime(3000, 1, 1)


def received_arg(text: str) -> tuple[str, datetime]:
    """「税務課.xlsx=2027-05-20 10:00」 or 「2027-05-20」 (every file without a save time of its own). A
    name typed (or completed by the shell) in bytes that are not UTF-8 is taken as merge shows it."""
    cut = max(text.rfind("="), text.rfind("＝"))  # 「＝」: typed with the IME on
    name, sep, when = (text[:cut], text[cut], text[cut + 1:]) if cut >= 0 else ("", "", text)
    try:
        given = parse_datetime(when)
    except FiscalYearError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if not EARLIEST_RECEIPT <= given < LATEST_RECEIPT:  # a typo (1927 for 2027), and a time no clock can show
        raise argparse.ArgumentTypeError(f"受け取った日時 {display_datetime(given)} は、2000年から2999年の間で"
                                         "指定してください。")
    return (shown_name(name.strip()) if sep else ALL_FILES), given


def one_time_per_file(received_at: list[tuple[str, datetime]]) -> dict[str, datetime]:
    """The --received-at times by file; a file given two different times is a mistake to say, not to settle by
    taking the last."""
    found: dict[str, datetime] = {}
    for name, when in received_at:
        if found.setdefault(name, when) != when:
            target = "ファイル名のない指定" if name == ALL_FILES else name
            raise UsageError(f"--received-at で {target} に2つの日時（{display_datetime(found[name])} と "
                             f"{display_datetime(when)}）を指定しています。1つにしてください。")
    return found


def warn_future_receipts(received_at: list[tuple[str, datetime]], now: datetime) -> None:
    """A receipt time later than now is a typo (2072 for 2027) or a wrong clock: kept as typed, but said on stderr
    (with --json too, whose document goes to stdout)."""
    for name, when in received_at:
        if when > now:
            target = "" if name == ALL_FILES else f"（{name}）"
            print(f"注意: --received-at の日時{target} {display_datetime(when)} は今（{display_datetime(now)}）より後です。"
                  "受け取った日時を確かめてください（指定のまま記録します）。", file=sys.stderr)


def check_paths(paths: list[str], reviews: list[str]) -> None:
    """An empty path (an unset variable in a script: 「merge "$INBOX"」) would be read as the working folder, every
    stray form under it a return; a folder given as --review would be read as every 調査票 in it. Both refused."""
    if any(not p.strip() for p in [*paths, *reviews]):
        raise UsageError("空のパス（\"\"）が指定されています。スクリプトの変数が空でないか確かめてください"
                         "（空のパスは作業フォルダ全体を読むことになるため、何も記録せずに止めました）。")
    folders = [r for r in reviews if os.path.isdir(r)]
    if folders:
        raise UsageError(f"--review にはフォルダでなく、記入した推進室評価シートのファイルを指定してください: "
                         f"{'、'.join(folders)}（何も記録していません。評価シートは受信フォルダに置いても読みます）。")


def run(args: argparse.Namespace) -> int:
    check_paths(args.paths, args.review)
    check_due_date(args, "--resubmit-by", args.resubmit_by, what=RESUBMIT_BY, nothing="何も記録していません",
                   used="差し戻しの写しに書きます")
    db = merge_ledger(args)
    plan, warnings = choose_plan(args, db, args.year)  # the ledger's plan, or the one it will keep from now on
    if warnings and not args.json:
        print_problems("計画ファイルの警告:", warnings, stream=sys.stderr)
    received_at = one_time_per_file(args.received_at)
    warn_future_receipts(list(received_at.items()), datetime.now())  # once a file, though typed twice
    bar = None if args.json else ProgressBar("読み込み", stream=sys.stderr)
    try:
        result = run_merge(args.paths, plan, args.year, db=db, out=args.out, pdf=args.pdf,
                           public=args.public, meeting_date=args.meeting_date,
                           progress=bar.update if bar else None, reviews=args.review,
                           received_at=received_at, resubmit_by=args.resubmit_by)
    finally:
        if bar:
            bar.close()
    warn_meeting_date(result.meeting, result.batch.year)
    early = resubmit_before_deadline_problem(args.resubmit_by, {r["section"]: r["deadline"] for r in result.batch.sections
                                                                if r["returned"]}, option="--resubmit-by",
                                             used="差し戻しの写しに書きます") if args.resubmit_by else None
    if early is not None:  # T010 on stderr, also with --json (as T002, T005)
        print_problems("注意:", [early], stream=sys.stderr)
    code = result_is(args, EXIT_OK if result.complete else EXIT_INCOMPLETE)
    if args.json:
        print_json(merge_document(result, code, plan))
    else:
        print_summary(result, plan, db, result.new_ledger)
    return code


def merge_document(result: MergeResult, exit_code: int, plan: Plan) -> dict:
    """The ``--json`` document (shape documented in docs/merge.md)."""
    batch = result.batch
    return {
        "year": short_fiscal_year(batch.year),
        "year_display": format_fiscal_year(batch.year),
        "exit_code": exit_code,
        "plan": plan_json(plan),
        **meeting_json(result.meeting),
        "files": [
            {"path": path_text(f.result.path), "name": f.result.name, "section": f.result.section,
             "status": f.status, "current": f.current, "resolved": f.resolved, "new": f.new,
             "received_at": f.received_at, "submitted_at": local_time(f.submitted_at),
             "submitted_from": f.submitted_from, "timeliness": f.timeliness or None, "form": f.result.form,
             "respondent": f.respondent,
             "sha256": f.result.sha256, "real_format": f.result.real_format,
             "template_id": f.result.template_id,
             "issues": [p.to_dict() for p in f.problems]}
            for f in batch.files
        ],
        "sections": sections_json(batch.sections),
        "rejected_apart": [f.result.name for f in result.rejections_apart],
        "rejected_reviews": [f.result.name for f in result.rejected_reviews],
        "unchanged": result.unchanged,
        "outputs": {role: path_text(path.resolve()) for role, path in result.outputs.items()},
        "feedback": {name: path_text(path.resolve()) for name, path in result.feedback.items()},
        "report_issues": [p.to_dict() for p in result.report_problems],
        "ledger_issues": [p.to_dict() for p in result.ledger_problems],  # L026, L027: the archive of originals
        "output_issues": [p.to_dict() for p in outputs.paths_too_long_problems()],  # O001, as on standard error
        "notes": result.notes,
    }


def feedback_sections(result: MergeResult, plan: Plan) -> list[str]:
    """The sections a 差し戻し copy was written for, by the copy's name (``result.feedback`` is keyed by the file sent
    back, which may be of an earlier merge, or share its name with another section's)."""
    section_of = {outputs.feedback(result.batch.year, s): s for s in plan.sections}
    return [section_of.get(path.name) or name for name, path in result.feedback.items()]


def print_summary(result: MergeResult, plan: Plan, db: Path, new_ledger: bool = False) -> None:
    batch = result.batch
    copies = sum(f.new and f.status == FileStatus.DUPLICATE for f in batch.files)
    print(f"{format_fiscal_year(batch.year)} 受付結果: ファイル {len(batch.files)} 件"
          f"（今回はじめて記録 {batch.new_files} 件{f'、うち重複 {copies} 件' if copies else ''}）")
    print(plan_line(plan))
    print(f"台帳: {path_text(db)}" + ("（新しく作りました。前の年度や前回の merge の台帳を使うときは --db で指定してください）"
                                      if new_ledger else ""))
    meeting = meeting_line(result.meeting, plan)
    if meeting:
        print(meeting)
    print()
    rows = [[f.result.name, f.status_label, f.result.section or form_label(f), display_datetime(local_time(f.submitted_at)),
             f.timeliness, f.errors, f.warnings] for f in batch.files]
    if rows:
        print(format_table(["ファイル", "判定", "課名", "提出日時", "期限", "エラー", "警告"], rows))
        print()
    print(format_table(["課名", "状況", "ファイル", "提出日時", "期限", "エラー", "警告"],
                       [[r["section"], r["status"], r["file"] or "", display_datetime(r["submitted_at"]), r["timeliness"],
                         r["errors"], r["warnings"]] for r in batch.sections]))
    current = [(f, p) for f in batch.files if not f.resolved for p in f.problems]
    resolved = sum(len(f.problems) for f in batch.files if f.resolved)
    if current:
        print("\n指摘事項:")
        for f, p in current:
            where = " / ".join(x for x in (f.result.name, p.sheet, p.cell) if x)
            print(f"  [{p.code} {p.severity.label}] {where}: {p.message}")
    if resolved:
        print(f"\n解決済みの差し戻し（その後に直したファイルを受理）の指摘 {resolved} 件は、受付結果の「指摘事項」に記録しています。")
    print_report_problems(result.report_problems)
    if result.ledger_problems:
        print("\n受付台帳の確認事項:")
        for p in result.ledger_problems:
            print(f"  [{p.code} {p.severity.label}] {p.message}")
    if result.unchanged:
        print("\n前回の実行から変わったところがないため、出力は書き直していません（前回のままです）。")
    print("\n出力:")
    for path in result.outputs.values():
        print(f"  {path}")
    for path in result.feedback.values():
        print(f"  {path}（差し戻し）")
    for note in result.notes:
        print(f"\n※ {note}")
    print("\n" + status_counts_line(batch.sections))
    apart = result.rejections_apart
    if apart:
        print(f"どの担当課の状況にも数えない差し戻しのファイル {len(apart)} 件（{_names(apart)}）: 今の担当課の調査票として"
              "読めなかったファイルです。受信フォルダにある間は終了コードが 1 になります。送り主に確かめ、要らなければ"
              "受信フォルダから外してください。")
    stale = [f for f in result.rejected_reviews if _not_this_years(f)]
    reviews = [f for f in result.rejected_reviews if f not in stale]
    if reviews:
        print(f"読み込めなかった推進室評価シート {len(reviews)} 件（{_names(reviews)}）: 上の指摘事項の箇所を直して保存し、"
              "もう一度 merge で読ませてください（--review で指定するか、受信フォルダに置く）。このファイルの評価は、"
              "読み込めるまで会議資料に入りません（終了コード 1）。")
    if stale:
        print(f"別の年度・前の計画の版の推進室評価シート {len(stale)} 件（{_names(stale)}）: 直しても"
              f"{format_fiscal_year(batch.year)}の評価としては読みません。{format_fiscal_year(batch.year)}の評価は、merge が"
              f"出力フォルダに作った {outputs.review(batch.year)} に記入して読ませてください。このファイルは受信フォルダから"
              "外してください（受信フォルダにある間・--review で指定する間は終了コード 1）。")
    if result.feedback:
        print(f"差し戻しファイル {len(result.feedback)} 件（{'、'.join(feedback_sections(result, plan))}）")


def _not_this_years(f) -> bool:
    """A 推進室評価シート of another year or of an earlier revision of the plan: no edit makes it this year's sheet."""
    return any(p.code in OTHER_SHEET_CODES for p in f.problems)


def _names(files: list) -> str:
    return "、".join(f.result.name for f in files[:NAMES_SHOWN]) + (
        f" ほか {len(files) - NAMES_SHOWN} 件" if len(files) > NAMES_SHOWN else "")


def form_label(f) -> str:
    return "（推進室評価シート）" if f.result.form == FORM_REVIEW else ""
