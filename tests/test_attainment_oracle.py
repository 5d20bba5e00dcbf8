"""Every KPI figure a meeting member reads, against an oracle written from the docs' words (tests/attainment_oracle.py),
over random plans and five years: forms made with ``templates --db`` (history carries), filled as sections type
(「１２．５％」「1,200件」「約30万円」「535万円」 in a KPI of 千円), ``merge`` for 令和8～12年度; then the meeting workbook's
KPI達成状況 (cached and recalculated by LibreOffice), KPI推移 (実績値・年度目標値 of each year), 総括 (進捗状況・KPI 判定
counts per 重点項目, 財政効果額), 概要's KPI sentence, the 公表用 KPI CSV; at 令和12年度 計画期間の総括 and the PDF's
KPI達成状況 and 総括 text.

A seeded handful per run (SEEDS); ``python tests/test_attainment_oracle.py FIRST LAST`` explores more seeds (no PDF or
recalculation) and prints each disagreement.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from attainment_oracle import (
    END_YEAR,
    VERDICTS,
    YEARS,
    Case,
    KpiCase,
    build,
    csv_number,
    features,
    half_up,
    judge,
    last_verdict,
    plan_yaml,
    shown,
    summary_counts,
)
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.templates.fill import fill_template
from reform_xlsx.wareki import format_fiscal_year

# Seed 112 holds every situation below (FEATURES); others: ORACLE_SEEDS="3 17" (each takes about a minute).
SEEDS = tuple(int(s) for s in os.environ.get("ORACLE_SEEDS", "112").split())
FEATURES = {"千円", "%", "円", "件数", "基準値なし", "基準値なし・初年度未報告", "基準値 0", "維持目標", "減少", *VERDICTS,
            "しきい値ちょうど", "逆方向", "目標超え", "割", "約", "％", "，", "千円の欄に万円", "未提出の課", "しきい値の変更"}
PACKET = "行政改革推進本部会議資料"


def run_years(case: Case, root: Path, pdf: bool = True, years: tuple[int, ...] = YEARS) -> dict[int, Path]:
    """``case`` through ``years`` (令和8～12年度): templates --db, the forms filled, merge (--public; --pdf in the
    last year). Each year's output folder."""
    plan = root / "plan.yaml"
    plan.write_text(plan_yaml(case), encoding="utf-8")
    db, outs = root / "reform.db", {}
    for year in years:
        r = f"R{year - 2018}"
        forms, inbox = root / f"調査票{year}", root / f"受信{year}"
        inbox.mkdir()
        assert main(["templates", "--year", r, "--db", str(db), "--plan", str(plan), "--out", str(forms),
                     "--deadline", f"{year + 1}-05-19"]) == 0
        for path in sorted(forms.glob("*.xlsx")):
            section = path.stem.rsplit("_", 1)[1]
            if section in case.silent[year]:
                continue
            items = {}
            for item, secs in case.items.items():
                if section in secs:
                    items[item] = {"進捗状況": case.grades[(year, section, item)], "取組実績": "進めた。",
                                   "課題・今後の方針": "続ける。"}
                    if (year, section, item) in case.yen:
                        items[item]["財政効果額（円）"] = case.yen[(year, section, item)]
            items[layout.RESPONDENT_ID] = {"担当者": "担当", "内線": "1234", "メール": "kaikaku@example.jp"}
            found = {layout.SHEET_ITEMS: items}
            kpis = {k.id: {"実績値": k.typed[year]} for k in case.kpis if k.owner == section and year in k.typed}
            if kpis:
                found[layout.SHEET_KPI] = kpis
            fill_template(path, found, inbox / path.name)
        outs[year] = root / f"出力{year}"
        argv = ["merge", str(inbox), "--year", r, "--db", str(db), "--out", str(outs[year]), "--public"]
        assert main(argv + (["--pdf"] if pdf and year == END_YEAR else [])) == (1 if case.silent[year] else 0)
    return outs


def _rows(path: Path, sheet: str) -> list[list]:
    return [list(r) for r in openpyxl.load_workbook(path, data_only=True)[sheet].iter_rows(values_only=True)]


