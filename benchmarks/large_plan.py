"""A plan file of the bundled plan's shape, scaled to many sections (for the benchmarks).

``large_plan_text(1000)``: 1,000 sections (``第0001課`` …), 5 重点項目 × 5 取組区分, three items per
section (one shared with the next section), and one KPI for every second section — rates,
counts and yen, increasing and decreasing — with the bundled plan's grades and thresholds.
"""

from __future__ import annotations

import yaml

from reform_xlsx.plan.loading import bundled_plan_text

AREAS, CATEGORIES = 5, 5


def large_plan_data(sections: int) -> dict:
    bundled = yaml.safe_load(bundled_plan_text())
    names = [f"第{n + 1:04d}課" for n in range(sections)]
    items_per_category: dict[tuple[int, int], list[dict]] = {}
    kpis = []
    for n, section in enumerate(names):
        for k in range(3):
            slot = (n * 3 + k) % (AREAS * CATEGORIES)
            area, category = slot // CATEGORIES + 1, slot % CATEGORIES + 1
            bucket = items_per_category.setdefault((area, category), [])
            shared = [section] + ([names[(n + 1) % sections]] if k == 0 and sections > 1 else [])
            item = {"number": len(bucket) + 1, "name": f"{section}の改革項目{k + 1}",
                    "content": f"{section}が担当する事務の見直しを進める（{k + 1}）。",
                    "actions": [f"手続の見直し（{section}）", "電子申請の拡大"], "sections": shared,
                    "continued": k == 1, "related_sections": k == 2}
            bucket.append(item)
            if k == 0 and n % 2 == 0:
                kind = ("rate", "count", "yen")[n % 3]
                baseline, target = {"rate": (0.4, 0.6), "count": (80, 40), "yen": (100_000_000, 150_000_000)}[kind]
                kpis.append({"id": f"K{len(kpis) + 1:04d}", "item": f"{area}-{category}-{item['number']}",
                             "name": f"{section}の指標", "kind": kind,
                             "unit": {"rate": "%", "count": "件", "yen": "円"}[kind],
                             "baseline": baseline, "target": target, "owner": section})
    areas = [{"number": a, "name": f"重点項目{a}", "intro": "", "categories": [
        {"number": c, "name": f"取組区分{a}-{c}", "intro": "", "items": items_per_category.get((a, c), [])}
        for c in range(1, CATEGORIES + 1) if items_per_category.get((a, c))]} for a in range(1, AREAS + 1)]
    plan = dict(bundled["plan"], id="large-plan", version="1", name=f"{sections}課の行動計画")
    return {"format": 1, "plan": plan, "sections": names, "grades": bundled["grades"],
            "judgement": bundled["judgement"], "areas": [a for a in areas if a["categories"]], "kpis": kpis}


def large_plan_text(sections: int) -> str:
    return yaml.safe_dump(large_plan_data(sections), allow_unicode=True, sort_keys=False)
