from . import (
    admin_members,  # noqa: F401  (the BCĐ's membership)
    admin_tasks,  # noqa: F401  (directing documents and their tasks, read-only)
)
