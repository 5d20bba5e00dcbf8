"""The working folder's defaults: which plan and which ledger a city uses, said once.

A city writes them in ``reform-xlsx.toml`` in the folder it runs reform-xlsx from::

    # reform-xlsx.toml
    plan = "計画/行財政改革実施計画.yaml"   # the plan file (relative to this file's folder)
    ledger = "台帳/reform.db"              # the ledger (受付台帳)

or sets the environment variables ``REFORM_XLSX_PLAN`` and ``REFORM_XLSX_DB`` (a path each;
``REFORM_XLSX_CONFIG`` names a settings file elsewhere). What is said on the command line wins,
then the environment, then the settings file; without any, the ledger is ``reform.db`` in the
working folder and the plan is the one that ledger keeps (:mod:`reform_xlsx.ledger.plans`), else
the bundled plan. ``docs/adopting.md`` shows a city's first year.

Problems are catalogue messages (C codes) carried by :class:`SettingsError`.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.os_reasons import os_reason

CONFIG_FILE = "reform-xlsx.toml"
ENV_PLAN, ENV_DB, ENV_CONFIG = "REFORM_XLSX_PLAN", "REFORM_XLSX_DB", "REFORM_XLSX_CONFIG"
KEYS = ("plan", "ledger")
EXAMPLES = {"plan": "計画/行財政改革実施計画.yaml", "ledger": "台帳/reform.db"}  # the value C003 shows for each key


class SettingsError(Exception):
    """The settings file cannot be used; ``problem`` says why (C001–C003)."""

    def __init__(self, found: Problem):
        self.problem = found
        super().__init__(found.message)


@dataclass(frozen=True)
class Settings:
    plan: Path | None = None  # the plan file to use unless --plan says otherwise
    ledger: Path | None = None  # the ledger to use unless --db says otherwise
    plan_from: str = ""  # where it was said (「reform-xlsx.toml」, 「環境変数 REFORM_XLSX_PLAN」)
    ledger_from: str = ""
    file: Path | None = None  # the settings file read, if any


def load_settings(folder: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """The settings for a run in ``folder`` (the working folder): the environment over the file."""
    environ = os.environ if environ is None else environ
    folder = Path.cwd() if folder is None else Path(folder)
    named = environ.get(ENV_CONFIG)
    path = Path(named) if named else folder / CONFIG_FILE
    values: dict[str, Path] = {}
    said: dict[str, str] = {}
    if named or path.is_file():
        for key, value in _read(path).items():
            values[key] = (path.parent / value) if not Path(value).is_absolute() else Path(value)
            said[key] = str(path)
    for key, env in (("plan", ENV_PLAN), ("ledger", ENV_DB)):
        if environ.get(env):
            values[key], said[key] = Path(environ[env]), f"環境変数 {env}"
    return Settings(plan=values.get("plan"), ledger=values.get("ledger"), plan_from=said.get("plan", ""),
                    ledger_from=said.get("ledger", ""), file=path if (named or path.is_file()) else None)


_BACKSLASH_HINT = ("。Windows のパスの「\\」は、「/」に変えるか（\"C:/計画/計画.yaml\"）、一重引用符で囲んでください"
                   "（'C:\\計画\\計画.yaml'）")


def _read(path: Path) -> dict[str, str]:
    try:  # utf-8-sig: メモ帳の「UTF-8 (BOM 付き)」, PowerShell 5's Out-File
        text = path.read_text("utf-8-sig")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise SettingsError(problem(Msg.SETTINGS_UNREADABLE, file=str(path), detail="ファイルがありません")) from None
    except UnicodeDecodeError:
        raise SettingsError(problem(Msg.SETTINGS_UNREADABLE, file=str(path), detail=(
            "文字コードが UTF-8 ではありません。Shift_JIS で保存されていませんか。メモ帳の「名前を付けて保存」で"
            "文字コードを UTF-8 にして保存し直してください"))) from None
    except OSError as exc:
        raise SettingsError(problem(Msg.SETTINGS_UNREADABLE, file=str(path),
                                    detail=f"読めません（{os_reason(exc)}）")) from None
    except tomllib.TOMLDecodeError as exc:
        hint = _BACKSLASH_HINT if "\\" in text else ""
        raise SettingsError(problem(Msg.SETTINGS_UNREADABLE, file=str(path),
                                    detail=f"TOML の書き方: {exc}{hint}")) from None
    for key, value in data.items():  # 「"D:\reform\r.db"」: \r and \n (\t, \b, \f) are TOML escapes, read without error
        if isinstance(value, str) and any(ord(c) < 32 for c in value):
            raise SettingsError(problem(Msg.SETTINGS_UNREADABLE, file=str(path), detail=(
                f"{key} のパスに改行などの制御文字が入りました（二重引用符の中の「\\r」「\\n」「\\t」は TOML では"
                f"特別な意味になります）{_BACKSLASH_HINT}")))
    for key, value in data.items():
        if key not in KEYS:
            near = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"「{near[0]}」の誤りではありませんか。" if near else f"使える項目: {'、'.join(KEYS)}。"
            raise SettingsError(problem(Msg.SETTINGS_UNKNOWN_KEY, file=str(path), key=key, hint=hint))
        if not isinstance(value, str) or not value.strip():
            raise SettingsError(problem(Msg.SETTINGS_BAD_VALUE, file=str(path), key=key, example=EXAMPLES[key]))
    return {k: v.strip() for k, v in data.items()}