def _table(rows: list[list], first: str) -> tuple[list[str], dict[str, list]]:
    """The table whose header row starts with ``first``: its headers (first line of each) and rows by first cell."""
    at = next(n for n, r in enumerate(rows) if r[0] == first)
    header = [str(h).split("\n")[0] if h is not None else "" for h in rows[at]]
    body = {}
    for r in rows[at + 1:]:
        if r[0] in (None, "") and r[1] in (None, ""):
            break
        body[str(r[0]) or str(r[1])] = r
    return header, body


def _near(got, want: Fraction | None) -> bool:
    if want is None:
        return got in (None, "")
    return isinstance(got, (int, float)) and not isinstance(got, bool) and abs(got - float(want)) <= 1e-9 * max(
        1, abs(float(want)))


def kpi_sheet(case: Case, year: int, path: Path, label: str) -> list[str]:
    """KPI達成状況 of ``path`` against the oracle: 期待進捗 e, 基準値, 目標値, 年度目標値, 実績値, 進捗率, 判定."""
    rows, bad = _rows(path, "KPI達成状況"), []
    header, body = _table(rows, "KPI ID")
    col = {h: n for n, h in enumerate(header)}
    at = next(n for n, r in enumerate(rows) if "期待進捗 e" in r)
    e_shown = rows[at + 1][rows[at].index("期待進捗 e")]
    if not _near(e_shown, Fraction(year - 2024, END_YEAR - 2024)):
        bad.append(f"{label} {year} 期待進捗 e {e_shown}")
    for k in case.kpis:
        j, row = judge(k, year, case.thresholds), body.get(k.id)
        if row is None:
            bad.append(f"{label} {year} {k.id}: no row")
            continue
        for name, want in (("基準値", j.baseline), ("目標値", k.target), ("年度目標値", j.year_target),
                           ("実績値", k.actuals[year]), ("進捗率", j.progress)):
            if not _near(row[col[name]], want):
                bad.append(f"{label} {year} {k.id} {name}: {row[col[name]]!r}, oracle {want and float(want)}")
        if row[col["判定"]] != j.verdict:
            bad.append(f"{label} {year} {k.id} 判定: {row[col['判定']]}, oracle {j.verdict} ({k})")
        compared = year > YEARS[0] and set(case.silent[year - 1]) != set(case.sections)
        if compared != ("前年度" in col):
            bad.append(f"{label} {year}: 前年度 column {'前年度' in col}, oracle {compared}")
        elif compared:  # 前年度 and 増減 (a rate's in points)
            a, before = k.actuals[year], k.actuals[year - 1]
            change = None if a is None or before is None else (a - before) * (100 if k.kind == "rate" else 1)
            for name, want in (("前年度", before), ("増減", change)):
                if not _near(row[col[name]], want):
                    bad.append(f"{label} {year} {k.id} {name}: {row[col[name]]!r}, oracle {want}")
    return bad


def trend_sheet(case: Case, year: int, path: Path) -> list[str]:
    """KPI推移: 「実績値の推移」 (判定, 進捗率, the KPI's own 期待進捗, the base in the 基準年度's column for a plan's
    baseline, each year's actual so far) and 「年度目標値の推移」 (b + (t − b)·e of each year, the plan's target
    last)."""
    rows, bad = _rows(path, "KPI推移"), []
    starts = [n for n, r in enumerate(rows) if r[0] == "KPI ID"]
    tables = []
    for at in starts[:2]:
        header = [str(h).split("\n")[0] if h is not None else "" for h in rows[at]]
        body = {}
        for r in rows[at + 1:]:
            if r[0] in (None, ""):
                break
            body[str(r[0])] = dict(zip(header, r))
        tables.append(body)
    actual_rows, target_rows = tables
    base_column = format_fiscal_year(2024)
    for k in case.kpis:
        j, row = judge(k, year, case.thresholds), actual_rows[k.id]
        want = {"進捗率": j.progress, "期待進捗": j.expected,
                base_column: k.baseline,
                **{format_fiscal_year(y): k.actuals[y] if y <= year else None for y in YEARS}}
        for name, value in want.items():
            if not _near(row[name], value):
                bad.append(f"KPI推移 {year} {k.id} {name}: {row[name]!r}, oracle {value}")
        if row["判定"] != j.verdict:
            bad.append(f"KPI推移 {year} {k.id} 判定: {row['判定']}, oracle {j.verdict}")
        for y in YEARS:
            target = judge(k, max(y, year) if k.baseline is None else y, case.thresholds)
            want_target = year_target(case, k, y, year)
            got = target_rows[k.id][format_fiscal_year(y)]
            if not _near(got, want_target):
                bad.append(f"KPI推移 {year} {k.id} 年度目標値 {y}: {got!r}, oracle {want_target} ({target})")
    return bad


