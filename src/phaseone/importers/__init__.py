"""Bridges from the tools teams already use: a promptfoo config becomes phaseone plans.

Above `plan` (it validates what it writes with the plan's own loader), below the CLI.
"""

from phaseone.importers.located import ImportNote
from phaseone.importers.promptfoo import ImportedSuite, ImportResult, import_promptfoo

__all__ = ["ImportNote", "ImportResult", "ImportedSuite", "import_promptfoo"]
