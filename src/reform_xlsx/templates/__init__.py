"""Writing the entry templates (調査票): one workbook per section and year.

- :mod:`.writer` — the workbook: data sheets, hidden lists and metadata;
- :mod:`.guide` — the 「記入要領」 sheet;
- :mod:`.validation` — the input cells' data validation;
- :mod:`.fill` — fill a template programmatically (RPA, samples, tests).
"""

from reform_xlsx.templates.writer import UnknownSectionError, metadata, write_template, write_templates

__all__ = ["UnknownSectionError", "metadata", "write_template", "write_templates"]
