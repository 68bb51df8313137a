"""The recognition app's models, one module per capability."""

from .commendations import (  # noqa: F401
    Commendation,
    CommendationDecision,
    CommendationForm,
    CommendationQuota,
    NomineeKind,
)
from .reviews import Review, ReviewReport  # noqa: F401
