"""The factories behind the fixtures of `tests/conftest.py`; only conftest.py imports them.

`factory` builds tiny problems in code, `people` problems about participation alone,
`sample_input` and `sample_plan` the workbook tests' problem (and its workbook) and a hand-made
plan, and `solving` solves with every returned plan held to the checker.
"""
