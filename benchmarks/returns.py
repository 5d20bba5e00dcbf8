"""Generate N distinct filled returns of a plan's real templates, fast (for the benchmarks).

Each section's template is written with the real writer and filled once with the real filler
(openpyxl), a unique placeholder in every input cell. Each of the N files is that section's
filled zip with the placeholders replaced in the sheet XML by varied values:

- 進捗状況: every accepted spelling (``A 計画どおり``, ``Ａ``, ``b``, ``計画どおり`` …);
- 取組実績 / 課題・今後の方針: sentences of varied length with the file number in them;
- 財政効果額（円）: an int, ``1,250,000``, ``30万円``, ``1億5千万円``, ``¥5,000``, full-width or blank;
- KPI 実績値: between baseline and target, as a number, ``26%``, ``３０％``, ``6,100,000``, ``2施設`` …;
- docProps/core.xml modified time: one minute apart, so that resubmissions have an order.

Sections rotate (file j is section j mod the number of sections): every section sends several
files, the later ones superseding the earlier (resubmissions). A fraction ``reject_frac`` has
a grade that is not on the scale (rejected; a later file of the section resolves it), and
``dup`` files are sent twice under another name (L001). Every file has distinct content.
"""

from __future__ import annotations

import hashlib
import io
import random
import re
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from reform_xlsx import outputs
from reform_xlsx.fill import fill_template
from reform_xlsx.form import layout
from reform_xlsx.plan.model import Plan
from reform_xlsx.templates import write_templates

GRADES = ["A 計画どおり", "B 概ね計画どおり", "C 遅れ", "D 未着手", "E 完了", "A", "Ａ", "b", "Ｂ",
          "計画どおり", "概ね計画どおり", "遅れ", "C"]
BAD_GRADE = "計画通り？"
PHRASES = ["窓口での案内を強化した。", "電子申請の対象手続を追加した。", "関係課と協議を重ね、実施方針を取りまとめた。",
           "職員向け研修を実施し、受講率は9割を超えた。", "試行の結果を検証し、本格実施に向けた課題を整理した。",
           "事業者への説明会を開催した。", "予算の範囲内で計画どおり執行した。", "次年度に向けて工程を見直した。",
           "利用者アンケートを実施し、満足度は向上した。", "国・県の動向を踏まえて制度設計を進めた。"]
_NUMBER = re.compile(rb'<c r="([A-Z]+\d+)"([^>]*?) t="n"><v>(9[01]\d{7})</v></c>')
_PLACEHOLDER = re.compile(rb"@@([GRNBO]):([^@]+)@@")


def _zen(text: str) -> str:
    return text.translate(str.maketrans("0123456789%,.", "０１２３４５６７８９％，．"))


def _text(rng: random.Random, j: int, ident: str, lo: int, hi: int) -> str:
    parts = [rng.choice(PHRASES) for _ in range(rng.randint(lo, hi))]
    parts.insert(rng.randint(0, len(parts)), f"（第{j}号・{ident}）")
    return "".join(parts)


def _yen(rng: random.Random) -> object:
    amount = rng.randint(1, 900) * 10_000
    return rng.choice([None, amount, f"{amount:,}", f"{amount // 10_000}万円",
                       f"{rng.randint(1, 3)}億{rng.randint(1, 9)}千万円", f"¥{rng.randint(1, 99) * 1000:,}",
                       _zen(f"{amount:,}"), float(amount)])


def _actual(rng: random.Random, kpi) -> object:
    lo, hi = sorted((kpi.baseline, kpi.target))
    if kpi.is_rate:
        x = round(rng.uniform(lo, hi), 3)
        return rng.choice([x, f"{x * 100:.1f}%", _zen(f"{round(x * 100)}%"), f"{round(x * 100)}％"])
    x = rng.randint(int(lo), int(hi)) if hi - lo >= 1 else lo
    return rng.choice([x, f"{x:,}", f"{x}{kpi.unit}" if kpi.kind != "yen" else x, _zen(f"{x:,}")])


def _placeholders(plan: Plan, year: int, section: str) -> tuple[dict, dict]:
    numbers: dict[int, tuple[str, str]] = {}
    items = {}
    for n, item in enumerate(plan.items_for(section, year)):
        numbers[900_000_000 + n] = ("yen", item.id)
        items[item.id] = {"進捗状況": f"@@G:{item.id}@@", "取組実績": f"@@R:{item.id}@@",
                          "課題・今後の方針": f"@@N:{item.id}@@", "財政効果額（円）": 900_000_000 + n}
    items[layout.RESPONDENT_ID] = {"担当者": f"{section} 担当", "内線": "1234", "メール": "kaikaku@example.jp"}
    kpis = {}
    for n, kpi in enumerate(plan.kpis_for(section)):
        numbers[910_000_000 + n] = ("kpi", kpi.id)
        kpis[kpi.id] = {"実績値": 910_000_000 + n, "算出根拠・備考": f"@@B:{kpi.id}@@"}
    answers = {layout.SHEET_ITEMS: items}
    if kpis:
        answers[layout.SHEET_KPI] = kpis
    return answers, numbers


