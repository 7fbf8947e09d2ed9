"""`POST /api/v1/match` (a coordinator's session or a personal API token) and the personal API tokens
(/coordinator/tokens). Imports `matching.suggestions` (the one match path, reasons, the outcome model),
`matching.engine`, `directory.search.params` and the core (tokens, audit, permissions, web).
"""
