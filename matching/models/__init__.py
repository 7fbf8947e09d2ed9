"""Casework tables: persons, consent, placements, follow-ups, unmet needs, host development."""

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
from matching.models.person import GenderComfort, Household, Mobility, Person, PersonStatus
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

__all__ = [
    "Consent",
    "ConsentTier",
    "DevelopmentCase",
    "DevelopmentOutcome",
    "DevelopmentStep",
    "EndReason",
    "FollowUp",
    "FollowUpMilestone",
    "FollowUpOutcome",
    "GenderComfort",
    "HostCheckIn",
    "HostContact",
    "HostProspect",
    "Household",
    "Mobility",
    "Person",
    "PersonStatus",
    "Placement",
    "PlacementEvent",
    "PlacementStatus",
    "ProspectStatus",
    "UnmetNeed",
    "consent_agencies",
    "consent_members",
    "development_case_prospects",
]
