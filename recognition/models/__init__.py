"""Recognition: model residential areas and village funds (areas, funds); commendations and reviews
live beside them (commendations, reviews)."""

from .areas import AreaState, LeadOrganisation, ModelAreaCase, ModelAreaCheck, StandardLead  # noqa: F401
from .funds import EntryDirection, EntryKind, FundEntry, FundSource  # noqa: F401
