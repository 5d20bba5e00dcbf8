"""The 公表用 workbook for the city's website: only what the city publishes.

Compared with the meeting workbook it leaves out 「提出状況」 and 「データ」, the KPI
「算出根拠・備考」 and 「確認事項」 columns, the submission columns (対象・未回答・回答率,
提出状況) and the meeting date; nothing names a file or a person.
"""

from __future__ import annotations

from pathlib import Path

from reform_xlsx import outputs
from reform_xlsx.report.model import PUBLIC_SHEETS, ReportData
from reform_xlsx.report.workbook import build_workbook


def write_public(data: ReportData, out_dir: Path) -> Path:
    path = Path(out_dir) / outputs.public(data.year)
    build_workbook(path, data, PUBLIC_SHEETS, public=True, title=path.stem)
    return path
