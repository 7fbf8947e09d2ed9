"""Case records of the people coordinators support (pseudonymous): intake and edits with their history,
the coordinator's list and record pages.
"""
