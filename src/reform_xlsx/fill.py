"""Compatibility: ``reform_xlsx.fill.fill_template`` (the city's RPA calls it) lives in
:mod:`reform_xlsx.templates.fill`."""

from reform_xlsx.templates.fill import Answers, FillError, cell_map, fill_template

__all__ = ["Answers", "FillError", "cell_map", "fill_template"]
