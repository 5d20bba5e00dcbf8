"""The 推進本部会議 outputs: consolidation (pandas), the meeting workbook, the PDF packet, 公表用.

- :mod:`.consolidate` — answers joined to the plan and rolled up;
- :mod:`.model` — :class:`~.model.ReportData`, sheet names and columns;
- :mod:`.workbook` — one workbook from the sheet writers (:mod:`.summary`, :mod:`.items`,
  :mod:`.kpis`, :mod:`.counts`, :mod:`.office_sheets`);
- :mod:`.writer` — :func:`write_reports`, the entry point; :mod:`.public` — 公表用.
"""

from reform_xlsx.report.writer import ReportResult, write_reports

__all__ = ["ReportResult", "write_reports"]
