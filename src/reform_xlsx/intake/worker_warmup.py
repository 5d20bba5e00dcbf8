"""Imported only by the worker processes' fork server (see :mod:`.worker`): pay the start-up
costs once there, so that each forked worker starts warm. Never import it in a user's process:
it hardens the standard library's XML parsers process-wide (defusedxml.defuse_stdlib)."""

import defusedxml

from reform_xlsx.intake import workbook_reader  # noqa: F401 - preloaded: python-calamine, openpyxl utils

defusedxml.defuse_stdlib()
