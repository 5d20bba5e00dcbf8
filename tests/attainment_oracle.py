"""An attainment oracle written from the words of docs/report.md (「判定のしかた」, 「基準値のない KPI」) and
docs/plan-format.md (「判定のしきい値」) only — it imports nothing of the library's attainment code — and random plans
and years built from a seed to run through real forms and ``merge`` (tests/test_attainment_oracle.py).

Each KPI of a random plan is one situation: a target above or below its baseline, a baseline of 0, none
(``baseline: null``: measured from the first reported year) or equal to the target (a 維持目標, with its direction);
kinds 割合 (%), 件数 (件・人), 金額 (円) and 件数 in 千円; actuals that go past the target, go the wrong way, or are not
reported some years. Each actual is typed as sections type it: 「１２．５％」, 「1,200件」, 「約30万円」, 「535万円」 in a KPI
of 千円, full width, with units, or a plain number.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from fractions import Fraction

YEARS = (2026, 2027, 2028, 2029, 2030)  # 令和8～12年度
BASE_YEAR, END_YEAR = 2024, 2030  # 基準年度 令和6年度, 目標年度 令和12年度
VERDICTS = ("達成", "順調", "概ね順調", "遅れ", "未報告")
FULL = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")


@dataclass
class KpiCase:
    id: str
    item: str
    owner: str
    kind: str  # rate / count / yen
    unit: str
    baseline: Fraction | None
    target: Fraction
    direction: str
    actuals: dict[int, Fraction | None]  # the true value per year (None: not reported)
    typed: dict[int, object] = field(default_factory=dict)  # what the section types per year


@dataclass
class Case:
    seed: int
    thresholds: tuple[Fraction, Fraction, Fraction]  # achieved, on_track, mostly_on_track
    sections: tuple[str, ...]
    items: dict[str, tuple[str, ...]]  # item ID → its sections, areas 1 and 2
    kpis: list[KpiCase]
    grades: dict[tuple[int, str, str], str]  # (year, section, item) → grade code (absent: the section is silent)
    yen: dict[tuple[int, str, str], int]  # (year, section, item) → 財政効果額 (absent: blank)
    silent: dict[int, tuple[str, ...]]  # sections that send nothing that year


def _percent_text(value: Fraction) -> str:
    return f"{float(value * 100):g}"


def _typed(rng: random.Random, kind: str, unit: str, value: Fraction):
    """``value`` as a section might type it in the 実績値 cell (a value the intake reads exactly, no error)."""
    if kind == "rate":
        shown = _percent_text(value)
        choices = [f"{shown}%", f"{shown}％".translate(FULL), float(value), f"{shown} %"]
        tenths = value * 1000
        if tenths.denominator == 1 and 0 < tenths < 1000:  # 歩合: 「3割2分5厘」
            digits = f"{int(tenths):03d}"
            choices.append("".join(f"{d}{p}" for d, p in zip(digits, "割分厘") if d != "0"))
        return rng.choice(choices)
    n = int(value)
    grouped = f"{n:,}"
    if unit == "千円":
        yen = n * 1000
        choices = [f"{grouped}千円", n, f"{grouped}".translate(FULL) + "千円"]
        if yen % 10_000 == 0 and yen:  # (「0万円」 is no number: V003)
            choices += [f"{yen // 10_000}万円", f"約{yen // 10_000:,}万円"]
        return rng.choice(choices)
    choices = [f"{grouped}{unit}", f"{grouped}{unit}".translate(FULL), n, f"約{grouped}{unit}", f"{n}"]
    if unit == "円" and n % 10_000 == 0 and n:
        choices += [f"約{n // 10_000}万円", f"{n // 10_000}万円"]
    return rng.choice(choices)


def _value(rng: random.Random, kind: str, low: Fraction, high: Fraction) -> Fraction:
    """A value between ``low`` and ``high`` (either order, a little beyond), on the KPI's grid."""
    lo, hi = sorted((low, high))
    span = max(hi - lo, _grid(kind) * 10)
    x = lo - span * Fraction(3, 10) + span * Fraction(rng.randint(0, 160), 100)
    if kind == "rate":
        x = max(Fraction(0), min(Fraction(1), x))
    else:
        x = max(Fraction(0), x)
    g = _grid(kind)
    return Fraction(round(x / g)) * g


