"""Read and check a plan file (YAML) into a :class:`~reform_xlsx.plan.model.Plan`.

Every problem is collected (never only the first), each with a catalogue code, the key path
(``kpis[3].owner``) and the line in the file. The format is documented in
``docs/plan-format.md``; its JSON Schema is ``schema.json`` beside this module.
"""

from __future__ import annotations

import difflib
import gc
import io
import json
import os
import stat
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema
import yaml

if TYPE_CHECKING:
    import jsonschema

from reform_xlsx.messages import Msg, Problem, Severity, problem
from reform_xlsx.plan.builders import KeyPath, build_plan, format_path
from reform_xlsx.plan.checks import run_checks
from reform_xlsx.plan.model import (
    GRADE_CODES,
    GRADE_LOOKALIKE_LETTERS,
    GRADE_MARK_VARIANTS,
    GRADE_MARKS,
    GRADE_ZERO_MARK,
    Plan,
)

BUNDLED_PLAN = "nihonmatsu.yaml"
PLAN_FILE_MAX_BYTES = 20_000_000  # a plan of 1,000 sections is about 1 MB


class PlanError(Exception):
    """The plan file has errors; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"計画ファイルに {len(problems)} 件の問題があります")


def bundled_plan_text() -> str:
    return resources.files("reform_xlsx.plan").joinpath("bundled", BUNDLED_PLAN).read_text("utf-8")


@cache
def bundled_words() -> dict:
    """The bundled plan's ``plan`` mapping: the words another plan leaves out are these (the one
    place the bundled city's words live is its plan file)."""
    return yaml.load(bundled_plan_text(), Loader=_Loader)["plan"]


def load_plan(path: str | Path | None = None) -> tuple[Plan, list[Problem]]:
    """Load a plan file (the bundled Nihonmatsu plan when ``path`` is None).

    Returns the plan and its warnings; raises :class:`PlanError` with every error.
    """
    if path is None:
        text, source = bundled_plan_text(), f"(同梱) {BUNDLED_PLAN}"
    else:
        source = str(path)
        try:
            text = _read_plan_file(path)
        except _NotAPlanFile as exc:
            raise PlanError([problem(Msg.PLAN_NOT_FOUND, file=source, detail=str(exc))]) from None
        except (OSError, UnicodeDecodeError) as exc:
            workbook = isinstance(exc, UnicodeDecodeError) and _is_workbook(path)
            if workbook and _is_plan_master(path):  # the plan master given as the plan
                raise PlanError([problem(Msg.PLAN_IS_MASTER, file=source)]) from None
            detail = "Excel のブックです。計画ファイルは YAML のテキストです" if workbook else _read_failure(exc)
            raise PlanError([problem(Msg.PLAN_NOT_FOUND, file=source, detail=detail)]) from None
    return parse_plan(text, source)


class _NotAPlanFile(Exception):
    """The path names something that is not a plan file to read (a FIFO, a device, a file too large);
    the message says what, in Japanese."""


