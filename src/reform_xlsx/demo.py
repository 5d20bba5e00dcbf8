"""The sample returns of one year for ``reform-xlsx demo``: the bundled plan's 調査票 filled in as its sections might
return them, with the slips a real inbox has (a grade not on the scale, a forgotten grade, a file sent twice, Excel's
lock file, files that are not forms). What they say lives beside the bundled plan (``bundled/nihonmatsu_demo.yaml``);
``samples/make_samples.py`` writes the repository's samples/inbox with the same returns. What merge makes of each
file is in samples/README.md."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from reform_xlsx import outputs
from reform_xlsx.form import layout
from reform_xlsx.plan.model import Plan

DEMO_RETURNS = "nihonmatsu_demo.yaml"
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def sample_data() -> dict:
    """What the sample sections typed, which file went wrong how, and when each was saved."""
    import yaml

    return yaml.safe_load(resources.files("reform_xlsx.plan").joinpath("bundled", DEMO_RETURNS).read_text("utf-8"))


def set_saved(path: Path, when: str) -> Path:
    """Set the workbook's own last-saved time (docProps/core.xml), as Excel would have at that save. The workbook is
    rebuilt in memory and replaced in one step: a full disk leaves the complete file as it was."""
    with zipfile.ZipFile(path) as zin:
        parts = [(info, zin.read(info)) for info in zin.infolist()]
    built = io.BytesIO()
    with zipfile.ZipFile(built, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in parts:
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(lambda m: m.group(1) + when.encode() + m.group(2), data)
            zout.writestr(info, data)
    outputs.write_whole(path, built.getvalue())
    return path


def answers_for(plan: Plan, data: dict, section: str, grade_offset: int) -> dict:
    """The answers ``section`` typed, in :func:`reform_xlsx.templates.fill.fill_template`'s shape; the grades go
    round the sample's ways of writing them (「A 計画どおり」「Ａ」「計画どおり」 …), starting at ``grade_offset``."""
    grades, effect = data["grades"], data["effect"]
    words = {g.label: g.code for g in plan.grades}
    items = {}
    for n, item in enumerate(plan.items_for(section)):
        grade = grades[(n + grade_offset) % len(grades)]
        code = words.get(grade.strip()) or grade.strip()[0].translate(str.maketrans("ＡＢＣＤＥ", "ABCDE"))
        row = {"進捗状況": grade, "取組実績": data["results"][item.id], "課題・今後の方針": data["next"][code]}
        if item.id in effect and section in data["effect_sections"]:
            row["財政効果額（円）"] = effect[item.id]
        items[item.id] = row
    kpis = {k.id: dict(zip(("実績値", "算出根拠・備考"), data["kpi_values"][k.id], strict=True))
            for k in plan.kpis_for(section)}
    if section in data["respondents"]:
        person, extension = data["respondents"][section]
        items[layout.RESPONDENT_ID] = {"担当者": person, "内線": extension}
    out = {layout.SHEET_ITEMS: items}
    if kpis:
        out[layout.SHEET_KPI] = kpis
    return out


def write_sample_inbox(plan: Plan, inbox: str | Path, resave: Callable[[Path, Path], Path] | None = None) -> list[Path]:
    """Write the sample returns of the bundled plan's first year into ``inbox`` (a new or empty folder) and return
    their paths. ``resave(path, folder)``: the one section's file opened and saved again by LibreOffice (the path of
    the saved copy); without it that file is written as openpyxl writes it, under the form's own name."""
    from reform_xlsx.templates import write_templates
    from reform_xlsx.templates.fill import fill_template

    data = sample_data()
    year, inbox = data["year"], Path(inbox)
    back, forgot, resaved, twice = data["sent_back"], data["forgot_grade"], data["resaved"], data["sent_twice"]
    inbox.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        templates = {p.stem.rsplit("_", 1)[1]: p for p in write_templates(plan, year, tmp, deadline=data["deadline"])}
        for n, section in enumerate(plan.sections):
            answers = answers_for(plan, data, section, n)
            if section == back["section"]:
                # First return: a grade that is not on the scale and a KPI still being counted; then corrected.
                bad = answers_for(plan, data, section, n)
                bad[layout.SHEET_ITEMS][back["grade"]["item"]]["進捗状況"] = back["grade"]["text"]
                bad[layout.SHEET_KPI][back["kpi"]["kpi"]]["実績値"] = back["kpi"]["text"]
                set_saved(fill_template(templates[section], bad, inbox / back["file"]), back["saved"])
                corrected = fill_template(templates[section], answers, inbox / back["corrected"])
                set_saved(corrected, back["corrected_saved"])  # the corrected file is saved later
            elif section == forgot["section"]:
                answers[layout.SHEET_ITEMS][forgot["item"]]["進捗状況"] = None
                set_saved(fill_template(templates[section], answers, inbox / forgot["file"]), data["saved"][section])
            elif section == resaved["section"] and resave is not None:
                filled = fill_template(templates[section], answers, Path(tmp) / "openpyxl.xlsx")
                outputs.write_whole(inbox / resaved["file"], resave(filled, Path(tmp) / "lo").read_bytes())
                set_saved(inbox / resaved["file"], data["saved"][section])
            else:
                set_saved(fill_template(templates[section], answers, inbox / outputs.template(plan.words, year, section)),
                          data["saved"][section])
        # Sent twice: an identical copy in another folder.
        sent = inbox / outputs.template(plan.words, year, twice["section"])
        outputs.write_whole(inbox / twice["file"], sent.read_bytes())
    # Noise that lands in a shared folder.
    outputs.write_whole(inbox / ("~$" + outputs.template(plan.words, year, data["lock_file"])), b"\x00" * 165)
    outputs.write_whole(inbox / "提出一覧メモ.csv", "課名,提出日\n財政課,5/8\n".encode())
    attached = io.BytesIO()
    with zipfile.ZipFile(attached, "w") as z:
        z.writestr("readme.txt", "zip のまま届いたファイル")
    outputs.write_whole(inbox / "添付ファイル.zip", attached.getvalue())
    return sorted(p for p in inbox.rglob("*") if p.is_file())