def year_target(case: Case, k, y: int, seen: int) -> Fraction | None:
    """The 年度目標値 of year ``y`` as the packet of year ``seen`` draws it: from the plan's base, or from the first
    year reported by ``seen`` for a KPI without one (none before that year, nor at all if never reported)."""
    if y == END_YEAR:
        return k.target
    if k.baseline is not None:
        return k.baseline + (k.target - k.baseline) * Fraction(y - 2024, END_YEAR - 2024)
    first = next((x for x in YEARS if x <= seen and k.actuals[x] is not None), None)
    if first is None or y < first:
        return None
    b = k.actuals[first]
    return b + (k.target - b) * Fraction(y - first, END_YEAR - first)


def overview(case: Case, year: int, path: Path) -> list[str]:
    """概要's KPI sentence: the number of KPIs per 判定 and 期待進捗."""
    text = "\n".join(str(v) for r in _rows(path, "概要") for v in r if v is not None)
    counts = summary_counts(case, year)["合計"]
    e = half_up(Fraction(year - 2024, END_YEAR - 2024) * 100, 1)
    want = (f"KPI {len(case.kpis)} 指標の判定は、達成 {counts['達成']}、順調 {counts['順調']}、概ね順調 {counts['概ね順調']}、"
            f"遅れ {counts['遅れ']}、未報告 {counts['未報告']} です（期待進捗 {float(e):.1f}%）。")
    wants = [want]
    for k in case.kpis:
        j, a = judge(k, year, case.thresholds), k.actuals[year]
        if j.verdict == "遅れ":
            progress = "" if j.progress is None else f"、進捗率 {progress_shown(j.progress)}"  # 「-1200.0%」
            kind = "" if year == END_YEAR else "・参考（按分）"
            wants.append(f"・指標{k.id}: 実績値 {unit_shown(k, a)}{progress}（年度目標値 {unit_shown(k, j.year_target)}{kind}）")
        elif j.verdict == "未報告":
            wants.append(f"・指標{k.id}（報告課 {k.owner}）: 実績値の報告なし")
    if year > YEARS[0] and set(case.silent[year - 1]) != set(case.sections):
        moves = []
        for k in case.kpis:
            a, before = k.actuals[year], k.actuals[year - 1]
            if a is not None and before is not None:
                moves.append((a > before) - (a < before) if k.direction == "増加" else (a < before) - (a > before))
        wants.append(f"前年度から実績値が目標の方向に進んだ指標 {moves.count(1)}、逆に進んだ指標 {moves.count(-1)}、"
                     f"変わらない指標 {moves.count(0)}（前年度と今年度の両方に実績値がある {len(moves)} 指標）。")
    return [f"概要 {year}: no 「{w}」" for w in wants if w not in text]


def progress_shown(p: Fraction) -> str:
    """A 進捗率 as KPI達成状況 shows it, and 概要 too: 「-1200.0%」 (no separators), beyond ±10000 % in words."""
    if abs(p) > 100:
        return "10000%超" if p > 0 else "-10000%未満"
    return f"{float(half_up(p * 100, 1)):.1f}%"


def unit_shown(k: KpiCase, x: Fraction) -> str:
    """A KPI value with its unit, as 概要 writes it: 「40.8%」, 「1,930千円」, 「1,620,000円」."""
    return shown(k, x) if k.kind == "rate" else f"{shown(k, x)}{k.unit}"


