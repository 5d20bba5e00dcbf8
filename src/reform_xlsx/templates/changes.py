"""What is new on a section's 調査票 since last year's: the 記入要領's 「計画の見直し」.

A revision of the plan (``plan import``) adds items and KPIs, ends them, revises targets, moves items between
sections. The office sees it in the packet's 「計画の見直し」; the section only sees a form that differs from
last year's — a row more, a row gone, another 目標値 — unless the form says so. :func:`year_changes` says it,
for one section, comparing the plan in force last year with this year's (the same plan when there is no
revision: an item that starts or ends with the year is said too). Pure: no I/O.
"""

from __future__ import annotations

from reform_xlsx.plan.diff import NO_YEARS, item_changes
from reform_xlsx.plan.model import Item, Kpi, Plan
from reform_xlsx.plan.reorg import reorganisations, successors
from reform_xlsx.wareki import format_fiscal_year


def _names_last_year(previous: Plan, plan: Plan, section: str, year: int) -> tuple[str, ...]:
    """``section`` and the sections that became it with a reorganisation taking effect this year (or before), in
    ``previous``'s order (those it has). Only a section a move takes from can have become another: the others are
    not followed (for each section's form, following every section of the plan made ``templates`` grow with the
    square of a 1,000-section plan)."""
    olds = {m.old for m in plan.moves if m.year > year - 1}
    names = {section} | {s for s in olds if s != section and section in successors(plan.moves, s, year - 1)}
    return tuple(sorted((s for s in names if s in previous.sections), key=previous.sections.index))


def _active(found: Item | Kpi | None, year: int) -> Item | Kpi | None:
    return found if found is not None and found.active_in(year) else None


def _sections(names: tuple[str, ...]) -> str:
    return "、".join(names) or "担当課未定"


def _figures(kpi: Kpi) -> tuple:
    return kpi.baseline, kpi.target, tuple(sorted(kpi.yearly_targets.items()))


def _kpi_change(old: Kpi, new: Kpi, plan: Plan, year: int) -> str | None:
    if _figures(old) == _figures(new):
        return None
    said = []
    if old.target != new.target:
        said.append(f"目標値 {old.display(old.target)} → {new.display(new.target)}")
    if old.baseline != new.baseline:
        said.append(f"基準値 {old.display(old.baseline) or '（なし）'} → {new.display(new.baseline) or '（なし）'}")
    if year in new.yearly_targets and old.yearly_targets.get(year) != new.yearly_targets[year]:
        said.append(f"{format_fiscal_year(year)}の目標値 {new.display(new.yearly_targets[year])}")
    elif not plan.gives_target(new, year):
        said.append("年度目標値は新しい値から按分")
    return f"{new.id} {new.name}: " + ("、".join(said) if said else "年度目標値の変更")


# What the form says of an item it asked last year too (not its sections, said below, nor its marks)
_SAID_OF_ITEMS = ("実施年度の変更", "実施時期の変更", "名称の変更", "推進内容の変更", "主な取組の変更", "主な取組の並び順の変更")
_SEE_THE_SHEET = "が変わりました（取組状況シートの「推進内容・主な取組」の欄のとおり）"


def _item_change(change, word: str) -> str:
    """One change of an item for the 記入要領: 「実施時期 令和8～12年度 → 令和9～10年度 見直し」; the texts (推進内容,
    主な取組), cut short in the packet's list, are said changed and shown whole on the form's own sheet."""
    if change.kind in ("推進内容の変更", "主な取組の変更", "主な取組の並び順の変更"):
        return change.kind.removesuffix("の変更") + _SEE_THE_SHEET
    kind = "終了年度" if change.kind == f"{word}の終了" else change.kind.removesuffix("の変更")
    if change.kind == "実施時期の変更" and NO_YEARS in (change.before, change.after):  # 主な取組's own years given or gone
        return (f"実施時期 {change.after}（主な取組ごとの年度を示しました）" if change.before == NO_YEARS
                else f"実施時期 主な取組ごとの年度はなくなりました（前は {change.before}）")
    return f"{kind} {change.before} → {change.after}"


def _reorganised(previous: Plan, plan: Plan, year: int, section: str) -> list[str]:
    """A 組織改正 taking effect in ``year`` that made ``section`` (renamed, merged, split): the 前年度 columns of its
    form show what other sections answered, which the form said nothing of."""
    fy, last = format_fiscal_year(year), format_fiscal_year(year - 1)
    lines = []
    for event in reorganisations(plan.moves):
        if event.year != year or section not in event.new:
            continue
        olds, news = "・".join(event.old), "・".join(event.new)
        whose = olds if len(event.old) == 1 else "それぞれの課"
        if len(event.new) > 1:
            done = f"{news}に{'分かれました' if len(event.old) == 1 else '再編されました'}"
        elif len(event.old) > 1 or section in previous.sections:  # into one section (perhaps one that was there)
            done, olds, whose = f"{section}に統合されました", "・".join(s for s in event.old if s != section), "それぞれの課"
        else:
            done = f"{section}になりました"
        lines.append(f"組織改正: {fy}から{olds}は{done}（{last}の回答は{whose}のものです）")
    return lines


