"""The volunteer's own pages (/volunteer/…): sign-up, profile, matching ボランティア募集 with the engine's
reasons, 興味あり, and what a group sees of the volunteers interested in its entries. Imports
`directory.volunteers` and `directory.accounts` (the writes and the confirmation), `matching.suggestions`,
`matching.engine`, the catalog and the core.
"""
