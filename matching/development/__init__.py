"""社会資源の開発: unmet needs (繋ぐ先がない) waiting for an answer, development cases with their steps and
outcome, and the forms of made-to-measure work.
"""
