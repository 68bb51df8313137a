"""The action-day programme. One module per concern; import models from `campaigns.models`."""

from .programme import ActionDay, Programme

__all__ = ["ActionDay", "Programme"]
