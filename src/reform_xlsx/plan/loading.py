"""Read and check a plan file (YAML) into a :class:`~reform_xlsx.plan.model.Plan`.

Every problem is collected (never only the first), each with a catalogue code, the key path
(``kpis[3].owner``) and the line in the file. The format is documented in
``docs/plan-format.md``; its JSON Schema is ``schema.json`` beside this module.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from reform_xlsx.messages import (
    Msg,
    Problem,
    Severity,
    problem,
)
from reform_xlsx.plan.model import (
    DECREASE,
    INCREASE,
    Area,
    Category,
    GlossaryTerm,
    Grade,
    Item,
    Judgement,
    Kpi,
    Plan,
)
from reform_xlsx.wareki import FiscalYearError, parse_fiscal_year, short_fiscal_year

BUNDLED_PLAN = "nihonmatsu.yaml"

KeyPath = tuple[str | int, ...]


class PlanError(Exception):
    """The plan file has errors; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"計画ファイルに {len(problems)} 件の問題があります")


def bundled_plan_text() -> str:
    return resources.files("reform_xlsx.plan").joinpath("bundled", BUNDLED_PLAN).read_text("utf-8")


def load_plan(path: str | Path | None = None) -> tuple[Plan, list[Problem]]:
    """Load a plan file (the bundled Nihonmatsu plan when ``path`` is None).

    Returns the plan and its warnings; raises :class:`PlanError` with every error.
    """
    if path is None:
        text, source = bundled_plan_text(), f"(同梱) {BUNDLED_PLAN}"
    else:
        source = str(path)
        try:
            text = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PlanError([problem(Msg.PLAN_NOT_FOUND, file=source, detail=_read_failure(exc))])
    return parse_plan(text, source)


def parse_plan(text: str, source: str = "<text>") -> tuple[Plan, list[Problem]]:
    """Parse plan text; see :func:`load_plan`."""
    lines: dict[KeyPath, int] = {}
    problems: list[Problem] = []

    def report(msg: Msg, path: KeyPath, **params: object) -> None:
        problems.append(problem(msg, file=source, path=format_path(path),
                                line=_line_for(lines, path), **params))

    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        detail = _yaml_problem(getattr(exc, "problem", None) or str(exc))
        raise PlanError([problem(Msg.PLAN_SYNTAX, file=source,
                                 line=mark.line + 1 if mark else None, detail=detail)])
    _index_lines(node, (), lines, report)
    data = yaml.load(text, Loader=_Loader) if node is not None else None
    if problems:
        raise PlanError(problems)

    for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        _report_schema_error(error, report)
    if problems:
        raise PlanError(problems)

    plan = _build(data, source, report)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise PlanError(problems)
    return plan, problems


def _read_failure(exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError):
        return "ファイルがありません"
    if isinstance(exc, PermissionError):
        return "読む権限がありません"
    if isinstance(exc, IsADirectoryError):
        return "フォルダです"
    if isinstance(exc, UnicodeDecodeError):
        return "文字コードが UTF-8 ではありません。UTF-8 で保存し直してください"
    return f"読めません: {getattr(exc, 'strerror', None) or type(exc).__name__}"


_YAML_PROBLEMS = (  # PyYAML's English → what to look at, in Japanese
    ("mapping values are not allowed", "「:」の位置が正しくありません（値の中に「: 」があるなら値を \"…\" で囲みます）"),
    ("cannot start any token", "使えない文字があります（タブ文字は使えません。字下げは半角スペースで）"),
    ("expected <block end>", "字下げがそろっていません"),
    ("could not find expected ':'", "「項目名: 値」の「:」がありません"),
    ("expected ',' or ']'", "かっこ [ ] が閉じていません"),
    ("expected ',' or '}'", "かっこ { } が閉じていません"),
    ("unexpected end of stream", "ファイルが途中で終わっています（かっこや引用符が閉じていません）"),
    ("found undefined alias", "未定義の別名（*…）があります"),
)


def _yaml_problem(english: str) -> str:
    for needle, japanese in _YAML_PROBLEMS:
        if needle in english:
            return japanese
    return f"書き方に誤りがあります（YAML: {english}）"


