"""Infeasibility in the user's words: which hard rules and data conflict when no plan exists.

- `conflicts`: the model in explain mode and the search for a small conflicting set (`explain`);
- `words`: what each guard (hard rule, data ids) means, in plain words (`Cause`).
"""

from planner.solver.infeasibility.conflicts import (
    Explanation,
    build_explain_model,
    conflict_holds,
    explain,
)
from planner.solver.infeasibility.words import Cause

__all__ = ["Cause", "Explanation", "build_explain_model", "conflict_holds", "explain"]
