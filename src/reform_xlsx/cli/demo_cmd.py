"""``reform-xlsx demo``: a whole year on the bundled plan in one folder — the sections' sample returns, merge
(受付結果・差し戻し・会議資料・公表用・PDF), and the next year's 調査票 that show this year's answers."""

from __future__ import annotations

import argparse
from pathlib import Path

from reform_xlsx.cli.common import EXIT_OK, UsageError, add_command, refuse_file_as_folder

DEFAULT_OUT = "reform-xlsx-demo"
_NOTES: set[str] = set()  # what this command noted on a Ctrl-C for the user (see :func:`is_note`)


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "demo",
        "同梱の計画で1年分を試します: 各課から返ってきたという想定のサンプルの回答を作り、merge で受付結果・差し戻し・"
        "会議資料・公表用（LibreOffice があれば PDF も）を作り、前年度の回答を載せた翌年度の調査票を作ります。"
        "台帳もその出力先に作るので、ほかの作業フォルダの台帳・出力には触れません。",
        "  reform-xlsx demo\n"
        f"  reform-xlsx demo --out 試し    # 既定の出力先は {DEFAULT_OUT}")
    parser.add_argument("--out", default=DEFAULT_OUT, metavar="DIR",
                        help=f"出力フォルダ（既定: {DEFAULT_OUT}。ないか空のフォルダ）")
    parser.set_defaults(run=run)


def is_note(note: str) -> bool:
    """Whether ``note`` on an interruption is this command's word to the user (shown with 「中断しました」)."""
    return note in _NOTES


def _half_made(out: Path) -> str:
    """What to do with the demo's folder it stopped in (demo does not run in a folder that has files)."""
    note = (f"デモの出力先 {out} は作りかけです。もう一度試すときは、このフォルダを消すか、--out で別のフォルダを"
            "指定して reform-xlsx demo を実行してください。")
    _NOTES.add(note)
    return note


def _holds_anything(out: Path) -> bool:
    try:
        return any(out.iterdir())
    except OSError:
        return False


def run(args: argparse.Namespace) -> int:
    from reform_xlsx.cli import build_parser
    from reform_xlsx.demo import sample_data, write_sample_inbox
    from reform_xlsx.plan.loading import load_plan
    from reform_xlsx.settings import Settings
    from reform_xlsx.wareki import format_fiscal_year, short_fiscal_year

    out = Path(args.out)
    refuse_file_as_folder(out)  # 「[E005 エラー] 「…」はファイルです」, as merge and templates say it
    if out.exists() and any(out.iterdir()):
        raise UsageError(f"出力先 {out} にはすでにファイルがあるので、デモは何も作りませんでした。デモの出力は、まだないフォルダか"
                         "空のフォルダに作ります: --out で別のフォルダを指定してください。")
    year = sample_data()["year"]
    plan, _ = load_plan()
    inbox, db = out / "受信", out / "reform.db"
    codes = []
    try:
        made = write_sample_inbox(plan, inbox)
        print(f"1. {format_fiscal_year(year)}に各課から返ってきたという想定の回答 {len(made)} 件を {inbox} に作りました"
              "（記入漏れ・選択肢にない進捗状況・同じファイルの再送・調査票でないファイルを含みます）。\n")
        for step, argv in (
                ("2. merge（受付・検査・記録・集計・会議資料）", ["merge", str(inbox), "--year", short_fiscal_year(year),
                                                          "--out", str(out), "--pdf", "--public", "--db", str(db)]),
                (f"3. {format_fiscal_year(year + 1)}の調査票（{format_fiscal_year(year)}の回答を灰色の列で表示）",
                 ["templates", "--year", short_fiscal_year(year + 1), "--out", str(out / "調査票"), "--db", str(db)])):
            print(f"{step}:")
            command = build_parser().parse_args(argv)
            # no settings: the bundled plan (shown as 「(同梱) nihonmatsu.yaml」, as every command shows it, never the
            # package's path), whatever reform-xlsx.toml or REFORM_XLSX_PLAN say where the demo is run
            command.settings = Settings()
            codes.append(command.run(command))
            print()
    except KeyboardInterrupt as exc:  # the merge's 「同じ merge をもう一度」 is no advice to a clerk who typed demo
        exc.__notes__ = [_half_made(out)]
        raise
    except Exception as exc:  # a full disk, a folder that became unwritable: the same, once the folder holds anything
        exc.__notes__ = [_half_made(out)] if _holds_anything(out) else []
        raise
    print(f"デモの出力は {out} にあります（台帳 {db}）。サンプルには差し戻しになる回答があるので、2 の merge は差し戻しの"
          f"ある結果（終了コード {codes[0]}）で終わりました。本番では同じコマンドを受信フォルダと作業フォルダで実行します"
          "（README「1年の流れ」）。")
    return EXIT_OK
