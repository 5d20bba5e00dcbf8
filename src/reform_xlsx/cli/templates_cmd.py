"""``reform-xlsx templates``: write one entry template (調査票) per section."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

    from reform_xlsx.templates.writer import MadeFiles

import argparse
import datetime as dt
import os
import sqlite3
import sys
from pathlib import Path

from reform_xlsx import outputs
from reform_xlsx.cli.common import (
    EXIT_OK,
    UsageError,
    add_command,
    add_plan_option,
    add_year_option,
    check_due_date,
    check_named_ledger,
    choose_plan,
    format_table,
    is_a_folder,
    ledger_above_note,
    ledger_in_use,
    load_directory,
    plan_line,
    print_problems,
    refuse_file_as_folder,
    refuse_renamed_ledger,
)
from reform_xlsx.cli.parser import date_arg
from reform_xlsx.form.content import form_history, grades_as_chosen, section_content, sections_asked
from reform_xlsx.ledger.errors import LedgerError, ledger_error_message
from reform_xlsx.ledger.plans import record_templates, revisions
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.mail import KEPT, UNWRITABLE, Directory, request_draft, save_draft
from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.plan.model import Plan
from reform_xlsx.records import DEADLINE, deadlines_text
from reform_xlsx.wareki import format_fiscal_year


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "templates", "各課に配る調査票（Excel、1課1ファイル）を作成します。",
        "  reform-xlsx templates --year R8                          # 全課分を今のフォルダに\n"
        "  reform-xlsx templates --year R8 --out 調査票 --deadline 2027-05-28 \\\n"
        "      --contact \"総務課 行政改革係（内線 1234）\" --mail --contacts 連絡先.xlsx\n"
        "  reform-xlsx templates --year 令和8年度 --section 市民課 財政課   # 指定した課だけ\n"
        "  reform-xlsx templates --year R9 --db reform.db           # 前年度までの回答を表示\n"
        "  reform-xlsx templates --year R8 --force                  # 同名のファイルを上書き")
    add_year_option(parser)
    add_plan_option(parser)
    parser.add_argument("--db", metavar="FILE",
                        help=f"受付台帳。台帳の計画で作り、前年度までの回答・二次評価・意見を調査票に表示し、提出期限と問い合わせ先を"
                             f"記録する（省略時は reform-xlsx.toml の ledger（または環境変数 REFORM_XLSX_DB）、今のフォルダかその1つ下のフォルダの {outputs.DEFAULT_DB} が"
                             "あれば使う。指定した台帳がなければ、--deadline・--contact があるときだけ新しく作る）")
    parser.add_argument("--out", metavar="DIR", default=".", help="出力先フォルダ（省略時は今のフォルダ）")
    parser.add_argument("--section", metavar="課名", nargs="+", action="extend",
                        help="作成する課（複数可）。省略時は、その年度に担当する項目・KPI のある課と、前年度に終わった項目の"
                             "意見への対応を記入する課の全課")
    parser.add_argument("--deadline", metavar="日付", type=date_arg,
                        help="提出期限（2027-05-28、令和9年5月28日 など。「令和9年5月28日（金）」と表示し、調査票と台帳に記録。"
                             "省略時は台帳に記録した提出期限。年度が始まる前の日付はエラー、今日より前の日付・閉庁日は注意を出して使う）")
    parser.add_argument("--contact", metavar="TEXT", help="提出先・問い合わせ先（省略時は台帳に記録した問い合わせ先、なければ連絡先の取りまとめ課、"
                             "なければ計画の取りまとめ課）")
    parser.add_argument("--mail", action="store_true",
                        help=f"課ごとに照会メールの下書き（.eml、調査票を添付）も {outputs.MAIL_FOLDER}/ に作る"
                             "（取りまとめ課が計画の課でもあれば、その課の調査票は作り、自分あての下書きは作らない）")
    parser.add_argument("--contacts", metavar="FILE",
                        help=f"連絡先ファイル（課名・担当者・メール・内線。省略時は今のフォルダの {outputs.DEFAULT_CONTACTS}、"
                             "なければ台帳のフォルダかその1つ上のフォルダのものがあれば使う）")
    parser.add_argument("--force", action="store_true", help="同じ名前のファイルがあれば上書きする")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    record = bool(args.deadline or args.contact)  # the 照会 to record: a named ledger that is not there yet is made
    _, named = check_named_ledger(args, read_only=not record)  # a folder, or a --db not there to read: refused
    db = ledger_in_use(args)  # the README's merge keeps it one folder down (out/reform.db)
    refuse_renamed_ledger(args, db, "台帳を使わないと、台帳の計画の版ではなく同梱の（または設定の）計画で、前年度までの回答のない調査票を作ってしまう")
    above = ledger_above_note(args, db, "調査票を作りました（同梱の、または設定の計画で、前年度までの回答なし）")  # said last, once the files are made
    target = db if db.is_file() or (named and record) else None  # where the 照会 is recorded
    db = db if db.is_file() else None
    # a 提出期限 before the year begins (2026 typed for 2027) is refused; one already past is kept, and said
    check_due_date(args, "--deadline", args.deadline, what=DEADLINE, nothing="調査票は作っていません",
                   used=f"調査票{'・照会メールの下書き' if args.mail else ''}に書き"
                        + ("、台帳に記録します" if target is not None else "ます"))
    plan, warnings = choose_plan(args, db, args.year)  # the plan the ledger keeps, unless --plan (checked against it)
    if warnings:
        print_problems("計画ファイルの警告:", warnings, stream=sys.stderr)
    history, history_note, plan_for = read_history(db, plan.start_year, args.year)
    # a section asked only its 意見への対応 on an item that ended last year gets a form too (merge and status expect it)
    asked = sections_asked(plan, args.year, history)
    sections = list(dict.fromkeys(plan.section_named(s) or s for s in args.section or asked))
    idle = [s for s in plan.sections if s not in asked]
    unknown = [s for s in sections if s not in plan.sections]
    # (the templates' writer, and xlsxwriter with it, is imported where a form is made: not by every command's parser)
    from reform_xlsx.templates.writer import MadeFiles, UnknownSectionError

    if unknown:
        raise UsageError(str(UnknownSectionError(unknown, plan)))
    out = Path(args.out)
    refuse_file_as_folder(out)
    folders = [out / outputs.template(plan.words, args.year, s) for s in sections
               if (out / outputs.template(plan.words, args.year, s)).is_dir()]
    if folders:  # said at once: --force would not help
        names = "\n  ".join(str(p) for p in folders)
        raise UsageError(f"調査票のファイル名と同じ名前のフォルダがあります:\n  {names}\n"
                         "フォルダの名前を変えるか移すか、--out で別の出力先を指定してから、もう一度実行してください"
                         "（調査票は作っていません）。") from is_a_folder(folders[0])
    existing = [out / outputs.template(plan.words, args.year, s) for s in sections
                if (out / outputs.template(plan.words, args.year, s)).exists()]
    if existing and not args.force:
        names = "\n  ".join(str(p) for p in existing)
        raise UsageError(f"同じ名前のファイルが既にあります（回収した調査票を上書きしないよう止めました）:\n  {names}\n"
                         "上書きしてよいときは --force を付けてください。")
    returned = returned_forms(existing)
    if returned:  # --force replaces the forms templates wrote, never a section's return saved under the same name
        names = "\n  ".join(str(p) for p in returned)
        raise UsageError(f"次のファイルは、作ったあとに保存された調査票（課から返ってきたファイル）なので、--force でも"
                         f"上書きしません:\n  {names}\n返ってきたファイルを受信フォルダ（調査票の出力先（--out）とは別の"
                         "フォルダ）に移してから、もう一度実行してください（調査票は作っていません）。")
    directory = load_directory(args.contacts, plan, choose_plan(args, db)[0], ledger=db) if args.mail else None
    recorded, recorded_contact = read_requests(db, args.year, sections)
    # a run without --deadline (made again to add the mail drafts, say) tells the sections the 提出期限 the ledger
    # holds — the one merge and status judge 期限内／期限後 by — not 「追ってお知らせします」; --deadline replaces it
    deadlines = {s: args.deadline or recorded.get(s) for s in sections}
    contact = args.contact if args.contact is not None else recorded_contact  # likewise the 問い合わせ先 recorded (merge's drafts use it too)
    if contact is None and directory is not None and directory.office(plan) is not None:
        contact = directory.office(plan).text()
    if target is not None:  # a ledger it cannot write is said before any 調査票 is made, not after all of them
        check_writable(target)
    plan.require_year(args.year)  # a year outside the plan: said before anything is written (no section has it)
    made = MadeFiles()  # new in this run: removed again when the run fails before it is recorded
    # the plan last year's forms were made with: the 記入要領 says what changed since (items, KPIs, targets)
    previous = choose_plan(args, db, args.year - 1)[0] if args.year > plan.start_year else None
    forms = form_history(plan, args.year, history, plan_for)  # the answers grouped once for every form and draft
    written = write_forms(plan, args.year, out, sections, deadlines, contact, forms, made, previous, plan_for)
    # the mail drafts before the 照会 is recorded: a run whose drafts cannot all be written (a full disk, Ctrl-C) is
    # undone as one whose forms cannot — its forms and drafts removed, nothing recorded — and the same command works again
    drafts = (write_request_drafts(plan, args.year, sections, written, out, directory, deadlines, contact, forms, made,
                                   plan_for) if args.mail else None)
    try:
        recorded_line = None
        if target is not None and record:
            record_requests(target, args.year, sections, deadlines, contact)
            deadline = f"提出期限 {deadline_text(deadlines, sections)}" if any(deadlines.values()) else "提出期限なし"
            recorded_line = f"台帳 {target} に照会（{deadline}）を記録しました。"
        if target is not None:  # the plan the 調査票 were made with (kept when the ledger has none yet), and the revision
            record_templates(target, plan, args.year, list(zip(sections, written)))
    except (LedgerError, OSError, sqlite3.Error) as exc:  # checked above, but a share can go read-only meanwhile
        why = str(exc) if isinstance(exc, LedgerError) else ledger_error_message(target, exc)
        also = "（照会メールの下書きも）" if args.mail else ""
        raise UsageError(f"{why}\n調査票 {len(written)} 件{also}は {out} に作りましたが、台帳 {target} には記録していません。"
                         "台帳に書き込めるようにしてから、同じコマンドに --force を付けてもう一度実行してください"
                         "（調査票を作り直して、台帳に記録します）。") from None
    rows = [[s, len(plan.items_for(s, args.year)), len(plan.kpis_for(s, args.year)), str(p)] for s, p in zip(sections, written)]
    print(format_table(["課名", plan.words.item, "KPI", "ファイル"], rows))
    reporting = set(plan.sections_in(args.year))  # once, not once a section (each walks the whole plan)
    if answering := [s for s in sections if s in asked and s not in reporting]:
        print(f"{'、'.join(answering)}は{format_fiscal_year(args.year)}に担当する{plan.words.item}・KPI はありませんが、"
              f"前年度で終わった{plan.words.item}への前年度の意見・対応方針に「意見への対応」を記入する調査票を作りました"
              "（merge・status は提出を待ちます）。")
    if idle and not args.section:
        print(f"{format_fiscal_year(args.year)}に担当する{plan.words.item}・KPI のない課には作っていません（未提出にも"
              f"なりません）: {'、'.join(idle)}")
    elif chosen_idle := [s for s in sections if s in idle]:  # asked for by name: made, but said what it is
        print(f"注意: {'、'.join(chosen_idle)}は{format_fiscal_year(args.year)}に担当する{plan.words.item}・KPI がないため、"
              "記入するところのない調査票です（merge はこの年度の担当課に数えません）。")
    print(plan_line(plan))
    if history_note:
        print(history_note)
    if args.deadline is None and any(recorded.values()):
        print(f"提出期限: {deadline_text(deadlines, sections)}（台帳の記録）")
    if args.contact is None and recorded_contact:
        print(f"問い合わせ先: {recorded_contact}（台帳の記録）")
    if recorded_line:
        print(recorded_line)
    if drafts is not None:
        count, folder, problems = drafts
        print(f"照会メールの下書きを {count} 件作りました（{folder.resolve()}、Outlook で開いて送信できます）。")
        if plan.office in sections:
            print(f"取りまとめ課（{plan.office}）の調査票は自課の分なので、照会メールの下書きは作っていません"
                  f"（{written[sections.index(plan.office)]}）。")
        if problems:
            print_problems("下書きの警告:", problems, stream=sys.stderr)
    if target is not None and (left := forms_left_over(target, plan, args.year, {*asked, *sections}, out)):
        print_problems("調査票の警告:", left, stream=sys.stderr)
    print(f"\n{format_fiscal_year(args.year)}の調査票を {len(written)} 件作成しました（出力先: {out.resolve()}）。")
    if above:
        print(above)
    return EXIT_OK


def returned_forms(paths: list[Path]) -> list[Path]:
    """The files among ``paths`` that are forms someone saved since templates wrote them (a section's return the
    clerk saved into the forms folder, or the inbox given as --out), or workbooks templates never writes (saved
    with a password or a sensitivity label, or as .xls/.ods: a person's file): never overwritten, not even with
    --force."""
    from reform_xlsx.intake.files import read_bytes
    from reform_xlsx.intake.limits import Limits
    from reform_xlsx.intake.safety import saved_since_made
    from reform_xlsx.intake.sniff import OTHER_SPREADSHEETS, sniff

    limits = Limits()
    found = []
    for path in paths:
        try:
            data, _sha256, _size, _mtime, kind = read_bytes(path, limits.max_file_bytes)
        except OSError:
            continue  # (said when it is written over, as before)
        if kind is None and (sniff(data) in ("encrypted", "rights", *OTHER_SPREADSHEETS)
                             or saved_since_made(data, limits)):
            found.append(path)
    return found


def forms_left_over(db: Path, plan: Plan, year: int, asked: set[str], out: Path) -> list[Problem]:
    """O002 for each form of ``year`` an earlier run wrote into ``out`` for a section the plan no longer asks that
    year (:meth:`Ledger.forms_left_over`): handed out with the new ones, it would be filled in for nothing."""
    try:
        with Ledger(db) as ledger:
            left = ledger.forms_left_over(year, asked, out)
    except (LedgerError, OSError, sqlite3.Error):  # the forms are made and recorded: nothing more to say of it
        return []
    return [problem(Msg.FORM_LEFT_OVER, file=str(path), year=format_fiscal_year(year), section=section,
                    version=plan.version, item=plan.words.item) for section, path in left]


def write_forms(plan: Plan, year: int, out: Path, sections: list[str], deadlines: dict[str, dt.date | None],
                contact, history, made: MadeFiles, previous: Plan | None = None,
                plan_for: Callable[[int], Plan] | None = None) -> list[Path]:
    """Each section's 調査票 in ``out``. A run that fails partway (a full disk, a share gone) removes the forms it
    made itself — never one that was there before it started (a --force run's replaced forms stay) — so that
    the advised 「もう一度実行してください」 works without --force; when one cannot be removed, the message says
    to run again with --force. ``history``: the ledger's answers, grouped once for all the forms (:func:`form_history`)."""
    from reform_xlsx.templates import write_templates

    history = form_history(plan, year, history, plan_for)
    written: list[Path] = []  # ``made``: those new in this run
    try:
        for section in sections:
            path = out / outputs.template(plan.words, year, section)
            new = not os.path.lexists(path)
            paths = write_templates(plan, year, out, [section], deadline=deadlines[section], contact=contact,
                                    history=history, previous=previous, plan_for=plan_for)
            written += paths
            for p in paths if new else ():
                made.add(p)
    except BaseException as exc:
        left = made.remove()
        from reform_xlsx.cli.failures import environment_error_message

        message = environment_error_message(exc, [("--out", str(out), True)]) if isinstance(exc, Exception) else None
        if message is None:  # Ctrl-C, or not a file or disk: said as it was (the forms made are removed all the same)
            raise
        if left:
            names = "\n  ".join(str(p) for p in left)
            note = (f"この実行で作った調査票のうち {len(left)} 件を消せませんでした（台帳には記録していません）:\n  {names}\n"
                    "もう一度実行するときは、同じコマンドに --force を付けてください（調査票を作り直します）。")
        else:
            note = (f"この実行で作った調査票（{len(made)} 件）は消しました。台帳には記録していません。"
                    if made else "調査票は作っていません。")
            if len(written) > len(made):  # --force: a form that was there is replaced, not removed
                note += f"（--force で上書きした {len(written) - len(made)} 件は作り直したままです）"
        raise UsageError(f"{message}\n{note}") from None
    return written


class _Probed(Exception):
    """Ends :func:`check_writable`'s trial write (rolled back)."""


def check_writable(path: Path) -> None:
    """The ledger the 照会 and the 調査票 are recorded in can be written (a read-only share, a folder without
    the right to write): else a :class:`UsageError` before any 調査票 is made. A ledger that is there is tried
    with a write rolled back; for a new one, the folder it is made in."""
    if path.exists():
        try:
            with Ledger(path) as ledger:
                try:
                    with ledger.transaction():  # the header rewritten as it is, then rolled back: nothing changes
                        version = int(ledger.db.execute("PRAGMA user_version").fetchone()[0])
                        ledger.db.execute(f"PRAGMA user_version = {version}")
                        raise _Probed
                except _Probed:
                    pass
        except LedgerError as exc:
            raise UsageError(f"{exc}\n調査票は作っていません。") from None
        return
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"受付台帳 {path} を作れません（フォルダ {folder} に書き込めません）。--db で書き込める場所の"
                         "台帳を指定してください。調査票は作っていません。")


def read_history(path: Path | None, first_year: int,
                 year: int) -> tuple[pd.DataFrame | None, str, Callable[[int], Plan] | None]:
    """Earlier years' accepted answers (and 推進室評価) from the ledger, a line saying what was shown, and the plan in
    force each of those years (the ledger's revisions; None without any): a KPI a revision has since counted in
    another unit shows its earlier 実績値 with their own unit, and its baseline is its first actual in the new."""
    if path is None or not path.exists():
        return None, "", None
    years = list(range(first_year, year))
    with Ledger(path) as ledger:  # a file that is not a ledger: LedgerError, a Japanese message
        history = ledger.answers(years) if years else None
        kept = revisions(ledger)
    if history is not None and kept is not None:  # a grade a revision renamed shows as the section chose it
        history = grades_as_chosen(history, kept.for_year)
    if history is None or history.empty:
        return None, f"台帳 {path} に前年度までの回答はありません（前年度の列は付けていません）。", None
    from reform_xlsx.form import layout
    from reform_xlsx.form.content import history_years  # the years the forms show (not all the ledger has)

    shown = "、".join(f"{name} {'・'.join(format_fiscal_year(y) for y in history_years(history, year, sheet))}"
                     for sheet, name in ((layout.SHEET_ITEMS, "取組状況"), (layout.SHEET_KPI, "KPI"))
                     if history_years(history, year, sheet))
    return history, f"台帳 {path} から前年度までの回答を表示しました（{shown}）。", kept.for_year if kept else None


def read_requests(path: Path | None, year: int, sections: list[str]) -> tuple[dict[str, dt.date], str | None]:
    """What the ledger holds of the year's 照会: each section's 提出期限 (the one merge and status judge by:
    :meth:`Ledger.deadline_of`; sections without one left out) and the 問い合わせ先 given (:meth:`Ledger.contact_of`)."""
    if path is None or not path.exists():
        return {}, None
    with Ledger(path) as ledger:  # a file that is not a ledger: LedgerError, a Japanese message
        kept = ledger.deadlines_of(year, sections)
        contact = ledger.contact_of(year)
    deadlines = {}
    for section, text in kept.items():
        try:
            deadlines[section] = dt.date.fromisoformat(text) if text else None
        except ValueError:  # a date a file carried that is no day: as if none
            deadlines[section] = None
    return {s: d for s, d in deadlines.items() if d is not None}, contact


def deadline_text(deadlines: dict[str, dt.date | None], sections: list[str]) -> str:
    """「令和9年5月28日」, or — when the sections' 提出期限 differ — the day most have and the others by section, as
    ``status`` says them (「令和9年5月28日（DX推進課は令和9年6月4日、観光課はなし）」: :func:`deadlines_text`)."""
    return deadlines_text([{"section": s, "deadline": d.isoformat() if d else None} for s in sections
                           for d in [deadlines.get(s)]], weekday=False)


def record_requests(path: Path, year: int, sections: list[str], deadlines: dict[str, dt.date | None], contact) -> None:
    """The 照会 in the ledger: each section's 提出期限 and 問い合わせ先 (the newest 照会 counts)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with Ledger(path) as ledger:
        ledger.record_requests(year, [(s, deadlines[s].isoformat() if deadlines.get(s) else None, contact, None)
                                      for s in sections])


def write_request_drafts(plan: Plan, year: int, sections: list[str], written: list[Path], out: Path,
                         directory: Directory | None, deadlines: dict[str, dt.date | None], contact, history,
                         made: MadeFiles, plan_for: Callable[[int], Plan] | None = None) -> tuple[int, Path, list]:
    """Each section's 照会 draft in ``out``/メール下書き; returns how many were written, the folder and the drafts'
    warnings. A run whose drafts cannot all be written — a full disk, a folder that cannot be written in, Ctrl-C —
    is undone as one whose forms cannot be (:func:`write_forms`): the drafts and forms new in this run (``made``)
    removed, nothing recorded in the ledger, and said so; the same command then works again without --force."""
    from reform_xlsx.templates.writer import MadeFiles

    folder = out / outputs.MAIL_FOLDER
    folder_was_there = os.path.lexists(folder)
    problems, count, drafts = [], 0, MadeFiles()
    history = form_history(plan, year, history, plan_for)  # the forms' own sheets, grouped once (as write_forms)
    try:
        for section, template in zip(sections, written):
            if section == plan.office:  # its own form: no 照会 from the office to itself (said by the caller)
                continue
            sheets = tuple(s.name for s in section_content(plan, year, section, history, plan_for))
            draft = request_draft(plan, year, section, template, directory=directory, deadline=deadlines.get(section),
                                  contact=contact, sheets=sheets)
            new = not os.path.lexists(folder / outputs.mail_draft(year, draft.kind, draft.section))
            saved, said = save_draft(draft, folder, year, inherit_addresses=directory is None,
                                     no_section_address=directory is not None and not directory.has_mail(draft.section))
            if saved not in (KEPT, UNWRITABLE):
                count += 1
                if new:
                    drafts.add(saved)
            problems += said
    except BaseException as exc:
        from reform_xlsx.cli.failures import environment_error_message

        left = drafts.remove() + made.remove()  # whatever stopped it (as write_forms does)
        if not folder_was_there:
            try:
                folder.rmdir()  # made by this run, and empty again
            except OSError:
                pass
        note = _undone_note(len(drafts), len(made), len(written), left)
        message = environment_error_message(exc, [("--out", str(out), True)]) if isinstance(exc, Exception) else None
        if message is None:  # Ctrl-C, or not a file or disk: said as it was; what could not be removed, before it
            if left:
                print(f"reform-xlsx: {note}", file=sys.stderr)
            raise
        raise UsageError(f"{message}\n{note}") from None
    return count, folder, problems


def _undone_note(drafts: int, forms: int, written: int, left: list[Path]) -> str:
    """What a run stopped in its mail drafts left: the drafts and forms it made are removed, nothing is recorded."""
    if left:
        names = "\n  ".join(str(p) for p in left)
        return (f"この実行で作った調査票・照会メールの下書きのうち {len(left)} 件を消せませんでした（台帳には記録していません）:\n"
                f"  {names}\nもう一度実行するときは、同じコマンドに --force を付けてください（調査票と下書きを作り直します）。")
    note = f"この実行で作った調査票（{forms} 件）と照会メールの下書き（{drafts} 件）は消しました。台帳には記録していません。"
    if written > forms:  # --force: a form that was there is replaced, not removed
        note += f"（--force で上書きした調査票 {written - forms} 件は作り直したままです）"
    return note
