"""支援会議 and 重層的支援会議 (/coordinator/meetings): records with members, cases discussed, decisions and the
next review, and a printable meeting pack that shows each member only what they may see (the decisions are in
matching.permissions: can_view_meeting, can_see_case_in_meeting). Imports matching.models, the casework reads,
matching.persons (audit) and the core.
"""