def format_path(path: KeyPath) -> str:
    """``("kpis", 3, "owner")`` → ``kpis[3].owner``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(ファイル全体)"


# --- YAML with line numbers ------------------------------------------------------------

class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (only true/false): ``no``/``on`` stay strings."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in rs if tag != "tag:yaml.org,2002:bool"]
    for ch, rs in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


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
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(resources.files("reform_xlsx.plan").joinpath("schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


_TYPE_NAMES = {"string": "文字列", "integer": "整数", "number": "数値", "boolean": "true / false",
               "array": "リスト（- で始まる行）", "object": "「項目名: 値」の組"}


def _report_schema_error(error: jsonschema.ValidationError, report) -> None:
    path: KeyPath = tuple(error.absolute_path)
    kind = error.validator
    if kind == "required":
        key = error.message.split("'")[1]
        report(Msg.PLAN_MISSING_KEY, path + (key,), key=key)
    elif kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        for key in sorted(set(error.instance) - set(allowed)):
            near = difflib.get_close_matches(key, allowed, n=1)
            hint = f"「{near[0]}」の誤りではありませんか。" if near else f"使える項目: {', '.join(allowed)}"
            report(Msg.PLAN_UNKNOWN_KEY, path + (key,), key=key, hint=hint)
    elif kind == "type":
        types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        expected = "または".join(_TYPE_NAMES.get(t, t) for t in types)
        report(Msg.PLAN_WRONG_TYPE, path, value=_show(error.instance), expected=expected)
    elif kind == "enum":
        choices = "、".join(str(v) for v in error.validator_value)
        report(Msg.PLAN_BAD_VALUE, path, value=_show(error.instance), expected=f"{choices} のいずれかにしてください。")
    elif kind == "pattern":
        report(Msg.PLAN_BAD_VALUE, path, value=_show(error.instance),
               expected="英数字で書いてください（改革項目は 1-1-3 の形）。")
    elif kind in ("minItems", "minLength"):
        report(Msg.PLAN_BAD_VALUE, path, value=_show(error.instance), expected="空にはできません。")
    else:
        report(Msg.PLAN_BAD_VALUE, path, value=_show(error.instance), expected=f"（{kind}: {error.validator_value}）")


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return f"「{text[:40]}…」" if len(text) > 40 else f"「{text}」"


# --- building the model, with the checks the schema cannot express ------------------------

def _build(data: dict, source: str, report) -> Plan:
    def year(value: Any, path: KeyPath) -> int | None:
        try:
            return parse_fiscal_year(value)
        except FiscalYearError:
            report(Msg.PLAN_BAD_YEAR, path, value=_show(value))
            return None

    p = data["plan"]
    start = year(p["period"]["start"], ("plan", "period", "start")) or 1
    end = year(p["period"]["end"], ("plan", "period", "end")) or start
    baseline = year(p["baseline_year"], ("plan", "baseline_year")) or start
    if start > end:
        report(Msg.PLAN_PERIOD_ORDER, ("plan", "period"), start=short_fiscal_year(start),
               end=short_fiscal_year(end))

    sections = tuple(data["sections"])
    for i, name in enumerate(sections):
        if name in sections[:i]:
            report(Msg.PLAN_DUPLICATE_ID, ("sections", i), id=name, other=f"sections[{sections.index(name)}]")

    grades = tuple(Grade(g["code"], g["label"], g["definition"]) for g in data["grades"])
    codes = [g.code for g in grades]
    for i, code in enumerate(codes):
        if code in codes[:i]:
            report(Msg.PLAN_DUPLICATE_ID, ("grades", i, "code"), id=code, other=f"grades[{codes.index(code)}]")

    item_paths: dict[str, KeyPath] = {}
    areas = []
    for ai, a in enumerate(data["areas"]):
        categories = []
        for ci, c in enumerate(a["categories"]):
            items = []
            for ii, it in enumerate(c["items"]):
                path = ("areas", ai, "categories", ci, "items", ii)
                item_id = f"{a['number']}-{c['number']}-{it['number']}"
                if item_id in item_paths:
                    report(Msg.PLAN_DUPLICATE_ID, path + ("number",), id=item_id,
                           other=format_path(item_paths[item_id]))
                item_paths[item_id] = path
                for si, s in enumerate(it["sections"]):
                    if s not in sections:
                        report(Msg.PLAN_UNKNOWN_SECTION, path + ("sections", si), section=s)
                item_start = year(it["start"], path + ("start",)) if "start" in it else start
                item_end = year(it["end"], path + ("end",)) if "end" in it else end
                marker = year(it["marker"], path + ("marker",)) if "marker" in it else None
                for what, y in (("start", item_start), ("end", item_end), ("marker", marker)):
                    if y is not None and not start <= y <= end:
                        report(Msg.PLAN_YEAR_OUT_OF_PERIOD, path + (what,), what=item_id,
                               year=short_fiscal_year(y), start=short_fiscal_year(start),
                               end=short_fiscal_year(end))
                items.append(Item(
                    id=item_id, area=a["number"], category=c["number"], number=it["number"],
                    name=it["name"], continued=it.get("continued", False), content=it["content"],
                    actions=tuple(it["actions"]), sections=tuple(it["sections"]),
                    related_sections=it.get("related_sections", False),
                    start=item_start or start, end=item_end or end, marker=marker))
            categories.append(Category(a["number"], c["number"], c["name"], c.get("intro", ""), tuple(items)))
        areas.append(Area(a["number"], a["name"], a.get("intro", ""), tuple(categories)))
    items_by_id: dict[str, Item] = {}
    for i in (i for a in areas for c in a.categories for i in c.items):
        items_by_id.setdefault(i.id, i)  # a duplicate ID was reported; KPIs refer to the first

    kpis = []
    kpi_paths: dict[str, KeyPath] = {}
    for ki, k in enumerate(data["kpis"]):
        path = ("kpis", ki)
        if k["id"] in kpi_paths:
            report(Msg.PLAN_DUPLICATE_ID, path + ("id",), id=k["id"], other=format_path(kpi_paths[k["id"]]))
        kpi_paths[k["id"]] = path
        item = items_by_id.get(k["item"])
        if item is None:
            report(Msg.PLAN_UNKNOWN_ITEM, path + ("item",), kpi=k["id"], item=k["item"])
        elif k["owner"] not in item.sections:
            report(Msg.PLAN_OWNER_NOT_ON_ITEM, path + ("owner",), kpi=k["id"], owner=k["owner"],
                   item=item.id, sections="、".join(item.sections))
        rate_problems = [fld for fld in ("baseline", "target") if k["kind"] == "rate" and not 0 <= k[fld] <= 1]
        for fld in rate_problems:
            report(Msg.PLAN_RATE_RANGE, path + (fld,), kpi=k["id"], field=fld, value=k[fld])
        # A rate typed as percent also flips the apparent direction: report the cause only.
        direction = (k.get("direction") or INCREASE) if rate_problems else _direction(k, path, report)
        yearly = {}
        for key, value in (k.get("yearly_targets") or {}).items():
            y = year(key, path + ("yearly_targets", key))
            if y is not None:
                yearly[y] = value
        kpis.append(Kpi(id=k["id"], item_id=k["item"], name=k["name"], kind=k["kind"], unit=k["unit"],
                        direction=direction, cumulative=k.get("cumulative", False),
                        baseline=k["baseline"], target=k["target"], owner=k["owner"],
                        owner_assumed=k.get("owner_assumed", False), yearly_targets=yearly))

    for si, s in enumerate(sections):
        if not any(s in i.sections for i in items_by_id.values()):
            report(Msg.PLAN_NO_ITEMS_FOR_SECTION, ("sections", si), section=s)

    j = data["judgement"]
    return Plan(
        id=p["id"], version=p["version"], name=p["name"], city=p["city"], published=p.get("published", ""),
        start_year=start, end_year=end, baseline_year=baseline, headquarters=p["headquarters"],
        headquarters_note=p.get("headquarters_note", ""), committee=p.get("committee", ""),
        committee_note=p.get("committee_note", ""), office=p["office"], sections=sections,
        grades=grades, judgement=Judgement(j["achieved"], j["on_track"], j["mostly_on_track"]),
        areas=tuple(areas), kpis=tuple(kpis),
        glossary=tuple(GlossaryTerm(g["term"], g["text"]) for g in data.get("glossary", [])),
        source=source)


def _direction(k: dict, path: KeyPath, report) -> str:
    baseline, target, given = k["baseline"], k["target"], k.get("direction")
    if target == baseline:
        if given is None:
            report(Msg.PLAN_DIRECTION_NEEDED, path + ("direction",), kpi=k["id"])
            return INCREASE
        return given
    implied = INCREASE if target > baseline else DECREASE
    if given is not None and given != implied:
        report(Msg.PLAN_DIRECTION_MISMATCH, path + ("direction",), kpi=k["id"], direction=given,
               target=target, baseline=baseline, actual=implied)
    return implied
