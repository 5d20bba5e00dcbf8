"""What changed between two plans (a revision and the plan before it), as people read it.

:func:`diff_plans` gives one :class:`Change` per thing that changed, in the order the office reads
them: reorganisations (組織改正) and sections, the levels above the items (重点項目, 区分), items (added, ended, renamed, moved, their 実施時期),
KPIs (added, retired, targets, owners), the plan's own facts, the grades and thresholds, the glossary.
``reform-xlsx plan import`` prints them before the revision is stored, and the packet's
「計画の見直し」 sheet lists them for the years they are in force. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reform_xlsx.plan.master_layout import KINDS
from reform_xlsx.plan.model import Item, Kpi, Phase, Plan, action_number
from reform_xlsx.plan.reorg import reorganisations, successors
from reform_xlsx.wareki import format_fiscal_year, format_year_span, short_fiscal_year

ORGANISATION, LEVELS, ITEMS, KPIS, PLAN, GRADES, GLOSSARY = (
    "組織", "階層", "項目", "KPI", "計画", "判定基準", "用語解説")
GROUPS = (ORGANISATION, LEVELS, ITEMS, KPIS, PLAN, GRADES, GLOSSARY)
SHOWN = 40  # characters of a long text quoted in a change


@dataclass(frozen=True)
class Change:
    group: str  # one of GROUPS
    kind: str  # 「目標値の変更」
    subject: str  # 「K10 ふるさと納税による寄附額」
    before: str = ""
    after: str = ""

    @property
    def text(self) -> str:
        """「[目標値の変更] K10 ふるさと納税による寄附額: 250,000,000円 → 300,000,000円」, on one line (a name with a
        line break in it does not break the line)."""
        change = f"{self.before} → {self.after}" if self.before and self.after else self.before or self.after
        return _one_line(f"[{self.kind}] {self.subject}" + (f": {change}" if change else ""))


def _one_line(text: str) -> str:
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text


def _short(text: str, most: int = SHOWN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most] + "…"


def _years(start: int, end: int) -> str:
    return format_year_span(start, end)


def _sections(names: tuple[str, ...]) -> str:
    return "、".join(names) or "（担当課未定）"


def _organisation(old: Plan, new: Plan) -> list[Change]:
    known, now = set(reorganisations(old.moves)), set(reorganisations(new.moves))
    changes = [Change(ORGANISATION, "組織改正", r.text) for r in reorganisations(new.moves) if r not in known]
    # one withdrawn (plan import --force over L020): said, as the sections it brings back are
    changes += [Change(ORGANISATION, "組織改正の取消", r.text) for r in reorganisations(old.moves) if r not in now]
    moved = {m.old for m in new.moves} | {m.new for m in new.moves}
    moved |= {name for r in known - now for name in (*r.old, *r.new)}  # the names it changed: not added, not removed
    changes += [Change(ORGANISATION, "担当課の追加", s) for s in new.sections
                if s not in old.sections and s not in moved]
    changes += [Change(ORGANISATION, "担当課の削除", s) for s in old.sections
                if s not in new.sections and s not in moved]
    changes += _order(ORGANISATION, "組織改正の並び順の変更", "組織改正", list(old.moves), list(new.moves),
                      lambda m: f"{short_fiscal_year(m.year)} {m.old} → {m.new}")
    kept_order = [s for s in new.sections if s in old.sections]
    if kept_order != [s for s in old.sections if s in new.sections]:  # the order sheets and tables list them in
        changes.append(Change(ORGANISATION, "担当課の並び順の変更", "担当課", _sections(old.sections),
                              _sections(new.sections)))
    return changes


def _levels(old: Plan, new: Plan) -> list[Change]:
    """The 重点項目 and 区分 (in the plan's words): added, removed, renamed, their 説明."""
    out: list[Change] = []
    words = new.words
    areas = ({a.number: a for a in old.areas}, {a.number: a for a in new.areas})
    categories = ({c.key: c for a in old.areas for c in a.categories}, {c.key: c for a in new.areas for c in a.categories})
    # a 取組区分 that only repeats its 重点項目 wherever it is (a plan of two levels, Area.two_level) is added, removed
    # and renamed with it: said once, as the 重点項目's change (its 説明, which is its own, is still said)
    repeats = {key for key in categories[0].keys() | categories[1].keys()
               if all(plan.area(found[key].area).two_level for plan, found in zip((old, new), categories)
                      if key in found)}
    for word, (before, after), name in ((words.area, areas, lambda n: f"{words.area}{n}"),
                                        (words.category, categories, lambda k: f"{words.category} {k}")):
        for key, level in after.items():
            was = before.get(key)
            said = word == words.category and key in repeats  # (said as its 重点項目's)
            if was is None:
                out += [] if said else [Change(LEVELS, f"{word}の追加", f"{name(key)} {level.name}")]
                continue
            if was.name != level.name and not said:
                out.append(Change(LEVELS, f"{word}の名称の変更", name(key), was.name, level.name))
            if was.intro != level.intro:
                out.append(Change(LEVELS, f"{word}の説明の変更", name(key), _short(was.intro) or "（なし）",
                                  _short(level.intro) or "（なし）"))
        out += [Change(LEVELS, f"{word}の削除", f"{name(key)} {was.name}") for key, was in before.items()
                if key not in after and not (word == words.category and key in repeats)]
    out += _order(LEVELS, f"{words.area}の並び順の変更", words.area, [a.number for a in old.areas],
                  [a.number for a in new.areas], lambda n: f"{words.area}{n}")
    kept = {a.number: a for a in old.areas}
    for area in new.areas:
        if area.number in kept:
            out += _order(LEVELS, f"{words.category}の並び順の変更", f"{words.area}{area.number}",
                          [c.key for c in kept[area.number].categories], [c.key for c in area.categories])
    return out


def _order(group: str, kind: str, subject: str, before: list, after: list, name=str) -> list[Change]:
    """A change of the order of the things both lists have (the plan shows them in this order): the two orders, each
    in full. Empty when they come in the same order (added or removed ones are changes of their own)."""
    common = set(before) & set(after)
    was, now = [x for x in before if x in common], [x for x in after if x in common]
    if was == now:
        return []
    return [Change(group, kind, subject, _short("、".join(map(name, was)), 200), _short("、".join(map(name, now)), 200))]


def item_changes(old: Item, new: Item, plan: Plan) -> list[Change]:
    """What a revision changed of one item (its years, name, 推進内容, 主な取組 and their 実施時期, sections, marks)."""
    subject = f"{plan.item_number(new)} {new.name}"  # (「1-3」 in a plan of two levels)
    out = []
    if new.end < old.end and new.start == old.start:
        out.append(Change(ITEMS, f"{plan.words.item}の終了", subject, f"{format_fiscal_year(old.end)}まで",
                          f"{format_fiscal_year(new.end)}まで"))
    elif (new.start, new.end) != (old.start, old.end):
        out.append(Change(ITEMS, "実施年度の変更", subject, _years(old.start, old.end), _years(new.start, new.end)))
    for label, key in (("名称", "name"), ("推進内容", "content")):
        if getattr(old, key) != getattr(new, key):
            out.append(Change(ITEMS, f"{label}の変更", subject, _short(getattr(old, key)), _short(getattr(new, key))))
    order = _reordered(_actions(old), _actions(new))
    if order is not None:  # the same 主な取組 (and years), in another order: said as that
        out.append(Change(ITEMS, "主な取組の並び順の変更", subject,
                          "、".join(f"{action_number(n)}{_short(a, 20)}" for n, a in enumerate(old.actions)),
                          "、".join(action_number(n) for n in order) + " の順"))
    else:
        if old.actions != new.actions:
            out.append(Change(ITEMS, "主な取組の変更", subject, _short("／".join(old.actions)),
                              _short("／".join(new.actions))))
        if old.phases != new.phases:
            out.append(Change(ITEMS, "実施時期の変更", subject, _phases(old, plan), _phases(new, plan)))
    if old.sections != new.sections and not _renamed_after(old.sections, new.sections, plan, new.end):
        out.append(Change(ITEMS, "担当課の変更", subject, _sections(old.sections), _sections(new.sections)))
    if (old.continued, old.related_sections, old.marker) != (new.continued, new.related_sections, new.marker):
        out.append(Change(ITEMS, "項目の印の変更", subject, _marks(old), _marks(new)))
    return out


def _renamed_after(before: tuple[str, ...], after: tuple[str, ...], plan: Plan, end: int) -> bool:
    """Whether the sections ``after`` are ``before`` only renamed, merged or split by the plan's reorganisations
    that take effect after ``end`` (the last year the item or KPI is in force): no change while it is — an item
    that ended in R9 did not change section with a renaming of R10."""
    became = {name: successors(plan.moves, name, end) for name in before}
    return (all(any(s in became[name] for s in after) for name in before)
            and all(any(s in became[name] for name in before) for s in after))


def _actions(item: Item) -> list[tuple[str, Phase | None]]:
    """Each 主な取組 with its years (None: the plan gives none)."""
    return list(zip(item.actions, item.phases or (None,) * len(item.actions)))


def _reordered(old: list, new: list) -> list[int] | None:
    """The positions in ``old`` of ``new``'s elements when ``new`` is ``old`` in another order; else None."""
    if old == new or sorted(map(repr, old)) != sorted(map(repr, new)):
        return None
    left = list(range(len(old)))
    order = []
    for x in new:
        n = next(i for i in left if old[i] == x)
        left.remove(n)
        order.append(n)
    return order


NO_YEARS = "（年度なし）"  # an item whose 主な取組 the plan gives no years of their own


def _phases(item: Item, plan: Plan) -> str:
    return "、".join(item.schedule_lines(None, plan.end_year)) or NO_YEARS


def _marks(item: Item) -> str:
    marks = [m for m, on in (("継続項目", item.continued), ("関係課", item.related_sections)) if on]
    if item.marker is not None:
        marks.append(f"工程表の印 {short_fiscal_year(item.marker)}")
    return "・".join(marks) or "なし"


def _items(old: Plan, new: Plan) -> list[Change]:
    before = {i.id: i for i in old.items}
    after = {i.id: i for i in new.items}
    word = new.words.item
    out = []
    for item in new.items:
        if item.id not in before:
            out.append(Change(ITEMS, f"{word}の追加", f"{new.item_number(item)} {item.name}", "",
                              f"{format_fiscal_year(item.start)}から（{_sections(item.sections)}）"))
        else:
            out.extend(item_changes(before[item.id], item, new))
    out += [Change(ITEMS, f"{word}の削除", f"{old.item_number(i)} {i.name}", _years(i.start, i.end), "（削除）")
            for i in old.items if i.id not in after]
    kept = {c.key: c for c in old.categories}
    for category in new.categories:
        if category.key in kept:
            where = (f"{new.words.area}{category.area}" if new.area(category.area).two_level  # (its 取組区分 repeats it)
                     else f"{new.words.category} {category.key}")
            out += _order(ITEMS, f"{word}の並び順の変更", where,
                          [old.item_number(i) for i in kept[category.key].items],
                          [new.item_number(i) for i in category.items])
    return out


def _value(kpi: Kpi, value: float | None) -> str:
    return "（なし）" if value is None else kpi.display(value)


def _with_item(kpi: Kpi, plan: Plan) -> str:
    """「（改革項目 2-1-2 の終了とともに）」 when a retired KPI ends in the year its item now ends — a KPI that gives no
    years of its own ends with its item (:func:`reform_xlsx.plan.builders.build_kpi`), which the office did not write
    on the KPI's row."""
    item = plan.items_by_id.get(kpi.item_id)
    return f"（{plan.words.item} {plan.item_number(item)} の終了とともに）" if item is not None and item.end == kpi.end else ""


def _kpi(old: Kpi, new: Kpi, plan: Plan, was: Plan) -> list[Change]:
    """What a revision changed of one KPI; ``was``: the plan before, which numbers its old item (an item it has removed,
    of a 1段目 of two levels then: 「1-2」, not its ID)."""
    subject = f"{new.id} {new.name}"
    out = []
    if new.end < old.end and new.start == old.start:
        out.append(Change(KPIS, "KPI の廃止", subject, f"{format_fiscal_year(old.end)}まで",
                          f"{format_fiscal_year(new.end)}まで{_with_item(new, plan)}"))
    elif (new.start, new.end) != (old.start, old.end):
        out.append(Change(KPIS, "報告年度の変更", subject, _years(old.start, old.end), _years(new.start, new.end)))
    for label, key in (("目標値", "target"), ("基準値", "baseline")):
        if getattr(old, key) != getattr(new, key):
            out.append(Change(KPIS, f"{label}の変更", subject, _value(old, getattr(old, key)), _value(new, getattr(new, key))))
    if old.yearly_targets != new.yearly_targets:
        out.append(Change(KPIS, "年度目標値の変更", subject, _yearly(old), _yearly(new)))
    if old.owner != new.owner and not _renamed_after((old.owner,), (new.owner,), plan, new.end):
        out.append(Change(KPIS, "報告課の変更", subject, old.owner, new.owner))
    if old.owner_assumed != new.owner_assumed:
        out.append(Change(KPIS, "報告課は仮の変更", subject, _assumed(old), _assumed(new)))
    for label, key in (("指標名", "name"), ("略称", "short_name"), ("単位", "unit"), ("方向", "direction"),
                       ("種類", "kind"), ("項目", "item_id"), ("累計", "cumulative")):
        if getattr(old, key) != getattr(new, key):
            out.append(Change(KPIS, f"{label}の変更", subject, _said(key, getattr(old, key), was),
                              _said(key, getattr(new, key), plan)))
    return out


def _assumed(kpi: Kpi) -> str:
    return "仮（計画に書かれていない）" if kpi.owner_assumed else "計画のとおり"


_KIND_WORDS = {v: k for k, v in KINDS.items()}  # yen → 金額: as the plan master says it


def _said(key: str, value: object, plan: Plan) -> str:
    """A KPI's attribute as the office writes it in the plan master (金額, not yen; 累計 or not; its item's number)."""
    if key == "item_id":
        return plan.item_number(str(value))
    if key == "kind":
        return _KIND_WORDS.get(str(value), str(value))
    if key == "cumulative":
        return "累計" if value else "累計でない"
    return str(value)


def _yearly(kpi: Kpi) -> str:
    return "、".join(f"{short_fiscal_year(y)} {kpi.display(v)}" for y, v in sorted(kpi.yearly_targets.items())) \
        or "（なし: 参考（按分））"


def _kpis(old: Plan, new: Plan) -> list[Change]:
    before = {k.id: k for k in old.kpis}
    after = {k.id: k for k in new.kpis}
    out = []
    for kpi in new.kpis:
        if kpi.id not in before:
            out.append(Change(KPIS, "KPI の追加", f"{kpi.id} {kpi.name}", "",
                              f"{format_fiscal_year(kpi.start)}から（目標値 {_value(kpi, kpi.target)}、報告課 {kpi.owner}）"))
        else:
            out.extend(_kpi(before[kpi.id], kpi, new, old))
    out += [Change(KPIS, "KPI の削除", f"{k.id} {k.name}", _years(k.start, k.end), "")
            for k in old.kpis if k.id not in after]
    out += _order(KPIS, "KPI の並び順の変更", "KPI", [k.id for k in old.kpis], [k.id for k in new.kpis])
    return out


_PLAN_FACTS = (("版", "version"), ("計画名", "name"), ("公表", "published"), ("基準年度", "baseline_year"),
               ("推進本部の説明", "headquarters_note"), ("委員会の説明", "committee_note"))
_WORDS = (("略称", "title"), ("市町村", "city"), ("改革の名称", "reform"), ("推進本部", "headquarters"),
          ("委員会", "committee"), ("取りまとめ課", "office"), ("階層の呼び名（1）", "area"),
          ("階層の呼び名（2）", "category"), ("階層の呼び名（3）", "item"))


def _plan(old: Plan, new: Plan) -> list[Change]:
    out = []
    for label, key in _PLAN_FACTS:
        a, b = getattr(old, key), getattr(new, key)
        if a != b:
            shown = (short_fiscal_year(a), short_fiscal_year(b)) if key == "baseline_year" else (str(a), str(b))
            out.append(Change(PLAN, f"{label}の変更", label, *shown))
    if (old.start_year, old.end_year) != (new.start_year, new.end_year):
        out.append(Change(PLAN, "計画期間の変更", "計画期間", _years(old.start_year, old.end_year),
                          _years(new.start_year, new.end_year)))
    for label, key in _WORDS:
        a, b = getattr(old.words, key), getattr(new.words, key)
        if a != b:
            out.append(Change(PLAN, f"{label}の変更", label, a, b))
    return out


def _grades(old: Plan, new: Plan) -> list[Change]:
    out = []
    before = {g.code: g for g in old.grades}
    for g in new.grades:
        if g.code not in before:
            out.append(Change(GRADES, "進捗状況の区分の追加", g.display, "", g.definition))
        elif before[g.code] != g:
            out.append(Change(GRADES, "進捗状況の区分の変更", g.code, _grade(before[g.code]), _grade(g)))
    out += [Change(GRADES, "進捗状況の区分の削除", g.display) for g in old.grades
            if g.code not in {x.code for x in new.grades}]
    out += _order(GRADES, "進捗状況の区分の並び順の変更", "進捗状況の区分", [g.code for g in old.grades],
                  [g.code for g in new.grades])
    if old.judgement != new.judgement:
        j0, j1 = old.judgement, new.judgement
        out.append(Change(GRADES, "判定のしきい値の変更", "達成・順調・概ね順調",
                          f"{j0.achieved:g}・{j0.on_track:g}・{j0.mostly_on_track:g}",
                          f"{j1.achieved:g}・{j1.on_track:g}・{j1.mostly_on_track:g}"))
    return out


def _grade(g) -> str:
    return f"{g.display}（{_short(g.definition)}、順位 {g.rank}{'、遅れ' if g.behind else ''}）"


def _glossary(old: Plan, new: Plan) -> list[Change]:
    before = {g.term: g.text for g in old.glossary}
    after = {g.term: g.text for g in new.glossary}
    out = [Change(GLOSSARY, "用語の追加", t) for t in after if t not in before]
    out += [Change(GLOSSARY, "用語の変更", t, _short(before[t]), _short(after[t]))
            for t in after if t in before and before[t] != after[t]]
    out += [Change(GLOSSARY, "用語の削除", t) for t in before if t not in after]
    out += _order(GLOSSARY, "用語の並び順の変更", "用語解説", list(before), list(after))
    return out


def diff_plans(old: Plan, new: Plan) -> list[Change]:
    """Every change from ``old`` to ``new``, grouped (:data:`GROUPS` order); empty: the same plan (the same content,
    :func:`~reform_xlsx.plan.export.plan_digest`) — never two plans of different content with nothing listed."""
    changes = (_organisation(old, new) + _levels(old, new) + _items(old, new) + _kpis(old, new) + _plan(old, new)
               + _grades(old, new) + _glossary(old, new))
    if all(c.subject == "版" for c in changes) and _content(old) != _content(new):  # (a difference no rule above names)
        changes.append(Change(PLAN, "その他の変更", "計画", "", "上の一覧にない違いがあります（並び順など）"))
    return changes


def _content(plan: Plan) -> str:
    from reform_xlsx.plan.export import plan_digest  # (export is no dependency of the diff otherwise)

    return plan_digest(replace(plan, version=""))


def revised_kpis(old: Plan, new: Plan) -> set[str]:
    """KPIs whose figures (基準値, 目標値, 年度目標値) differ between the two plans."""
    before = {k.id: k for k in old.kpis}
    return {k.id for k in new.kpis if k.id in before
            and (k.target, k.baseline, k.yearly_targets) != (before[k.id].target, before[k.id].baseline,
                                                          before[k.id].yearly_targets)}
