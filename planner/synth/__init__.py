"""Deterministic synthetic meetings of an expert group on reducing reoffending.

`generate` builds a `ProblemData` of a chosen size (`SynthConfig` presets: ``small``,
``example``, ``two_week``, ``full_membership``) from a seed alone; `generate_with_witness`
also returns a plan that keeps every hard rule, which proves the instance feasible. Used for
the bundled example workbook, the tests and the benchmark.
"""

from planner.synth.config import EXAMPLE_AGENDA, EXAMPLE_SEED, ItemSpec, SynthConfig
from planner.synth.generate import generate, generate_with_witness

__all__ = [
    "EXAMPLE_AGENDA",
    "EXAMPLE_SEED",
    "ItemSpec",
    "SynthConfig",
    "generate",
    "generate_with_witness",
]