def summary_sheet(case: Case, year: int, path: Path) -> list[str]:
    """総括: per 重点項目 and 合計, the 進捗状況 counts, KPI 判定 counts and 財政効果額."""
    rows, bad = _rows(path, "総括"), []
    header, body = _table(rows, "重点項目")
    want = summary_counts(case, year)
    for key, name in (("1", "重点項目1"), ("2", "重点項目2"), ("合計", "合計")):
        row = dict(zip(header, body[name]))
        got = {c: row[f"{c}"] for c in "ABCDE"} | {v: row[v] for v in ("未回答", "達成", "順調", "概ね順調", "遅れ",
                                                                       "未報告")} | {"財政効果額": row["合計（円）"]}
        if got != want[key]:
            bad.append(f"総括 {year} {name}: {got} oracle {want[key]}")
    return bad


def public_csv(case: Case, year: int, out: Path) -> list[str]:
    """The 公表用 KPI CSV: 基準値 and its kind and year, 年度目標値 as shown, 実績値, 進捗率（%） to one decimal, 判定."""
    path = next(out.glob("*_公表用_KPI.csv"))
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = {r["KPI ID"]: r for r in csv.DictReader(f)}
    bad = []
    for k in case.kpis:
        j, row = judge(k, year, case.thresholds), rows[k.id]

        def number(text: str) -> Fraction | None:
            return None if text == "" else Fraction(text)

        want = {
            "基準値": None if j.baseline is None else csv_number(k, j.baseline),
            "基準値の種別": "計画" if k.baseline is not None else ("初回の実績" if j.baseline is not None else ""),
            "基準年度（西暦）": None if j.base_year is None else Fraction(j.base_year),
            "目標値": csv_number(k, k.target),
            "年度目標値": None if j.year_target is None else csv_number(k, j.year_target, rounded=True),
            "実績値": None if k.actuals[year] is None else csv_number(k, k.actuals[year]),
            "進捗率（%）": None if j.progress is None or k.actuals[year] is None else half_up(j.progress * 100, 1),
            "判定": j.verdict,
        }
        for name, value in want.items():
            got = row[name] if isinstance(value, str) else number(row[name])
            if got != value:
                bad.append(f"CSV {year} {k.id} {name}: {row[name]!r}, oracle {value}")
    return bad


def period_sheet(case: Case, path: Path) -> list[str]:
    """計画期間の総括: per KPI the base (with 「＊」 when taken from the first report), each year's actual, the target,
    the 判定 of the last year reported; the 財政効果額 per 重点項目 and year, and their 計."""
    rows, bad = _rows(path, "計画期間の総括"), []
    header, body = _table(rows, "KPI ID")
    col = {h: n for n, h in enumerate(header)}
    for k in case.kpis:
        row = body[k.id]
        first = next((y for y in YEARS if k.actuals[y] is not None), None)
        base = k.baseline if k.baseline is not None else (None if first is None else k.actuals[first])
        checks = [("基準値", base), ("目標値", k.target)] + [(format_fiscal_year(y), k.actuals[y]) for y in YEARS]
        for name, want in checks:
            if not _near(row[col[name]], want):
                bad.append(f"計画期間の総括 {k.id} {name}: {row[col[name]]!r}, oracle {want}")
        if row[col["判定"]] != last_verdict(case, k):
            bad.append(f"計画期間の総括 {k.id} 判定: {row[col['判定']]}, oracle {last_verdict(case, k)}")
    header, body = _table(rows, "重点項目")
    col = {h: n for n, h in enumerate(header)}
    for key, name in (("1", "1"), ("2", "2"), ("合計", "")):
        row = body[name or "合計"]
        years = {y: summary_counts(case, y)[key]["財政効果額"] for y in YEARS}
        total = sum(years.values())
        years |= {y: None for y in YEARS if set(case.silent[y]) == set(case.sections)}  # no section answered: blank
        got = {y: row[col[format_fiscal_year(y)]] for y in YEARS}
        if got != years or row[col["計"]] != total:
            bad.append(f"計画期間の総括 財政効果額 {key}: {got} 計 {row[col['計']]}, oracle {years}")
    return bad


