"""Catalog tables, one module per family: organisations (`organization`), services with their costs, eligibility
and languages (`service`), locations, accessibility and area polygons (`location`), schedules, taxonomy, entry
translations (`translation`), volunteers and their interests (`volunteer`), change requests, reviews, import
runs, archives and retired terms (`curation`), what an import changed (`history`); the controlled vocabularies
in `enums`, the shared provenance columns in `provenance`.

Imports only `tsunagu.db` (the declarative base and column types) and the pure `directory.schedules`
(`tsunagu.models` for type hints only).
"""

from directory.models.coverage import CoverageDefinition
from directory.models.curation import ChangeRequest, ImportRun, Review
from directory.models.enums import (
    AddressVisibility,
    AgeBand,
    AreaKind,
    ChangeKind,
    EntryStatus,
    Frequency,
    HsdsStatus,
    LadderStage,
    ReviewState,
    Space,
    StepLevel,
    Threshold,
    Visibility,
    VolunteerStatus,
)
from directory.models.history import ImportChange
from directory.models.location import (
    AccessibilityFeature,
    Area,
    Location,
    LocationAccessibility,
    ServiceAtLocation,
)
from directory.models.organization import Organization, OrganizationKind
from directory.models.schedule import Schedule
from directory.models.service import (
    Atmosphere,
    CostOption,
    Eligibility,
    EligibilityKind,
    GroupSize,
    Service,
    ServiceLanguage,
)
from directory.models.taxonomy import Taxonomy, TaxonomyTerm, TaxonomyTermLabel, service_taxonomy_terms
from directory.models.translation import ServiceTranslation, TranslationRequest
from directory.models.volunteer import InterestStatus, Volunteer, VolunteerInterest

__all__ = [
    "AccessibilityFeature",
    "AddressVisibility",
    "AgeBand",
    "Area",
    "AreaKind",
    "Atmosphere",
    "ChangeKind",
    "ChangeRequest",
    "CoverageDefinition",
    "CostOption",
    "Eligibility",
    "EligibilityKind",
    "EntryStatus",
    "Frequency",
    "GroupSize",
    "HsdsStatus",
    "ImportChange",
    "ImportRun",
    "InterestStatus",
    "LadderStage",
    "Location",
    "LocationAccessibility",
    "Organization",
    "OrganizationKind",
    "Review",
    "ReviewState",
    "Schedule",
    "Service",
    "ServiceAtLocation",
    "ServiceLanguage",
    "ServiceTranslation",
    "TranslationRequest",
    "Space",
    "StepLevel",
    "Taxonomy",
    "TaxonomyTerm",
    "TaxonomyTermLabel",
    "Threshold",
    "Visibility",
    "Volunteer",
    "VolunteerInterest",
    "VolunteerStatus",
    "service_taxonomy_terms",
]
