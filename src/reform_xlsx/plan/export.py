"""The normalised plan as plain JSON-ready data (``reform-xlsx plan --json``), and its digest."""

from __future__ import annotations

import hashlib
import json

from reform_xlsx.plan.model import Plan
from reform_xlsx.wareki import format_fiscal_year, short_fiscal_year


def plan_to_dict(plan: Plan) -> dict:
    return {
        "plan": {
            "id": plan.id, "version": plan.version, "name": plan.name, "city": plan.city,
            "published": plan.published,
            "period": {"start": short_fiscal_year(plan.start_year), "end": short_fiscal_year(plan.end_year),
                       "display": f"{format_fiscal_year(plan.start_year)}～{format_fiscal_year(plan.end_year)}"},
            "baseline_year": short_fiscal_year(plan.baseline_year),
            "headquarters": plan.headquarters, "headquarters_note": plan.headquarters_note,
            "committee": plan.committee, "committee_note": plan.committee_note, "office": plan.office,
            "reform": plan.words.reform, "short_name": plan.words.title,
            "levels": {"area": plan.words.area, "category": plan.words.category, "item": plan.words.item},
            "source": plan.source,
        },
        "sections": [
            {"name": s, "items": [i.id for i in plan.items_for(s)], "kpis": [k.id for k in plan.kpis_for(s)]}
            for s in plan.sections
        ],
        "grades": [{"code": g.code, "label": g.label, "definition": g.definition, "rank": g.rank,
                    "behind": g.behind}
                   for g in plan.grades],
        "judgement": {"achieved": plan.judgement.achieved, "on_track": plan.judgement.on_track,
                      "mostly_on_track": plan.judgement.mostly_on_track},
        "areas": [
            {"number": a.number, "name": a.name, "intro": a.intro,
             "categories": [{"number": c.number, "name": c.name, "intro": c.intro,
                             "items": [i.id for i in c.items]} for c in a.categories]}
            for a in plan.areas
        ],
        "items": [
            {"id": i.id, "area": i.area, "category": i.category, "number": i.number, "name": i.name,
             "continued": i.continued, "content": i.content, "actions": list(i.actions),
             "sections": list(i.sections), "assigned": i.assigned, "related_sections": i.related_sections,
             "start": short_fiscal_year(i.start), "end": short_fiscal_year(i.end),
             "marker": short_fiscal_year(i.marker) if i.marker else None,
             "phases": [None if ph is None else {"start": short_fiscal_year(ph.start), "end": short_fiscal_year(ph.end),
                                                 "stage": ph.stage} for ph in i.phases],
             "kpis": [k.id for k in plan.kpis_of_item(i.id)]}
            for i in plan.items
        ],
        "kpis": [
            {"id": k.id, "item": k.item_id, "name": k.name, "short_name": k.label, "kind": k.kind, "unit": k.unit,
             "direction": k.direction, "cumulative": k.cumulative, "baseline": k.baseline,
             "target": k.target, "owner": k.owner, "owner_assumed": k.owner_assumed,
             "yearly_targets": {short_fiscal_year(y): v for y, v in sorted(k.yearly_targets.items())},
             "start": short_fiscal_year(k.start), "end": short_fiscal_year(k.end)}
            for k in plan.kpis
        ],
        "glossary": [{"term": g.term, "text": g.text} for g in plan.glossary],
        "reorganisations": [{"year": short_fiscal_year(m.year), "from": m.old, "to": m.new} for m in plan.moves],
        "revision": {"date": plan.revision.revised_on, "reason": plan.revision.reason,
                     "effective_year": short_fiscal_year(plan.effective_year)},
    }


def plan_digest(plan: Plan) -> str:
    """sha256 of the plan's content (where it was loaded from and what the revision says about itself —
    改訂日, 適用年度, 理由 — left out): same plan, same digest."""
    data = plan_to_dict(plan)
    data["plan"].pop("source", None)
    data.pop("revision", None)
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
