from . import admin_members  # noqa: F401  (the BCĐ's membership)
