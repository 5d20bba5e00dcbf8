"""The plan as a plan file (YAML): what ``reform-xlsx plan export 計画.yaml`` writes, and the text the
ledger keeps for a plan that came from the plan master.

:func:`plan_yaml` writes every part of the model in the plan file's format (``docs/plan-format.md``),
so that reading the text back gives the same plan (the same :func:`~reform_xlsx.plan.export.plan_digest`).
Years are written as 「R8」, long texts as ``|`` blocks; what equals the default is left out (an item's
years when they are the plan's period).
"""

from __future__ import annotations

import yaml

from reform_xlsx.plan.model import Item, Kpi, Plan
from reform_xlsx.wareki import format_period, short_fiscal_year

FORMAT = 1


class _Dumper(yaml.SafeDumper):
    """Multi-line text as a literal block (``|``), as a person writes it in a plan file; a value used twice is
    written twice, never as an alias (``&id001`` / ``*id001``: a plan file refuses aliases, P052)."""

    def ignore_aliases(self, data) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _years(start: int, end: int, default: tuple[int, int]) -> dict:
    """``start``/``end`` where they differ from ``default``, the years a plan file means without them."""
    out = {}
    if start != default[0]:
        out["start"] = short_fiscal_year(start)
    if end != default[1]:
        out["end"] = short_fiscal_year(end)
    return out


def _item(plan: Plan, item: Item) -> dict:
    actions: list[object] = []
    for n, text in enumerate(item.actions):
        phase = item.phases[n] if n < len(item.phases) else None
        if phase is None:
            actions.append(text)
        else:
            actions.append({"text": text, "start": short_fiscal_year(phase.start), "end": short_fiscal_year(phase.end),
                            **({"stage": phase.stage} if phase.stage else {})})
    out = {"number": item.number, "name": item.name, "continued": item.continued, "content": item.content,
           "actions": actions, "sections": list(item.sections), "related_sections": item.related_sections,
           **_years(item.start, item.end, (plan.start_year, plan.end_year))}
    if item.marker is not None:
        out["marker"] = short_fiscal_year(item.marker)
    return out


def _kpi(plan: Plan, kpi: Kpi) -> dict:
    out: dict = {"id": kpi.id, "item": kpi.item_id, "name": kpi.name}
    if kpi.short_name:
        out["short_name"] = kpi.short_name
    out |= {"kind": kpi.kind, "unit": kpi.unit, "direction": kpi.direction, "cumulative": kpi.cumulative,
            "baseline": kpi.baseline, "target": kpi.target}
    if kpi.yearly_targets:
        out["yearly_targets"] = {short_fiscal_year(y): v for y, v in sorted(kpi.yearly_targets.items())}
    # a KPI without years of its own has its item's (it ends with it): written only where it differs, so that a plan
    # exported and imported again still lets the KPI follow its item when a later revision moves the item's end
    item = plan.items_by_id.get(kpi.item_id)
    default = (item.start, item.end) if item is not None else (plan.start_year, plan.end_year)
    out |= {"owner": kpi.owner, "owner_assumed": kpi.owner_assumed, **_years(kpi.start, kpi.end, default)}
    return out


def plan_data(plan: Plan) -> dict:
    """The plan as a plan file's data (what YAML reads from the text :func:`plan_yaml` writes)."""
    w = plan.words
    info = {"id": plan.id, "version": plan.version, "name": plan.name, "short_name": w.title, "city": w.city,
            "reform": w.reform, "levels": {"area": w.area, "category": w.category, "item": w.item},
            "published": plan.published,
            "period": {"start": short_fiscal_year(plan.start_year), "end": short_fiscal_year(plan.end_year)},
            "baseline_year": short_fiscal_year(plan.baseline_year), "headquarters": w.headquarters,
            "headquarters_note": plan.headquarters_note, "committee": w.committee,
            "committee_note": plan.committee_note, "office": w.office}
    data: dict = {"format": FORMAT, "plan": info, "sections": list(plan.sections),
                  "grades": [{"code": g.code, "label": g.label, "definition": g.definition, "rank": g.rank,
                              "behind": g.behind} for g in plan.grades],
                  "judgement": {"achieved": plan.judgement.achieved, "on_track": plan.judgement.on_track,
                                "mostly_on_track": plan.judgement.mostly_on_track},
                  "areas": [{"number": a.number, "name": a.name, "intro": a.intro,
                             "categories": [{"number": c.number, "name": c.name, "intro": c.intro,
                                             "items": [_item(plan, i) for i in c.items]} for c in a.categories]}
                            for a in plan.areas],
                  "kpis": [_kpi(plan, k) for k in plan.kpis]}
    if plan.moves:
        data["reorganisations"] = [{"year": short_fiscal_year(m.year), "from": m.old, "to": m.new}
                                   for m in plan.moves]
    r = plan.revision
    if r.effective_year is not None or r.revised_on or r.reason:
        data["revision"] = {k: v for k, v in (
            ("date", r.revised_on), ("reason", r.reason),
            ("effective_year", short_fiscal_year(r.effective_year) if r.effective_year is not None else None))
            if v}
    if plan.glossary:
        data["glossary"] = [{"term": g.term, "text": g.text} for g in plan.glossary]
    return data


def plan_yaml(plan: Plan) -> str:
    """The plan file's text (UTF-8 YAML) that reads back as ``plan``."""
    head = (f"# {plan.name}（{format_period(plan.start_year, plan.end_year)}）版 {plan.version}\n"
            "# reform_xlsx の計画ファイル（docs/plan-format.md）。reform-xlsx plan export で書き出したもの。\n\n")
    return head + yaml.dump(plan_data(plan), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                            default_flow_style=False)
