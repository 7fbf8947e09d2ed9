"""Suggestions for a person: the catalog read as engine candidates (`candidates`), the one match code path
(`queries`), profiles from records (`profiles`), reasons in words (`reasons`), the learned outcome model
(`outcome`, the only user of scikit-learn), the coordinator's match pages and the `tsunagu match` command (`cli`).
Imports `matching.engine`, `matching.models`, `matching.persons`, the catalog (`directory.models`,
`directory.catalog`, `directory.search.params`, `directory.schedules`, `directory.permissions`) and the core.
"""