def _grid(kind: str) -> Fraction:
    return {"rate": Fraction(1, 1000), "count": Fraction(1), "yen": Fraction(10_000), "thousand": Fraction(10)}[kind]


def build(seed: int) -> Case:
    rng = random.Random(seed)
    achieved = Fraction(rng.choice([100, 100, 95, 90]), 100)
    on_track = Fraction(rng.choice([100, 100, 90, 110]), 100)
    mostly = Fraction(rng.choice([80, 80, 70, 50]), 100) * on_track
    sections = ("企画課", "財政課", "市民課")
    items = {"1-1-1": ("企画課",), "1-1-2": ("市民課", "企画課"), "2-1-1": ("財政課",), "2-1-2": ("財政課", "市民課")}
    kpis = []
    for n in range(rng.randint(5, 8)):
        kind_key = rng.choice(["rate", "count", "yen", "thousand"])
        kind, unit = {"rate": ("rate", "%"), "count": ("count", rng.choice(["件", "人"])), "yen": ("yen", "円"),
                      "thousand": ("count", "千円")}[kind_key]
        scale = {"rate": Fraction(1), "count": Fraction(rng.choice([50, 1200, 30000])),
                 "yen": Fraction(rng.choice([3_000_000, 150_000_000])), "thousand": Fraction(rng.choice([5000, 800_000]))}
        big = scale[kind_key]
        g = _grid(kind_key)
        situation = rng.choice(["up", "down", "zero", "null", "same", "edge", "edge"])
        a, b = (Fraction(rng.randint(5, 60), 100) * big, Fraction(rng.randint(40, 95), 100) * big)
        a, b = Fraction(round(a / g)) * g, Fraction(round(b / g)) * g
        if a == b:
            b += g * 5
        if situation == "up":
            baseline, target = a, b
        elif situation == "down":
            baseline, target = b, a
        elif situation == "zero":
            baseline, target = Fraction(0), b
        elif situation == "null":
            baseline, target = None, rng.choice([a, b])
        elif situation == "same":
            baseline = target = b
        else:  # a span of 600 steps: every threshold × e (e in sixths, thresholds in hundredths) is on the grid
            low = Fraction(rng.randint(1, 30), 100) * big // g * g
            baseline, target = (low, low + 600 * g * (1 if kind == "rate" else rng.randint(1, 3)))[::rng.choice([1, -1])]
        direction = ("増加" if target > baseline else "減少") if baseline is not None and target != baseline \
            else rng.choice(["増加", "減少"])
        start = baseline if baseline is not None else (b if direction == "増加" and target == a else a)
        if baseline is None:  # a first actual on either side of the target, now and then at it
            start = rng.choice([a, b, target])
        actuals: dict[int, Fraction | None] = {}
        previous = start
        for i, year in enumerate(YEARS):
            goal = start + (target - start) * Fraction(i + 1, len(YEARS))
            previous = _value(rng, kind_key, previous, goal) if rng.random() < 0.8 else previous
            actuals[year] = previous
            if situation == "edge" and rng.random() < 0.6:  # exactly at a threshold of the year: 達成, 順調 or 概ね順調
                e = Fraction(year - BASE_YEAR, END_YEAR - BASE_YEAR)
                achieved_at, on_track_at, mostly_at = achieved, on_track * e, mostly * e
                m = rng.choice([achieved_at, on_track_at, mostly_at])
                if baseline + (target - baseline) * m >= 0:
                    actuals[year] = previous = baseline + (target - baseline) * m
        item = list(items)[n % len(items)]
        kpis.append(KpiCase(f"K{n + 1:02d}", item, rng.choice(items[item]), kind, unit, baseline, target, direction,
                            actuals))
    silent = {y: tuple(s for s in sections if rng.random() < 0.15) for y in YEARS}
    for k in kpis:
        k.actuals = {y: None if k.owner in silent[y] else v for y, v in k.actuals.items()}
        k.typed = {y: _typed(rng, k.kind, k.unit, v) for y, v in k.actuals.items() if v is not None}
    grades, yen = {}, {}
    for y in YEARS:
        for item, secs in items.items():
            for s in secs:
                if s in silent[y]:
                    continue
                grades[(y, s, item)] = rng.choice("ABCDE")
                if rng.random() < 0.6:
                    yen[(y, s, item)] = rng.randint(0, 50) * 10_000 + rng.randint(1, 99)
    return Case(seed, (achieved, on_track, mostly), sections, items, kpis, grades, yen, silent)