def year_changes(previous: Plan, plan: Plan, year: int, section: str,
                 responding: frozenset[str] = frozenset()) -> list[str]:
    """One line per change of ``section``'s 調査票 of ``year`` from last year's: items and KPIs added (or given to
    it from another section), ended (or given to another), KPIs whose 基準値・目標値 were revised. ``previous``:
    the plan in force for ``year - 1``. ``responding``: the IDs on the form's 「意見への対応」 (an ended item there
    is not said to be absent from the form). Empty in the plan's first year and when nothing changed for the section."""
    if year <= plan.start_year:
        return []
    before = year - 1
    fy, last = format_fiscal_year(year), format_fiscal_year(before)
    word = plan.words.item
    names = _names_last_year(previous, plan, section, year)
    was = {i.id: i for s in names for i in previous.items_for(s, before)}
    now = {i.id: i for i in plan.items_for(section, year)}
    lines = _reorganised(previous, plan, year, section)

    def shown(item_id: str) -> str:  # its number as the form shows it (「1-3」 in a plan of two levels)
        return (plan if item_id in plan.items_by_id else previous).item_number(item_id)

    for item_id, item in now.items():
        if item_id in was:  # on last year's form too: what a revision changed of what it is asked
            lines += [f"{shown(item_id)} {item.name}: {_item_change(c, word)}" for c in item_changes(was[item_id], item, plan)
                      if c.kind in _SAID_OF_ITEMS or c.kind == f"{word}の終了"]
            continue
        if (then := _active(previous.items_by_id.get(item_id), before)) is not None:  # answered last year by another
            kept = any(name in item.sections for s in then.sections for name in successors(plan.moves, s, before))
            given = "この課も担当します" if kept else "この課の担当です"  # shared with them, or moved here whole
            lines.append(f"{shown(item_id)} {item.name}: {fy}から{given}（{last}は{_sections(then.sections)}）")
        elif (ended := _ended_before(previous.items_by_id.get(item_id), before)) is not None:  # taken up again
            lines.append(f"{shown(item_id)} {item.name}: {fy}から再び取り組む{word}です（{ended}で終了していました）")
        else:
            lines.append(f"{shown(item_id)} {item.name}: {fy}から始まる{word}です（追加）")
    for item_id, item in was.items():
        if item_id in now:
            continue
        current = plan.items_by_id.get(item_id)
        if current is None or not current.active_in(year):
            lines.append(f"{shown(item_id)} {item.name}: {last}で終了しました（" + (
                "「意見への対応」シートで、前年度の意見・対応方針への対応だけを記入します）" if item_id in responding
                else "この調査票にはありません）"))
        else:
            lines.append(f"{shown(item_id)} {item.name}: {fy}から{_sections(current.sections)}の担当です（この調査票には"
                         "ありません）")
    kpis_was = {k.id: k for s in names for k in previous.kpis_for(s, before)}
    for kpi in plan.kpis_for(section, year):
        if kpi.id in kpis_was:
            change = _kpi_change(kpis_was[kpi.id], kpi, plan, year)
            if change:
                lines.append(change)
        elif (then := _active(previous.kpis_by_id.get(kpi.id), before)) is not None:
            lines.append(f"{kpi.id} {kpi.name}: {fy}からこの課が報告します（{last}は{then.owner}）")
        elif (ended := _ended_before(previous.kpis_by_id.get(kpi.id), before)) is not None:
            lines.append(f"{kpi.id} {kpi.name}: {fy}から再び報告する KPI です（{ended}で報告を終了していました）")
        else:
            lines.append(f"{kpi.id} {kpi.name}: {fy}から報告する KPI です（追加）")
    for kpi_id, kpi in kpis_was.items():
        if any(k.id == kpi_id for k in plan.kpis_for(section, year)):
            continue
        current = plan.kpis_by_id.get(kpi_id)
        if current is None or not current.active_in(year):
            lines.append(f"{kpi_id} {kpi.name}: {last}で報告を終了しました（この調査票にはありません）")
        else:
            lines.append(f"{kpi_id} {kpi.name}: {fy}から{current.owner}が報告します（この調査票にはありません）")
    return lines


def _ended_before(then: Item | Kpi | None, year: int) -> str | None:
    """The last year of an item or KPI of last year's plan that had ended before ``year`` (a later revision takes it
    up again: it does not begin), else None."""
    return format_fiscal_year(then.end) if then is not None and then.end < year else None


def changes_text(previous: Plan, plan: Plan, year: int, section: str,
                 responding: frozenset[str] = frozenset()) -> str | None:
    """The 記入要領's 「計画の見直し」 text, or None when nothing changed for the section."""
    lines = year_changes(previous, plan, year, section, responding)
    if not lines:
        return None
    revised = (f"（計画の見直し: 版 {plan.version}、{format_fiscal_year(plan.effective_year)}から）"
               if plan.version != previous.version else "")
    return (f"{format_fiscal_year(year - 1)}の調査票から、次の点が変わりました{revised}。\n"
            + "\n".join(f"・{line}" for line in lines))
