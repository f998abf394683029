"""The production plan: schema, loading with located errors, the metric lock, diagnosis."""

from phaseone.plan.loader import DEFAULT_PLAN, LoadedPlan, load_plan, parse_plan
from phaseone.plan.schema import Plan

__all__ = ["DEFAULT_PLAN", "LoadedPlan", "Plan", "load_plan", "parse_plan"]