def _cell(ref: bytes, attrs: bytes, value: object) -> bytes:
    if value is None:
        return b'<c r="' + ref + b'"' + attrs + b"/>"
    if isinstance(value, (int, float)):
        return b'<c r="' + ref + b'"' + attrs + b' t="n"><v>' + repr(value).encode() + b"</v></c>"
    return b'<c r="' + ref + b'"' + attrs + b' t="inlineStr"><is><t>' + escape(str(value)).encode() + b"</t></is></c>"


def _variant(members: list[tuple[zipfile.ZipInfo, bytes]], numbers: dict, kpis: dict, j: int,
             rng: random.Random, bad_item: str | None, modified: str) -> bytes:
    def text(m: re.Match) -> bytes:
        kind, ident = m.group(1).decode(), m.group(2).decode()
        if kind == "G":
            value = BAD_GRADE if ident == bad_item else rng.choice(GRADES)
        elif kind == "R":
            value = _text(rng, j, ident, 1, 8)
        elif kind == "N":
            value = _text(rng, j, ident, 0, 3)
        elif kind == "O":
            value = f"意見を踏まえ対応した（第{j}号）。" + rng.choice(PHRASES)
        else:
            value = f"算出根拠（第{j}号）: " + rng.choice(PHRASES)
        return escape(value).encode()

    def number(m: re.Match) -> bytes:
        kind, ident = numbers[int(m.group(3))]
        return _cell(m.group(1), m.group(2), _yen(rng) if kind == "yen" else _actual(rng, kpis[ident]))

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in members:
            if info.filename.startswith("xl/worksheets/") and (b"@@" in data or b"<v>9" in data):
                data = _NUMBER.sub(number, _PLACEHOLDER.sub(text, data))
            elif info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", lambda m: m.group(1) + modified.encode(), data)
            zf.writestr(zipfile.ZipInfo(info.filename, date_time=info.date_time), data,
                        compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _responses(template: Path) -> dict:
    """The 意見への対応 rows of a later year's form (last year's word on an item): a placeholder for each."""
    import openpyxl

    wb = openpyxl.load_workbook(template, read_only=True)
    if layout.SHEET_RESPONSES not in wb.sheetnames:
        return {}
    ids = [row[0] for row in wb[layout.SHEET_RESPONSES].iter_rows(values_only=True) if row and row[0]]
    wb.close()
    ids = ids[ids.index(layout.ID_LABEL_ITEMS) + 1:] if layout.ID_LABEL_ITEMS in ids else []
    return {str(i): {layout.RESPONSE_COLUMN.label: f"@@O:{i}@@"} for i in ids}


def generate(plan: Plan, year: int, n: int, out: Path, *, seed: int = 1, reject_frac: float = 0.01,
             dup: int = 0, forms: Path | None = None) -> list[Path]:
    """Write ``n`` distinct returns (and ``dup`` byte-identical resends) into ``out``. ``forms``: the folder of the
    year's 調査票 as ``templates --db`` made them (a later year's: last year's columns, 意見への対応), instead of
    forms written here without a ledger; their 意見への対応 rows are answered too."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    kpis = {k.id: k for k in plan.kpis}
    sections = [s for s in plan.sections if plan.items_for(s, year)]
    bases = {}
    with tempfile.TemporaryDirectory(prefix="bench-returns-") as tmp:
        used = sections[:n]
        if forms is None:
            templates = {s: p for s, p in zip(used, write_templates(plan, year, Path(tmp) / "t", used))}
        else:
            templates = {s: forms / outputs.template(plan.words, year, s) for s in used}
        for section in used:
            answers, numbers = _placeholders(plan, year, section)
            if forms is not None and (responses := _responses(templates[section])):
                answers[layout.SHEET_RESPONSES] = responses
            filled = fill_template(templates[section], answers, Path(tmp) / f"filled_{len(bases)}.xlsx")
            with zipfile.ZipFile(filled) as zf:
                bases[section] = ([(i, zf.read(i)) for i in zf.infolist()], numbers)
    rejects = set(rng.sample(range(n), round(n * reject_frac)))
    # a rejected file is never its section's last one: a later file resolves it
    rejects = {j for j in rejects if j + len(bases) < n}
    base_time = 1_780_000_000  # 2026-05-28 (UTC)
    files, digests = [], set()
    for j in range(n):
        section = sections[j % len(bases)]
        members, numbers = bases[section]
        bad = plan.items_for(section, year)[0].id if j in rejects else None
        modified = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(base_time + 60 * j))
        data = _variant(members, numbers, kpis, j, rng, bad, modified)
        path = out / f"{j:05d}_{j % len(bases):04d}.xlsx"
        path.write_bytes(data)
        digests.add(hashlib.sha256(data).hexdigest())
        files.append(path)
    for d in range(dup):
        source = files[d * 7 % n]
        (out / f"resent_{d:03d}_{source.name}").write_bytes(source.read_bytes())
    assert len(digests) == n, f"only {len(digests)} distinct files of {n}"
    return files