def plan_yaml(case: Case) -> str:
    """The plan of ``case`` as a plan file."""
    achieved, on_track, mostly = case.thresholds
    lines = [
        "format: 1", "plan:", "  id: oracle-test", '  version: "2026-01"', "  name: 検算市行政改革推進計画",
        "  city: 検算市", "  reform: 行政改革", "  published: 令和8年3月", "  period: {start: R8, end: R12}",
        "  baseline_year: R6", "  headquarters: 検算市行政改革推進本部", "  office: 企画課",
        "sections: [" + ", ".join(case.sections) + "]",
        "grades:",
    ]
    for code, label, behind in (("A", "計画どおり", False), ("B", "概ね計画どおり", False), ("C", "遅れ", True),
                                ("D", "未着手", True), ("E", "完了", False)):
        lines += [f"  - code: {code}", f"    label: {label}", f"    definition: {label}の取組",
                  *(["    behind: true"] if behind else [])]
    lines += ["judgement:", f"  achieved: {float(achieved)}", f"  on_track: {float(on_track)}",
              f"  mostly_on_track: {float(mostly)}", "areas:"]
    for area in (1, 2):
        lines += [f"  - number: {area}", f"    name: 重点{area}", "    categories:", "      - number: 1",
                  f"        name: 区分{area}", "        items:"]
        for item, secs in case.items.items():
            if item.startswith(f"{area}-"):
                lines += [f"          - number: {item.rsplit('-', 1)[1]}", f"            name: 項目{item}",
                          f"            content: 項目{item}を進める。", "            actions: [取組]",
                          f"            sections: [{', '.join(secs)}]"]
    lines.append("kpis:")
    for k in case.kpis:
        base = "null" if k.baseline is None else _yaml_number(k.baseline)
        lines += [f"  - id: {k.id}", f"    item: {k.item}", f"    name: 指標{k.id}", f"    kind: {k.kind}",
                  f'    unit: "{k.unit}"', f"    baseline: {base}", f"    target: {_yaml_number(k.target)}",
                  f"    direction: {k.direction}", f"    owner: {k.owner}"]
    return "\n".join(lines) + "\n"


def _yaml_number(x: Fraction) -> str:
    return str(int(x)) if x.denominator == 1 else repr(float(x))


# --- the oracle: docs/report.md 「判定のしかた」 and 「基準値のない KPI」 in its own words -----------------------------

@dataclass(frozen=True)
class Judged:
    baseline: Fraction | None  # b (the plan's, or the first reported year's actual)
    base_year: int | None
    expected: Fraction | None  # e
    year_target: Fraction | None  # b + (t − b)·e; the plan's target in its last year
    progress: Fraction | None  # p; None when not worked out
    verdict: str


def _r6(x: Fraction) -> Fraction:
    """A number rounded to 6 decimals, as 「比較は小数 6 桁に丸めて行います」 (half away from zero)."""
    scaled = x * 10**6
    whole = abs(scaled).numerator // abs(scaled).denominator
    if abs(scaled) - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole if scaled >= 0 else -whole, 10**6)


def judge(k: KpiCase, year: int, thresholds) -> Judged:
    achieved, on_track, mostly = thresholds
    a = k.actuals.get(year)
    t = k.target
    if k.baseline is not None:
        b, y0 = k.baseline, BASE_YEAR
    else:
        first = next((y for y in YEARS if y <= year and k.actuals.get(y) is not None), None)
        if first is None:  # never reported: base, 年度目標値 and 期待進捗 blank; the last year's target is the plan's
            return Judged(None, None, None, t if year == END_YEAR else None, None, "未報告")
        b, y0 = k.actuals[first], first
    e = Fraction(1) if y0 == END_YEAR else Fraction(year - y0, END_YEAR - y0)
    year_target = t if year == END_YEAR else b + (t - b) * e
    reached = k.baseline is None and (b >= t if k.direction == "増加" else b <= t)  # the base was at the target
    p = None if a is None or t == b or reached else (a - b) / (t - b)  # then no 進捗率 (遅れ or 達成)
    if a is None:
        verdict = "未報告"
    elif k.baseline is not None and t == b:  # 維持目標
        verdict = "達成" if (a >= t if k.direction == "増加" else a <= t) else "遅れ"
    elif k.baseline is None and (a >= t if k.direction == "増加" else a <= t):
        verdict = "達成"
    elif reached:
        verdict = "遅れ"
    elif _r6(p) >= _r6(achieved):
        verdict = "達成"
    elif _r6(p) >= _r6(e * on_track):
        verdict = "順調"
    elif _r6(p) >= _r6(e * mostly):
        verdict = "概ね順調"
    else:
        verdict = "遅れ"
    return Judged(b, y0, e, year_target, p, verdict)


