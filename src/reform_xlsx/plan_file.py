"""Compatibility: ``reform_xlsx.plan_file.load_plan`` lives in :mod:`reform_xlsx.plan.loading`."""

from reform_xlsx.plan.loading import PlanError, load_plan, parse_plan

__all__ = ["PlanError", "load_plan", "parse_plan"]
