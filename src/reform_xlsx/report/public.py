"""The 公表用 workbook for the city's website: only what the city publishes.

Compared with the meeting workbook it leaves out 「提出状況」 and 「データ」, the KPI
「算出根拠・備考」 and 「確認事項」 columns, the submission columns (対象・未回答・回答率,
提出状況) and the meeting date; nothing names a file or a person.
"""

from __future__ import annotations

from pathlib import Path

from reform_xlsx.report.model import PUBLIC_SHEETS, ReportData
from reform_xlsx.report.workbook import build_workbook
from reform_xlsx.wareki import format_fiscal_year


def public_filename(year: int) -> str:
    return f"{format_fiscal_year(year)}_市政改革取組状況_公表用.xlsx"


def write_public(data: ReportData, out_dir: Path) -> Path:
    path = Path(out_dir) / public_filename(data.year)
    build_workbook(path, data, PUBLIC_SHEETS, public=True, title=path.stem)
    return path
