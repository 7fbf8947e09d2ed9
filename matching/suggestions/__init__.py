"""Suggestions for a person: the catalog read as engine candidates (`candidates`), the one match code path
(`queries`), profiles from records (`profiles`), reasons in words (`reasons`), the learned outcome model
(`outcome`), the coordinator's match pages and the `tsunagu match` command.
"""
