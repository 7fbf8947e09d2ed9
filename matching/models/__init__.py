"""Casework tables, one module per family: persons (`person`), households and their members (`household`),
match preferences (`preferences`), consent (`consent`), placements with their events, follow-ups and host
check-ins (`placement`), case notes (`casework`), unmet needs, host prospects and development cases
(`development`), custom menus and host briefs (`menus`), the fast match path's feature rows
(`match_features`), person-record revisions and trained outcome models (`history`).

Imports `tsunagu.db` and the catalog's tables (`directory.models`: placements, menus and prospects point at
catalog rows); `tsunagu.models` for type hints only.
"""

from matching.models.casework import CaseNote
from matching.models.consent import Consent, ConsentTier, consent_agencies, consent_members
from matching.models.development import (
    DevelopmentCase,
    DevelopmentOutcome,
    DevelopmentStep,
    HostContact,
    HostProspect,
    ProspectStatus,
    UnmetNeed,
    development_case_prospects,
)
from matching.models.history import MatchModel, PersonRevision
from matching.models.household import Household, HouseholdMember
from matching.models.match_features import match_features
from matching.models.meetings import Meeting, MeetingKind, meeting_agencies, meeting_cases, meeting_members
from matching.models.menus import CustomMenu, HostBrief
from matching.models.person import GenderComfort, Mobility, Person, PersonStatus
from matching.models.placement import (
    EndReason,
    FollowUp,
    FollowUpMilestone,
    FollowUpOutcome,
    HostCheckIn,
    Placement,
    PlacementEvent,
    PlacementStatus,
)
from matching.models.plans import CaseClosure, ClosureEvaluation, SupportPlan
from matching.models.preferences import AtmospherePreference, GroupSizePreference, MatchPreferences

__all__ = [
    "CaseClosure",
    "ClosureEvaluation",
    "Meeting",
    "MeetingKind",
    "SupportPlan",
    "meeting_agencies",
    "meeting_cases",
    "meeting_members",
    "AtmospherePreference",
    "GroupSizePreference",
    "MatchPreferences",
    "CaseNote",
    "Consent",
    "ConsentTier",
    "CustomMenu",
    "DevelopmentCase",
    "DevelopmentOutcome",
    "DevelopmentStep",
    "EndReason",
    "FollowUp",
    "FollowUpMilestone",
    "FollowUpOutcome",
    "GenderComfort",
    "HostBrief",
    "HostCheckIn",
    "HostContact",
    "HostProspect",
    "MatchModel",
    "Household",
    "HouseholdMember",
    "Mobility",
    "Person",
    "PersonRevision",
    "PersonStatus",
    "Placement",
    "PlacementEvent",
    "PlacementStatus",
    "ProspectStatus",
    "UnmetNeed",
    "consent_agencies",
    "consent_members",
    "development_case_prospects",
    "match_features",
]
