"""The message catalogue: every problem the toolkit reports, with a stable code.

Codes never change meaning once released (scripts and the city's RPA match on them).
Prefixes: P = plan file; the intake codes (reading, identifying, validating returned
workbooks) follow in their own block. ``docs/messages.md`` lists them all; a test keeps it
in step with this module.

A message template says what is wrong and what to do, in Japanese, with ``{name}``
placeholders filled by :func:`problem`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"  # rejects the file (or the plan)
    WARNING = "warning"  # accepted, listed

    @property
    def label(self) -> str:
        return {"error": "エラー", "warning": "警告"}[self.value]


@dataclass(frozen=True)
class Message:
    code: str
    severity: Severity
    title: str
    template: str


E, W = Severity.ERROR, Severity.WARNING


class Msg(Enum):
    """The catalogue. Member name = meaning in English; value = code, severity, Japanese text."""

    # --- plan file -------------------------------------------------------------------
    PLAN_NOT_FOUND = Message("P001", E, "計画ファイルが見つからない",
        "計画ファイル {file} が見つからないか、読めません（{detail}）。パスを確認してください。")
    PLAN_SYNTAX = Message("P002", E, "YAML の書き方の誤り",
        "YAML として読めません（{detail}）。インデントや「:」「-」の位置を確認してください。")
    PLAN_DUPLICATE_KEY = Message("P003", E, "同じ項目名の重複",
        "「{key}」が同じ場所に2回書かれています。1つにまとめてください。")
    PLAN_MISSING_KEY = Message("P010", E, "必須項目がない",
        "必須の項目「{key}」がありません。追加してください。")
    PLAN_UNKNOWN_KEY = Message("P011", E, "知らない項目名",
        "「{key}」は計画ファイルで使えない項目名です。{hint}")
    PLAN_WRONG_TYPE = Message("P012", E, "値の型の誤り",
        "値 {value} は{expected}で書いてください。")
    PLAN_BAD_VALUE = Message("P013", E, "使えない値",
        "値 {value} は使えません。{expected}")
    PLAN_BAD_YEAR = Message("P014", E, "年度の誤り",
        "年度 {value} を読めません。R8、令和8年度、2026 のように書いてください。")
    PLAN_DUPLICATE_ID = Message("P020", E, "IDの重複",
        "ID「{id}」が重複しています（{other} と同じ）。番号を確認してください。")
    PLAN_UNKNOWN_SECTION = Message("P021", E, "一覧にない担当課",
        "担当課「{section}」が sections の一覧にありません。一覧に追加するか、課名を直してください。")
    PLAN_UNKNOWN_ITEM = Message("P022", E, "存在しない改革項目",
        "KPI {kpi} の改革項目「{item}」が計画にありません。ID（例 1-1-3）を確認してください。")
    PLAN_OWNER_NOT_ON_ITEM = Message("P023", E, "KPI の報告課が担当課でない",
        "KPI {kpi} の報告課「{owner}」は改革項目 {item} の担当課（{sections}）ではありません。")
    PLAN_DIRECTION_NEEDED = Message("P024", E, "維持目標に方向がない",
        "KPI {kpi} は目標値が基準値と同じ（維持目標）です。direction（増加 または 減少）を書いてください。")
    PLAN_DIRECTION_MISMATCH = Message("P025", E, "方向と目標値の矛盾",
        "KPI {kpi} は direction が「{direction}」ですが、目標値 {target} は基準値 {baseline} から{actual}しています。")
    PLAN_RATE_RANGE = Message("P026", E, "割合の範囲外",
        "KPI {kpi} は割合（rate）なので {field} は 0～1 の小数で書いてください（24% → 0.24）。いまは {value}。")
    PLAN_PERIOD_ORDER = Message("P027", E, "計画期間の誤り",
        "計画期間の開始 {start} が終了 {end} より後になっています。")
    PLAN_YEAR_OUT_OF_PERIOD = Message("P028", E, "計画期間外の年度",
        "{what} の年度 {year} が計画期間（{start}～{end}）の外です。")
    PLAN_NO_ITEMS_FOR_SECTION = Message("P029", W, "項目のない課",
        "課「{section}」はどの改革項目の担当課にもなっていません。")

    # --- report (推進本部会議資料) -------------------------------------------------------
    REPORT_KPI_CONFLICT = Message("R001", W, "KPI の値が課によって違う",
        "KPI {kpi}「{name}」を複数の課が異なる値で報告しています（{values}）。報告課 {owner} の値で"
        "判定しました。正しい値を {owner} に確認してください。")
    REPORT_KPI_NOT_OWNER = Message("R002", W, "KPI を報告課以外が報告",
        "KPI {kpi}「{name}」は報告課 {owner} からの値がなく、他の課の値（{values}）で判定しました。"
        "{owner} に確認してください。")
    REPORT_KPI_UNRESOLVED = Message("R003", W, "KPI の値を決められない",
        "KPI {kpi}「{name}」は報告課 {owner} からの値がなく、他の課の値が一致しません（{values}）。"
        "未報告として扱いました。{owner} に確認してください。")
    REPORT_NO_PDF = Message("R004", W, "PDF を作成できない",
        "{detail}")

    # --- ledger: the batch and resubmissions (reform_xlsx.ledger) ---------------------------
    # (the intake reader does not use these: they compare files with each other and the ledger)
    LEDGER_DUPLICATE = Message("L001", W, "同じファイルの重複",
        "このファイルは {original} と内容がまったく同じです（重複として1回だけ記録しました）。送り直しは不要です。")
    LEDGER_SUPERSEDED = Message("L002", W, "新しいファイルに置き換え",
        "{section}からはより新しいファイル {newer} を受理したので、このファイルの回答は使いません。")
    LEDGER_TWO_FILES = Message("L003", W, "同じ課から別のファイル",
        "{section}から内容の異なるファイルが {count} 件あります（{others}）。いちばん新しいファイルを採用しました。意図どおりか担当課に確認してください。")


ALL_MESSAGES: tuple[Msg, ...] = tuple(Msg)


@dataclass(frozen=True)
class Problem:
    """One reported problem: what (code, message) and where (file, sheet, cell / key path, line)."""

    code: str
    severity: Severity
    message: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    path: str | None = None  # key path in a plan file, e.g. kpis[3].owner
    line: int | None = None
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def location(self) -> str:
        """Japanese location text: 「ファイル名 / シート / セル」 or 「キー（n行目）」."""
        parts = [p for p in (self.file, self.sheet, self.cell) if p]
        if self.path:
            parts.append(self.path)
        text = " / ".join(parts)
        if self.line:
            text += f"（{self.line}行目）"
        return text

    def to_dict(self) -> dict:
        data = {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
        }
        if self.path is not None:
            data["path"] = self.path
        if self.line is not None:
            data["line"] = self.line
        return data


def problem(msg: Msg, *, file: str | None = None, sheet: str | None = None,
            cell: str | None = None, path: str | None = None, line: int | None = None,
            **params: object) -> Problem:
    """Build a :class:`Problem` from the catalogue, filling the message template."""
    m = msg.value
    return Problem(code=m.code, severity=m.severity, message=m.template.format(file=file, sheet=sheet, cell=cell, **params),
                   file=file, sheet=sheet, cell=cell, path=path, line=line, extra=dict(params))


def by_code(code: str) -> Msg:
    """The catalogue entry for a code (``KeyError`` when unknown)."""
    for msg in Msg:
        if msg.value.code == code:
            return msg
    raise KeyError(code)
