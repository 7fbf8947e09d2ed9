"""`POST /api/v1/match` (a coordinator's session or a personal API token) and the personal API tokens
(/coordinator/tokens).
"""