def pdf_text(case: Case, pdf: Path) -> list[str]:
    """The printed KPI達成状況 of 令和12年度: each KPI's line reads the figures the oracle shows."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    page = next(p for p in text.split("\f") if "判定の条件" in p)
    lines = {line.split()[0]: line.split() for line in page.splitlines() if line.split()[:1] and
             line.split()[0] in {k.id for k in case.kpis}}
    bad = []
    for k in case.kpis:
        j, words = judge(k, END_YEAR, case.thresholds), lines.get(k.id)
        want = [shown(k, j.baseline) + ("＊" if k.baseline is None else "") if j.baseline is not None else None,
                shown(k, k.target), shown(k, j.year_target) if j.year_target is not None else None,
                shown(k, k.actuals[END_YEAR]) if k.actuals[END_YEAR] is not None else None,
                f"{float(half_up(j.progress * 100, 1)):.1f}%" if j.progress is not None and k.actuals[END_YEAR] is
                not None else None, j.verdict]
        want = [w for w in want if w is not None]
        if words is None or any(w not in words for w in want):
            bad.append(f"PDF {k.id}: {words}, oracle {want}")
    return bad


def pdf_summary(case: Case, pdf: Path) -> list[str]:
    """The printed 総括 of 令和12年度: per 重点項目 and 合計 the counts (A～E, 未回答, 達成…未報告) and 財政効果額, and the
    年度別の推移 row of each year."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    page = next(p for p in text.split("\f") if p.strip() and p.strip().splitlines()[0].endswith(" 総括"))
    lines = {}
    for line in page.splitlines():
        words = line.split()
        if words and words[0] not in lines:
            lines[words[0]] = words
    keys = (*"ABCDE", "未回答", "達成", "順調", "概ね順調", "遅れ", "未報告")
    bad = []
    rows = [("重点項目1", summary_counts(case, END_YEAR)["1"], 2), ("重点項目2", summary_counts(case, END_YEAR)["2"], 2),
            ("合計", summary_counts(case, END_YEAR)["合計"], 1)]
    rows += [(format_fiscal_year(y), summary_counts(case, y)["合計"], 1) for y in YEARS]
    for label, counts, skip in rows:
        want = [str(counts[k]) for k in keys] + [f"{counts['財政効果額']:,}"]
        if lines.get(label, [])[skip:] != want:
            bad.append(f"PDF 総括 {label}: {lines.get(label)}, oracle {want}")
    return bad


def disagreements(case: Case, outs: dict[int, Path], recalculated: dict[int, Path] | None = None) -> list[str]:
    bad = []
    for year, out in outs.items():
        packet = out / f"{format_fiscal_year(year)}_{PACKET}.xlsx"
        bad += kpi_sheet(case, year, packet, "会議資料")
        if recalculated:
            bad += kpi_sheet(case, year, recalculated[year], "再計算")
        bad += summary_sheet(case, year, packet)
        bad += trend_sheet(case, year, packet)
        bad += overview(case, year, packet)
        bad += public_csv(case, year, out)
    if END_YEAR not in outs:
        return bad
    final = outs[END_YEAR] / f"{format_fiscal_year(END_YEAR)}_{PACKET}.xlsx"
    bad += period_sheet(case, final)
    pdf = final.with_suffix(".pdf")
    if pdf.exists():
        bad += pdf_text(case, pdf) + pdf_summary(case, pdf)
    return bad


def recalculate_all(soffice: str, sources: list[Path], work: Path) -> list[Path]:
    """``sources`` opened by LibreOffice with full recalculation and saved again (one LibreOffice for them all)."""
    from recalc import RECALC_XCU
    profile = work / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_XCU, encoding="utf-8")
    out = work / "recalculated"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), *map(str, sources)],
                   check=True, capture_output=True, timeout=600)
    return [out / s.name for s in sources]


@pytest.mark.parametrize("seed", SEEDS)
def test_every_kpi_figure_against_the_oracle(seed, workdir, soffice):
    tmp_path = workdir
    case = build(seed)
    if seed == 112:
        assert features(case) >= FEATURES, FEATURES - features(case)
    outs = run_years(case, tmp_path)
    packets = [outs[y] / f"{format_fiscal_year(y)}_{PACKET}.xlsx" for y in YEARS]
    again = dict(zip(YEARS, recalculate_all(soffice, packets, tmp_path)))
    assert disagreements(case, outs, again) == []


