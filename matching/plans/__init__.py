"""支援プラン and case-level 終結: a person's goals, steps, responsible agency and review date, and the closure of
the whole case with its evaluation (separate from any one placement's end). Writes in `services`, reads in
`queries`, pages in `views`. Imports matching.models, matching.persons (audit) and the core.
"""
