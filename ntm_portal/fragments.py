"""Rendered template fragments kept in the cache under a digest of what they are drawn from.

The key is computed from the data the fragment shows (the caller passes them as plain values) plus
the source of the templates that draw it and the language, so there is nothing to invalidate: a
save changes the data, hence the key, and the next request draws the fragment anew; a deploy that
changes a template changes the key too. Used where a page repeats a costly block many times (the
filing page's village sections: crispy field templates, ≈ 90 % of that page's server time).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

TIMEOUT = 24 * 60 * 60  # a week's data stop changing after the filing deadline; the key moves on anyway

_template_digests: dict[tuple[str, ...], str] = {}


def template_digest(names: tuple[str, ...]) -> str:
    """A digest of the templates' source, computed once per process (templates change only with a deploy)."""
    if names not in _template_digests:
        sources = [get_template(name).template.source for name in names]
        _template_digests[names] = hashlib.sha1("\0".join(sources).encode()).hexdigest()[:12]
    return _template_digests[names]


def digest(value) -> str:
    return hashlib.sha1(repr(value).encode()).hexdigest()


def render_cached(items: Iterable, *, template: str, depends_on: tuple[str, ...] = (),
                  data_of: Callable[[object], object], context_of: Callable[[object], dict],
                  timeout: int = TIMEOUT) -> list[SafeString]:
    """The HTML of `template` for each item, in order: from the cache (one round trip for all) when the
    item's data (`data_of(item)`, plain values) were drawn before, else rendered and stored."""
    items = list(items)
    version = template_digest((template, *depends_on))
    prefix = f"frag:{template}:{version}:{get_language()}:"
    keys = [prefix + digest(data_of(item)) for item in items]
    found = cache.get_many(keys)
    drawn: dict[str, str] = {}
    for item, key in zip(items, keys, strict=True):
        if key not in found:
            found[key] = drawn[key] = render_to_string(template, context_of(item))
    if drawn:
        cache.set_many(drawn, timeout)
    return [mark_safe(found[key]) for key in keys]  # our own template's output, escaped when it was drawn
