"""Why a ledger cannot be used: :class:`LedgerError` (and :class:`LedgerBusy`), and the Japanese words for it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from reform_xlsx.messages import Msg


class LedgerError(Exception):
    """The ledger file cannot be used (not a ledger, damaged, a folder, not writable); Japanese message. ``code``: the
    stable code of the environment failure (E001 damaged, E005 a folder, E008 a newer version …) when the ledger
    found it itself (one made of an SQLite error is told by that error)."""

    def __init__(self, message: str, code: Msg | None = None) -> None:
        super().__init__(message)
        self.code = code.value.code if code is not None else None



class LedgerBusy(LedgerError):
    """Another merge holds the ledger."""



def ledger_error_message(path: Path | None, exc: BaseException) -> str:
    """Why a ledger file cannot be used, in Japanese, with what to do."""
    text = str(exc)
    who = f"受付台帳 {path}" if path is not None else "受付台帳"
    name = getattr(exc, "sqlite_errorname", None) or ""  # SQLITE_IOERR_READ …: for choosing the words, never shown
    if unfinished_rollback(path, name):
        journal = Path(f"{path}-journal")
        return (f"{who} は、前回の実行が途中で止まったままです（書きかけの記録 {journal.name} が残っています）。"
                f"台帳を元の状態に戻す必要がありますが、台帳のあるフォルダ {journal.parent} か台帳に書き込めないため"
                "戻せません。一度だけ、そのフォルダと台帳に書き込めるようにしてから"
                "（読み取り専用を外す、書き込める権限のある人が実行する など）、もう一度実行してください。"
                "台帳は止まった実行の前の状態に戻ります。")
    if (isinstance(exc, json.JSONDecodeError) or "not a database" in text or "malformed" in text or "disk image" in text
            or "Could not decode" in text  # a record's bytes damaged (not valid UTF-8): the pages read fine
            or name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))):
        return (f"{who} は reform-xlsx の台帳ではないか、壊れています。--db で正しい台帳を指定するか、"
                "壊れた台帳は別の名前に変えて保管し、新しい台帳で merge をやり直してください。")
    if "locked" in text or "busy" in text:
        return f"{who} は、ほかのプログラム（別の reform-xlsx など）が使用中です。終わるのを待ってから、もう一度実行してください。"
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return (f"{who} を開けないか、書き込めません（フォルダ・権限・ほかのプログラムが開いていないかを"
                "確認してください）。")
    if "full" in text:
        return f"ディスクがいっぱいで、{who} に書き込めません。空きを作ってから、もう一度実行してください。"
    if name.startswith("SQLITE_IOERR") or "disk I/O" in text:
        return (f"{who} の読み書きの途中で、ディスクかネットワークとのやりとりに失敗しました。ドライブや共有フォルダに"
                "つながっているか確かめてから、もう一度実行してください。")
    if name.startswith("SQLITE_NOMEM") or "out of memory" in text:
        return f"メモリが足りず、{who} を使えませんでした。ほかのプログラムを閉じてから、もう一度実行してください。"
    if name.startswith(("SQLITE_PERM", "SQLITE_AUTH")):
        return f"{who} を読み書きする権限がありません。フォルダと権限を確認してください。"
    return (f"{who} を使えません（台帳のデータベースを読み書きできませんでした）。--db の指定を確認し、直らないときは"
            "ツールの担当者に相談してください。")



def unfinished_rollback(path: Path | None, name: str) -> bool:
    """Whether SQLite refused the ledger because a run was stopped in the middle of a write (its rollback
    journal, 「reform.db-journal」, left beside it) and the journal cannot be played back: the ledger or its
    folder is not writable (a read-only share, a folder without the right to write). SQLite then says
    SQLITE_READONLY_ROLLBACK, or — when the ledger could be written but the journal not deleted —
    SQLITE_IOERR_DELETE, which would read as a lost connection to the drive."""
    if name == "SQLITE_READONLY_ROLLBACK":
        return True
    if path is None or not (name == "SQLITE_IOERR_DELETE" or name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN"))):
        return False
    try:
        return os.path.getsize(f"{path}-journal") > 0
    except OSError:
        return False
