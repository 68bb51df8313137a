"""Vietnamese order of names, the same in Python and in the database.

One rule: ICU's Vietnamese collation with numeric ordering (locale ``vi-u-kn-true``), so that
a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư, tone marks weigh less than letters ("Bảo hiểm" before
"Bưu điện", "Đinh Lạc" after "Dương", "Ủy ban" among the U), and numbers inside names are read
as numbers ("Tổ dân phố 2" before "Tổ dân phố 10").

- Python: ``vi_key(text)`` / ``vi_sorted(items, key=...)`` use PyICU (the ``pyicu-wheels``
  distribution, which bundles ICU in a manylinux wheel; PyICU itself ships no wheel).
- Queries: ``vi("name")`` is ``Collate(F("name"), "vi_natural")``. On PostgreSQL the collation is
  created by the migration ``ntm_portal/0003_vietnamese_collation`` (ICU provider, same locale);
  on SQLite (``make run``, the tests) a collation of the same name is registered on every new
  connection and compares with the same ICU collator. So one queryset orders the same way on both.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db.models import F
from django.db.models.functions import Collate

COLLATION = "vi_natural"
ICU_LOCALE = "vi-u-kn-true"

T = TypeVar("T")


@functools.lru_cache(maxsize=1)
def _collator():
    import icu  # PyICU, from the pyicu-wheels distribution

    return icu.Collator.createInstance(icu.Locale(ICU_LOCALE))


def vi_key(text: str | None) -> bytes:
    """Sort key of a name in Vietnamese order (None and "" first)."""
    return _collator().getSortKey(text or "")


def vi_compare(a: str | None, b: str | None) -> int:
    return _collator().compare(a or "", b or "")


def vi_sorted(items: Iterable[T], key: Callable[[T], str] | None = None, *, reverse: bool = False) -> list[T]:
    """Items sorted by a name (``key`` returns it; the items themselves by default) in Vietnamese order."""
    get = key or (lambda item: item)
    return sorted(items, key=lambda item: vi_key(get(item)), reverse=reverse)


def vi(field: str) -> Collate:
    """An ``order_by`` expression: the field in Vietnamese order, on PostgreSQL and SQLite alike."""
    return Collate(F(field), COLLATION)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """connection_created handler: give SQLite the same collation PostgreSQL has."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, vi_compare)
