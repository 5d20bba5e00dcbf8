"""``reform-xlsx contacts``: write the section directory (連絡先) the office fills in once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reform_xlsx import outputs
from reform_xlsx.cli.common import (
    EXIT_OK,
    UsageError,
    add_command,
    add_db_option,
    add_plan_option,
    check_named_ledger,
    choose_plan,
    is_a_folder,
    ledger_above_note,
    ledger_in_use,
    plan_line,
    print_problems,
    refuse_renamed_ledger,
)
from reform_xlsx.mail import DirectoryError, read_directory, write_directory
from reform_xlsx.mail.directory import carried_rows
from reform_xlsx.messages import Msg, Problem


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "contacts",
        "課ごとの連絡先（課名・担当者・メール・内線）を記入する Excel ファイルを作ります。照会・督促・再提出のお願いの"
        "メールの下書きの宛先と、問い合わせ先（取りまとめ課の行）に使います。",
        f"  reform-xlsx contacts                       # 今のフォルダに {outputs.DEFAULT_CONTACTS}\n"
        "  reform-xlsx contacts --out 台帳/連絡先.xlsx\n"
        "  reform-xlsx contacts --force               # 計画の課が変わったとき: 記入済みの内容を残して作り直す")
    add_plan_option(parser)
    add_db_option(parser, "受付台帳（計画を記録したもの: その最新の版の課で作ります）")
    parser.add_argument("--out", metavar="FILE", default=outputs.DEFAULT_CONTACTS,
                        help=f"作るファイル（既定: 今のフォルダの {outputs.DEFAULT_CONTACTS}）")
    parser.add_argument("--force", action="store_true", help="ファイルがあれば、記入済みの内容を残して作り直す")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    check_named_ledger(args)  # a folder, or a --db not there: refused, not taken for no ledger
    db = ledger_in_use(args)
    refuse_renamed_ledger(args, db, "台帳がないと、台帳の計画の課ではなく、同梱の（または設定の）計画の課で作ってしまう")
    above = ledger_above_note(args, db, "連絡先ファイルを作りました（同梱の、または設定の計画の課で）")  # said last, once the files are made
    # the city's plan (reform-xlsx.toml) or the one its ledger keeps, in its latest revision's sections
    plan, _ = choose_plan(args, db if db.is_file() else None)
    path = Path(args.out)
    existing = None
    if path.is_dir():  # said at once: --force would not help
        raise UsageError(f"{path} はフォルダです（作るファイルと同じ名前のフォルダがあります）。--out で別のファイル名を"
                         "指定するか、フォルダの名前を変えるか移してから、もう一度実行してください（何も書き出していません）。") from is_a_folder(path)
    if path.exists():
        if not args.force:
            raise UsageError(f"{path} はすでにあります（記入した連絡先を上書きしないよう止めました）。"
                             "計画の課に合わせて作り直すときは --force を付けてください（記入済みの内容は残します）。")
        try:
            existing = read_directory(path, plan)
        except DirectoryError as exc:
            raise UsageError(str(exc)) from None
    write_directory(plan, path, existing)
    carried = carried_rows(plan, existing) if existing else []  # kept below the table, under their old 課名
    kept_rows = {id(c) for s in (plan.office, *plan.sections) if existing and (c := existing.get(s)) is not None}
    kept_rows |= {id(c) for c in carried}
    # the rows the clerk typed in, in the table or kept below it (the office is one of the sections too: once; its
    # 備考 「取りまとめ課」 is the tool's)
    filled = len({id(c) for s in (plan.office, *plan.sections)
                  if existing and (c := existing.get(s)) is not None and c.typed(office=s == plan.office)}
                 | {id(c) for c in carried})
    kept = f"（記入済みの {filled} 課分を残しました）" if filled else ""
    print(plan_line(plan))
    # what was typed but is not in the new file: said, never dropped silently (a second row of a section: below);
    # a malformed address is kept as typed, and said, to be corrected in the new file
    found = existing.problems if existing else []
    in_file = {(c.section, c.refused_mail) for s in (plan.office, *plan.sections)
               if existing and (c := existing.get(s)) is not None and c.refused_mail}
    malformed = [p for p in found if p.code == Msg.DIRECTORY_BAD_MAIL.value.code
                 and (p.extra.get("section"), p.extra.get("mail")) in in_file]  # (a second row's is not in the file)
    dropped = [p for p in found if p.code != Msg.DIRECTORY_SECOND_ROW.value.code and p not in malformed]
    if malformed:  # named at their cells in the file just written (its rows are the plan's, in the plan's order)
        print_problems("次のメールアドレスは、読めないまま作り直したファイルに残しました（その欄で直してください）:",
                       _where_now(path, plan, malformed), stream=sys.stderr)
    if dropped:  # (their cells are where they were: the file is written anew)
        print_problems("記入済みの内容のうち、次のものは作り直したファイルに残していません（場所は作り直す前のファイルの"
                       "もの。直して記入し直してください）:",
                       dropped, stream=sys.stderr)
    if carried:  # a merge of two filled rows, a split: which is the new section's address is the office's to say
        formed = {c.section: [s for s in plan.sections if any(h is c for h in existing.kept_below(s))] for c in carried}
        print("記入済みの行のうち、次の行は、統合・分割の前の課の行で、どれが新しい課の宛先（担当者）か分からないため使わず、"
              "作り直したファイルの表の下に残しました（旧課名の行は分割・統合の前の年度の下書きに使います）。"
              "新しい課の行に正しい担当者とメールアドレスを写すか記入してから、もう一度実行してください:", file=sys.stderr)
        for c in carried:
            print(f"  {c.section}: {c.text()}（{'・'.join(formed[c.section])}の行に）", file=sys.stderr)
    if existing:  # filled rows no section of the new file takes (a 統合, a section's second row): named, not lost
        left = [c for c in (*existing.contacts.values(), *existing.extra_rows)
                if id(c) not in kept_rows and c.filled]
        if left:
            print("記入済みの行のうち、次の行は作り直したファイルに残していません（必要なら新しい課の行に記入し直してください）:",
                  file=sys.stderr)
            for c in left:
                print(f"  {c.section}: {c.text()}" + (f"（メール「{c.refused_mail}」）" if c.refused_mail else "")
                      + (f"（備考 {c.note}）" if c.note else "")
                      + "".join(f"（{label} {value}）" for label, value in c.extra), file=sys.stderr)
    print(f"連絡先ファイル {path.resolve()} を作りました{kept}。課ごとに担当者・メール・内線を記入してください。")
    if above:
        print(above)
    return EXIT_OK


def _where_now(path: Path, plan, kept: list[Problem]) -> list[Problem]:
    """The malformed addresses (D002) ``kept`` in the directory written anew at ``path``, named at their cells in it
    (read back: a row of the file before may be another row now); as they were if it cannot be read."""
    try:
        return [p for p in read_directory(path, plan).problems if p.code == Msg.DIRECTORY_BAD_MAIL.value.code] or kept
    except DirectoryError:
        return kept