def half_up(x: Fraction, digits: int) -> Fraction:
    """``x`` rounded to ``digits`` decimals, 5 away from zero (docs/report.md: as Excel and LibreOffice show it)."""
    scaled = abs(x) * 10**digits
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole if x >= 0 else -whole, 10**digits)


def shown(k: KpiCase, x: Fraction) -> str:
    """A KPI value as the packet shows it: a rate in % with one decimal, a count or an amount whole, 3-digit groups."""
    if k.kind == "rate":
        return f"{float(half_up(x * 100, 1)):.1f}%"
    return f"{int(half_up(x, 0)):,}"


def csv_number(k: KpiCase, x: Fraction, rounded: bool = False) -> Fraction:
    """A KPI value as the 公表用 CSV writes it: a rate as its % number; 年度目標値 (``rounded``) as shown."""
    value = x * 100 if k.kind == "rate" else x
    return half_up(value, 1 if k.kind == "rate" else 0) if rounded else value


def area_of(item: str) -> str:
    return item.split("-", 1)[0]


def summary_counts(case: Case, year: int) -> dict[str, dict[str, object]]:
    """What 総括 counts for each 重点項目 (and 合計): grades A～E and 未回答 by answer (item × section), KPI 判定 by
    KPI, 財政効果額 summed over the answers accepted."""
    out: dict[str, dict[str, object]] = {}
    for key in ("1", "2", "合計"):
        out[key] = {**{c: 0 for c in "ABCDE"}, "未回答": 0, **{v: 0 for v in VERDICTS}, "財政効果額": 0}
    for item, secs in case.items.items():
        for s in secs:
            code = case.grades.get((year, s, item), "未回答")
            for key in (area_of(item), "合計"):
                out[key][code] += 1
                out[key]["財政効果額"] += case.yen.get((year, s, item), 0) if s not in case.silent[year] else 0
    for k in case.kpis:
        verdict = judge(k, year, case.thresholds).verdict
        for key in (area_of(k.item), "合計"):
            out[key][verdict] += 1
    return out


def last_verdict(case: Case, k: KpiCase) -> str:
    """計画期間の総括's 判定: that of the last year the KPI was reported (未報告 if never)."""
    reported = [y for y in YEARS if k.actuals.get(y) is not None]
    return judge(k, reported[-1], case.thresholds).verdict if reported else "未報告"


def features(case: Case) -> set[str]:
    """What ``case`` puts to the library (a test's seed is chosen to hold them all, and says so)."""
    found = set()
    for k in case.kpis:
        found.add(k.unit if k.unit in ("千円", "%", "円") else "件数")
        found |= {"基準値なし"} if k.baseline is None else set()
        found |= {"基準値なし・初年度未報告"} if k.baseline is None and k.actuals[YEARS[0]] is None else set()
        found |= {"基準値 0"} if k.baseline == 0 else set()
        found |= {"維持目標"} if k.baseline is not None and k.baseline == k.target else set()
        found |= {"減少"} if k.baseline is not None and k.target < k.baseline else set()
        for y in YEARS:
            j, typed = judge(k, y, case.thresholds), k.typed.get(y)
            found.add(j.verdict)
            if j.progress is not None and k.actuals[y] is not None:
                achieved, on_track, mostly = case.thresholds
                if j.progress in (achieved, on_track * j.expected, mostly * j.expected) and j.progress > 0:
                    found.add("しきい値ちょうど")
                found |= {"逆方向"} if j.progress < 0 else set()
                found |= {"目標超え"} if j.progress > 1 else set()
            if isinstance(typed, str):
                found |= {w for w in ("割", "約", "％", "，") if w in typed}
                found |= {"千円の欄に万円"} if k.unit == "千円" and "万円" in typed else set()
    found |= {"未提出の課"} if any(case.silent.values()) else set()
    found |= {"しきい値の変更"} if case.thresholds != (1, 1, Fraction(4, 5)) else set()
    return found