def _read_plan_file(path: str | Path) -> str:
    """The text of the plan file at ``path`` (UTF-8, newlines as text mode reads them).

    Only a regular file is read: a named pipe would block the read until someone writes to it, a device
    (``/dev/zero``) never ends. Its type is looked at before opening (a FIFO is never opened), and again on
    what was opened (opened without blocking, in case the name was replaced in between); at most
    :data:`PLAN_FILE_MAX_BYTES` + 1 bytes are read."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(path)
        raise _NotAPlanFile(_NOT_REGULAR)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise _NotAPlanFile(_NOT_REGULAR)
        data = f.read(PLAN_FILE_MAX_BYTES + 1)
    if len(data) > PLAN_FILE_MAX_BYTES:
        raise _NotAPlanFile(f"大きすぎます。計画ファイルは {PLAN_FILE_MAX_BYTES // 1_000_000} MB までです")
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8").read()


_NOT_REGULAR = "名前付きパイプやデバイスで、通常のファイルではありません"


Where = Callable[[KeyPath], dict]  # a key path → where it is: {"path", "line"} or {"sheet", "cell"}


def parse_plan(text: str, source: str = "<text>") -> tuple[Plan, list[Problem]]:
    """Parse plan text; see :func:`load_plan`."""
    with _collector_paused():
        return _parse_plan(text, source)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a plan is parsed (as it was before, after).

    The YAML node tree of a large plan (1,000 sections: some 65,000 nodes, each with two marks) and
    the plan built from it are hundreds of thousands of new objects: the collector ran again and
    again over the growing heap, a third to a half of the load time. What parsing makes holds no
    cycles that matter — the tree is freed by reference counting when it goes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse_plan(text: str, source: str) -> tuple[Plan, list[Problem]]:
    lines: dict[KeyPath, int] = {}
    problems: list[Problem] = []

    def where(path: KeyPath) -> dict:
        return {"path": format_path(path), "line": _line_for(lines, path)}

    def report(msg: Msg, path: KeyPath, **params: object) -> None:
        problems.append(problem(msg, file=source, **where(path), **params))

    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        aliased = _first_aliased(node)
        if aliased is not None:  # (a self-reference never ends; nested ones expand past any memory)
            raise PlanError([problem(Msg.PLAN_ALIAS, file=source, line=aliased.start_mark.line + 1)])
        _index_lines(node, (), lines, report)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        detail = _yaml_problem(getattr(exc, "problem", None) or str(exc), _char_at(text, mark))
        raise PlanError([problem(Msg.PLAN_SYNTAX, file=source,
                                 line=mark.line + 1 if mark else None, detail=detail)]) from None
    finally:
        loader.dispose()
    if problems:
        raise PlanError(problems)
    if node is None:  # nothing but comments and blank lines
        raise PlanError([problem(Msg.PLAN_EMPTY, file=source)])
    if not isinstance(node, yaml.MappingNode):  # a list of 「- 」 lines, or one value alone
        what = "「- 」で始まる行のリスト" if isinstance(node, yaml.SequenceNode) else f"1つの値 {_as_written(node)}"
        raise PlanError([problem(Msg.PLAN_NOT_MAPPING, file=source, line=node.start_mark.line + 1, what=what)])
    return plan_from_data(data, source, where=where, text=text,
                          written=lambda path: _as_written(_node_at(node, path)))


def plan_from_data(data: Any, source: str, *, where: Where, describe: Callable[[KeyPath], str] = format_path,
                   label: Callable[[KeyPath], str] | None = None, text: str = "",
                   problems: list[Problem] | None = None,
                   written: Callable[[KeyPath], str | None] | None = None,
                   sheets: Mapping[str, str] | None = None) -> tuple[Plan, list[Problem]]:
    """The plan from a plan file's data (as YAML reads it, or as the plan master's sheets give it):
    its JSON Schema, then the builders and the checks — one pipeline for both, so that a plan file
    and the plan master get the same P codes. ``where`` places a problem (a key path and line, or a
    sheet and cell), ``describe`` names another place in a message (P020's 「…と同じ」), ``label``
    names a missing key (P010) as its reader knows it. ``problems``: found before (kept first). ``written``: a
    value as its file has it (the YAML text at a key path), for P012 and P013; else the value as read is shown.
    ``sheets``: the plan master's sheet names by key as its reader found them (P055 names the sheet to add a row to).

    Returns the plan and its warnings; raises :class:`PlanError` with every error."""
    problems = list(problems or [])

    def report(msg: Msg, path: KeyPath, **params: object) -> None:
        params = {k: describe(v) if isinstance(v, tuple) else v for k, v in params.items()}
        if label is not None and path and params.get("field") == path[-1]:  # 「基準値」 in the master, not baseline
            params["field"] = label(path)
        problems.append(problem(msg, file=source, **where(path), **params))

    if not _valid_fast(data):  # a valid plan passes the compiled check; only a broken one is explained
        for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
            _report_schema_error(error, report, label or (lambda path: str(path[-1])), written or (lambda _path: None),
                                 data, sheets)
        if problems:
            raise PlanError(problems)
    if any(p.severity is Severity.ERROR for p in problems):
        raise PlanError(problems)

    draft = build_plan(data, source, report, bundled_words(), text)
    for finding in run_checks(draft):
        params = finding.params
        if "value" in params and not isinstance(params["value"], str):  # a figure: as its file has it (「35」)
            params = params | {"value": (written and written(finding.path)) or as_read(params["value"])}
        if finding.msg is Msg.PLAN_UNKNOWN_ITEM and sheets is None:  # a plan file writes an item's ID (1-1-3), asked so
            params = params | {"item": draft.data_at(finding.path), "example": "1-1-3"}
        report(finding.msg, finding.path, **params)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise PlanError(problems)
    return draft.plan, problems


def _is_workbook(path: str | Path) -> bool:
    """Whether ``path`` is a ZIP file (an .xlsx workbook: the plan master) rather than a plan file."""
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _is_plan_master(path: str | Path, most: int = 20_000_000) -> bool:
    """Whether the workbook at ``path`` carries the plan master's mark (its hidden _meta sheet), not any .xlsx
    (a returned form given as the plan is no plan master). Parts larger than ``most`` bytes are not looked in."""
    import zipfile

    from reform_xlsx.plan.master_layout import META_FORMAT

    try:
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                name = info.filename
                if (name == "xl/sharedStrings.xml" or name.startswith("xl/worksheets/")) and info.file_size <= most:
                    if META_FORMAT.encode() in z.read(info):
                        return True
    except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError):
        return False
    return False


def _read_failure(exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError):
        return "ファイルがありません"
    if isinstance(exc, PermissionError):
        return "読む権限がありません"
    if isinstance(exc, IsADirectoryError):
        return "フォルダです"
    if isinstance(exc, UnicodeDecodeError):
        return "文字コードが UTF-8 ではありません。UTF-8 で保存し直してください"
    if isinstance(exc, OSError):
        from reform_xlsx.os_reasons import os_reason

        return f"読めません（{os_reason(exc)}）"
    return "読めません"


_TOKEN_PROBLEM = "cannot start any token"
_YAML_PROBLEMS = (  # PyYAML's English → what to look at, in Japanese
    ("mapping values are not allowed", "「:」の位置が正しくありません（値の中に「: 」があるなら値を \"…\" で囲みます）"),
    (_TOKEN_PROBLEM, "使えない文字があります（タブ文字は使えません。字下げは半角スペースで）"),
    ("expected <block end>", "字下げがそろっていません"),
    ("could not find expected ':'", "「項目名: 値」の「:」がありません"),
    ("expected ',' or ']'", "かっこ [ ] が閉じていません"),
    ("expected ',' or '}'", "かっこ { } が閉じていません"),
    ("unexpected end of stream", "ファイルが途中で終わっています（かっこや引用符が閉じていません）"),
    ("found undefined alias", "未定義の別名（*…）があります"),
)


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    """The character at ``mark`` (where the parser stopped), or "" (libyaml's message does not name it)."""
    lines = text.splitlines()
    if mark is None or mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]


def _yaml_problem(english: str, char: str = "") -> str:
    if _TOKEN_PROBLEM in english and char not in ("", "\t"):  # 「unit: %」: YAML keeps % @ ` for itself
        return f"「{char}」で始まる値は書けません。値を \"…\" で囲みます（例 unit: \"%\"）"
    for needle, japanese in _YAML_PROBLEMS:
        if needle in english:
            return japanese
    return f"書き方に誤りがあります（YAML: {english}）"


# --- YAML with line numbers ------------------------------------------------------------

class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader (libyaml's C parser where installed) with YAML 1.2 booleans (only
    true/false): ``no``/``on`` stay strings."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in rs if tag != "tag:yaml.org,2002:bool"]
    for ch, rs in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.yaml_implicit_resolvers = {  # and no dates: 2026-02-01 stays the text it is (a 版, a 改訂日)
    ch: [(tag, rx) for tag, rx in rs if tag != "tag:yaml.org,2002:timestamp"]
    for ch, rs in _Loader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _first_aliased(root: yaml.Node | None) -> yaml.Node | None:
    """The first node that the document reaches twice — through an alias (``*name``) to an anchor
    (``&name``): the composer gives every alias the anchored node itself — or None. A plan file needs no
    aliases; refusing them all refuses the one that refers to itself and the one that expands a thousand
    times a thousand times, before anything walks the tree."""
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in reversed(node.value):
                stack += (value_node, key_node)
        elif isinstance(node, yaml.SequenceNode):
            stack += reversed(node.value)
    return None


def _index_lines(node: yaml.Node | None, path: KeyPath, lines: dict[KeyPath, int], report) -> None:
    if node is None:
        return
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                lines[path + (key,)] = key_node.start_mark.line + 1
                report(Msg.PLAN_DUPLICATE_KEY, path + (key,), key=key)
            seen.add(key)
            lines.setdefault(path + (key,), key_node.start_mark.line + 1)
            _index_lines(value_node, path + (key,), lines, report)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _index_lines(child, path + (i,), lines, report)


def _line_for(lines: dict[KeyPath, int], path: KeyPath) -> int | None:
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path)


# --- schema ------------------------------------------------------------------------------

@cache
def _schema() -> dict:
    return json.loads(resources.files("reform_xlsx.plan").joinpath("schema.json").read_text("utf-8"))


@cache
def _validator() -> jsonschema.Draft202012Validator:
    """The full validator: every error with its place, for a plan that does not pass (imported only
    then: a plan that passes never needs it)."""
    import jsonschema

    return jsonschema.Draft202012Validator(_schema())


@cache
def _compiled():
    """The schema check compiled to Python: the module shipped with the package when it was generated
    from this ``schema.json`` by this fastjsonschema (:mod:`reform_xlsx.plan.schema_build`), else
    compiled here (about 50 ms)."""
    from reform_xlsx.plan import schema_build, schema_check

    if schema_check.SCHEMA_SHA256 == schema_build.schema_digest() and schema_check.GENERATOR == schema_build.generator():
        return schema_check.validate
    return fastjsonschema.compile(_schema())


def _valid_fast(data: Any) -> bool:
    """The schema check compiled to Python (fast on a plan of 1,000 sections); it stops at the first
    error, so a plan that fails it is checked again by :func:`_validator` to name every error."""
    try:
        _compiled()(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


_TYPE_NAMES = {"string": "文字列", "integer": "整数", "number": "数値", "boolean": "true / false",
               "array": "リスト（- で始まる行）", "object": "「項目名: 値」の組"}


GRADE_CODE_HINT = ("進捗状況の区分の記号は1文字で、英大文字（A～Z）、数字（1～9）、記号 " + " ".join(GRADE_MARKS) + " の"
                   "どれかで書いてください。")
_PATTERN_HINTS = {  # what the schema's patterns ask, in words
    f"^[A-Z1-9{GRADE_MARKS}]$": GRADE_CODE_HINT,  # (the schema's pattern for a grade's code)
    r"^\d+-\d+-\d+$": "項目の ID は「1-1-3」の形で書いてください。",
}


def _report_schema_error(error: jsonschema.ValidationError, report, label: Callable[[KeyPath], str],
                         written: Callable[[KeyPath], str | None], data: Any = None,
                         sheets: Mapping[str, str] | None = None) -> None:
    path: KeyPath = tuple(error.absolute_path)
    kind = error.validator
    value = written(path) or as_read(error.instance)
    if kind == "oneOf" and error.context:  # an action: text, or a mapping with its years
        branch = 1 if isinstance(error.instance, dict) else 0
        for sub in error.context:
            if sub.schema_path and sub.schema_path[0] == branch:
                _report_schema_error(sub, report, label, written, data, sheets)
        return
    if kind == "required":
        key = error.message.split("'")[1]
        report(Msg.PLAN_MISSING_KEY, path + (key,), key=label(path + (key,)))
    elif kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        for key in sorted(set(error.instance) - set(allowed)):
            near = difflib.get_close_matches(key, allowed, n=1)
            hint = f"「{near[0]}」の誤りではありませんか。" if near else f"使える項目: {', '.join(allowed)}"
            report(Msg.PLAN_UNKNOWN_KEY, path + (key,), key=key, hint=hint)
    elif kind == "type":
        types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        expected = "または".join(_TYPE_NAMES.get(t, t) for t in types)
        if isinstance(error.instance, list) and "array" not in types:
            expected += "（「- 」で始まる行の一覧ではなく）"
        report(Msg.PLAN_WRONG_TYPE, path, value=value, expected=expected)
    elif kind == "enum":
        choices = "、".join(str(v) for v in error.validator_value)
        report(Msg.PLAN_BAD_VALUE, path, value=value, expected=f"{choices} のいずれかにしてください。")
    elif kind in ("pattern", "minimum", "maximum") and path[:1] == ("grades",) and path[-1:] == ("code",):
        report(Msg.PLAN_BAD_VALUE, path, value=value, expected=GRADE_CODE_HINT + _grade_code_meant(error.instance))
    elif kind == "pattern" and "levels" in path:
        report(Msg.PLAN_BAD_VALUE, path, value=value,
               expected="階層の名前は 10 文字以内で、空白と [ ] : * ? / \\ は使えません（シート名になります）。")
    elif kind == "pattern" and sheets is not None and path[:1] == ("kpis",) and path[-1:] == ("item",) and \
            (shown := _master_item_form(data)):
        report(Msg.PLAN_BAD_VALUE, path, value=value, expected=shown)
    elif kind == "pattern":
        report(Msg.PLAN_BAD_VALUE, path, value=value,
               expected=_PATTERN_HINTS.get(error.validator_value, "半角の英数字で書いてください（記号は - と _ だけ）。"))
    elif kind == "minItems" and _empty_level(path, data, report, sheets):
        pass
    elif kind in ("minItems", "minLength"):
        report(Msg.PLAN_BAD_VALUE, path, value=value, expected="空にはできません。")
    elif kind == "minimum":
        report(Msg.PLAN_BAD_VALUE, path, value=value, expected=f"{_read_text(error.validator_value)} 以上にしてください。")
    elif kind == "exclusiveMinimum":
        report(Msg.PLAN_BAD_VALUE, path, value=value,
               expected=f"{_read_text(error.validator_value)} より大きい数にしてください。")
    else:  # a rule schema.json does not use today
        report(Msg.PLAN_BAD_VALUE, path, value=value, expected="docs/plan-format.md の書き方を確認してください。")


def _grade_code_meant(code: object) -> str:
    """「「○」ではありませんか。」 for a grade's code written in a form the reader folds to a code (〇, ✕, ａ, ３), and for
    0 (never a code; LibreOffice Calc (ja-JP) stores a 〇 typed in the plan master's 記号 as the number 0)."""
    if isinstance(code, float) and code.is_integer():
        code = int(code)
    written = unicodedata.normalize("NFKC", str(code)).strip()
    meant = written.upper()
    meant = GRADE_ZERO_MARK if meant == "0" else GRADE_MARK_VARIANTS.get(meant, meant)
    if len(meant) != 1 or meant not in GRADE_CODES or meant == str(code):
        return ""
    # a small x or o is as likely the mark as the letter (the reader of returns folds it to the mark on such a scale)
    mark = next((m for m, letter in GRADE_LOOKALIKE_LETTERS.items() if written == letter.lower()), None)
    return f"「{mark}」か「{meant}」ではありませんか。" if mark else f"「{meant}」ではありませんか。"


def _empty_level(path: KeyPath, data: Any, report, sheets: Mapping[str, str] | None = None) -> bool:
    """A 重点項目 with no 取組区分, a 取組区分 with no 改革項目 (in the plan's words; P055, what to add where): whether
    ``path`` is one (then said). The sheet named is the master's (``sheets``, as its reader found them). In a plan of
    two levels (every other 重点項目 written with one 取組区分 of its name, docs/plan-format.md 「2階層の計画」) a 重点項目
    gets an item 「3-1」 (its number as the master shows it, :meth:`Plan.item_number`; its ID 3-1-1): the master has no
    取組区分 rows (plan import makes its one from the 重点項目's row)."""
    if not (len(path) == 3 and path[0] == "areas" and path[2] == "categories" or
            len(path) == 5 and path[0] == "areas" and path[2] == "categories" and path[4] == "items"):
        return False
    from reform_xlsx.plan.master_layout import ITEMS, LEVELS, repeats_its_area, sheet_names
    from reform_xlsx.plan.model import Words

    try:
        area = data["areas"][path[1]]
        level = area if len(path) == 3 else area["categories"][path[3]]
        levels = {**bundled_words()["levels"], **(data["plan"].get("levels") or {})}
        numbers = [area["number"]] + ([] if len(path) == 3 else [level["number"]])
        others = [a for i, a in enumerate(data["areas"]) if i != path[1]]
        two_level = len(path) == 3 and bool(others) and all(repeats_its_area(a) for a in others)
    except (KeyError, IndexError, TypeError, AttributeError):
        return False

    words = {k: str(v) for k, v in levels.items()}
    names = {**sheet_names(Words(city="", reform="", title="", headquarters="", committee="", office="", **words),
                           two_level), **(sheets or {})}
    key = "-".join(map(str, numbers))
    if two_level:
        missing, sheet, example, under = (words["item"], names[ITEMS], f"{key}-1",
                                          "categories に同じ名前の2段目を1つ書き、その items")
    else:
        missing, sheet, example, under = ((words["category"], names[LEVELS]) if len(path) == 3
                                          else (words["item"], names[ITEMS])) + (f"{key}-1", path[-1])
    report(Msg.PLAN_EMPTY_LEVEL, path, level=words["area"] if len(path) == 3 else words["category"], id=key,
           name=str(level.get("name") or ""), item=missing, add_sheet=sheet, example=example, key=under)
    return True


def _master_item_form(data: Any) -> str | None:
    """How the plan master numbers an item, for P013 of a KPI's 項目ID that is none: as P044 says it of an item's ID
    (:func:`~reform_xlsx.plan.master_layout.item_id_form`: 「1-3」 where every 1段目 is of two levels,
    :meth:`Plan.item_number`); None for data not of a plan's shape."""
    from reform_xlsx.plan.master_layout import item_id_form

    try:
        return "項目の ID は" + item_id_form(data["areas"])
    except (KeyError, IndexError, TypeError, AttributeError):
        return None


# --- a value shown in a message ------------------------------------------------------------
_SHOWN_CHARS = 40  # at most, then 「…」
_EMPTY = "（空欄）"
_YAML_NULL = "tag:yaml.org,2002:null"


def _node_at(node: yaml.Node | None, path: KeyPath) -> yaml.Node | None:
    """The YAML node at ``path`` (keys and list positions, as a schema error gives them); None if not found."""
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node


def _quoted(text: str) -> str:
    text = " ".join(text.splitlines())
    return f"「{text[:_SHOWN_CHARS]}…」" if len(text) > _SHOWN_CHARS else f"「{text}」"


def _as_written(node: yaml.Node | None) -> str | None:
    """A value as the plan file has it, quoted for a message: 「八十五」, 「"24"」 (quoted in the file),
    「（空欄）」 for nothing after the colon, 「- 財政課、- 人事行政課」 for a list, 「name: 財政課、…」 for a mapping."""
    return None if node is None else _quoted(_written_text(node, nested=False))


def _written_text(node: yaml.Node, nested: bool = True) -> str:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _YAML_NULL:  # nothing after the colon, ~, null
            return _EMPTY
        return f"{node.style}{node.value}{node.style}" if node.style in ("'", '"') else node.value
    if nested:  # a list or mapping inside another: not spelled out
        return "…"
    if isinstance(node, yaml.SequenceNode):
        return "、".join(f"- {_written_text(child)}" for child in node.value[:5]) or "（空の一覧）"
    return "、".join(f"{_written_text(k)}: {_written_text(v)}" for k, v in node.value[:5]) or "（空の組）"


def as_read(value: Any) -> str:
    """A value as read (from the plan master's cells), quoted for a message: never Python's or JSON's
    spelling of it (None, True, {'a': 1})."""
    return _quoted(_read_text(value, nested=False))


def _read_text(value: Any, nested: bool = True) -> str:
    if value is None:
        return _EMPTY
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # as Excel shows a cell of true or false
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | dict):
        if nested:
            return "…"
        if isinstance(value, list):
            return "、".join(f"- {_read_text(v)}" for v in value[:5]) or "（空の一覧）"
        return "、".join(f"{k}: {_read_text(v)}" for k, v in list(value.items())[:5]) or "（空の組）"
    return str(value)