def test_a_progress_half_a_millionth_under_a_threshold(workdir, soffice):
    """p = 0.4999995 against e = 0.5 (1.5億→2.5億 円, 199,999,950 円 in 令和9年度) and p = 0.2666665 against 0.8·e =
    0.266667 (0 → 2,000,000 件, 533,333 件 in 令和8年度): the sheet's ROUND(p, 6) makes both the threshold (順調,
    概ね順調). The 判定 cached in the workbook, the 公表用 CSV, 総括 and 概要 say what LibreOffice recalculates — they
    said 概ね順調 and 遅れ (Python's round of the binary value, half a millionth lower)."""
    tmp_path = workdir
    years = (2026, 2027)
    kpis = [KpiCase("K01", "2-1-1", "財政課", "yen", "円", Fraction(150_000_000), Fraction(250_000_000), "増加",
                    {2026: Fraction(180_000_000), 2027: Fraction(199_999_950)},
                    {2026: "1億8千万円", 2027: "199,999,950円"}),
            KpiCase("K02", "2-1-1", "財政課", "count", "件", Fraction(0), Fraction(2_000_000), "増加",
                    {2026: Fraction(533_333), 2027: Fraction(1_000_000)}, {2026: "533,333件", 2027: "１００００００"})]
    items = {"1-1-1": ("企画課",), "2-1-1": ("財政課",)}
    case = Case(0, (Fraction(1), Fraction(1), Fraction(4, 5)), ("企画課", "財政課"), items, kpis,
                {(y, s, i): "A" for y in years for i, secs in items.items() for s in secs}, {},
                {y: () for y in YEARS})
    assert [judge(k, y, case.thresholds).verdict for k in kpis for y in years] == ["概ね順調", "順調", "概ね順調", "順調"]
    outs = run_years(case, tmp_path, years=years)
    packets = [outs[y] / f"{format_fiscal_year(y)}_{PACKET}.xlsx" for y in years]
    again = dict(zip(years, recalculate_all(soffice, packets, tmp_path)))
    assert disagreements(case, outs, again) == []


def test_the_oracle_meets_the_docs_worked_examples():
    """The oracle itself, on docs/report.md's own examples (令和8年度 of the bundled plan, and the KPI without a
    baseline measured from its first report)."""
    t = (Fraction(1), Fraction(1), Fraction(8, 10))
    cases = [  # (baseline, target, direction, actual, p, verdict)
        (Fraction(6_290_000), Fraction(5_600_000), "減少", Fraction(6_100_000), Fraction(19, 69), "概ね順調"),
        (Fraction(85), Fraction(40), "減少", Fraction(70), Fraction(1, 3), "順調"),
        (Fraction(303), Fraction(495), "増加", Fraction(350), Fraction(47, 192), "遅れ"),
        (Fraction(150_000_000), Fraction(250_000_000), "増加", Fraction(180_000_000), Fraction(3, 10), "概ね順調"),
    ]
    for b, target, direction, a, p, verdict in cases:
        k = KpiCase("K", "1-1-1", "s", "count", "人", b, target, direction, {2026: a})
        j = judge(k, 2026, t)
        assert (j.progress, j.verdict, j.expected) == (p, verdict, Fraction(1, 3))
    k = KpiCase("K", "1-1-1", "s", "count", "施設", None, Fraction(3), "増加", {2026: None, 2027: Fraction(2),
                                                                             2028: Fraction(2)})
    j = judge(k, 2028, t)
    assert (j.baseline, j.expected, j.progress, j.verdict) == (2, Fraction(1, 3), 0, "遅れ")


if __name__ == "__main__":  # explore seeds: python tests/test_attainment_oracle.py FIRST LAST
    import contextlib
    import io
    import tempfile
    for seed in range(int(sys.argv[1]), int(sys.argv[2]) + 1):
        with tempfile.TemporaryDirectory() as scratch:
            case = build(seed)
            try:
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    outs = run_years(case, Path(scratch), pdf=False)
                found = disagreements(case, outs)
            except AssertionError as exc:
                found = [f"run: {exc!r}"]
            print(seed, "OK" if not found else "\n  ".join(["DISAGREE", *found]), flush=True)
