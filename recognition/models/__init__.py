"""Recognition: model residential areas and village funds (areas, funds); commendations and reviews
live beside them (commendations, reviews)."""

from .areas import AreaState, LeadOrganisation, ModelAreaCase, ModelAreaCheck, StandardLead  # noqa: F401
from .commendations import (  # noqa: F401
    Commendation,
    CommendationDecision,
    CommendationForm,
    CommendationQuota,
    NomineeKind,
)
from .funds import EntryDirection, EntryKind, FundEntry, FundSource  # noqa: F401
from .reviews import Review, ReviewReport  # noqa: F401
