from django import template

register = template.Library()


@register.filter
def person_name(user) -> str:
    """Vietnamese order: family name first ("Trần Văn Điều"), the user name if there is none."""
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.get_username()


@register.filter
def in_keys(key, mapping) -> bool:
    return key in mapping


@register.filter
def get_key(mapping, key):
    return mapping.get(key)


@register.filter
def shorten(value, limit: int = 200):
    """A long text (or the texts of a list / dict of changes) cut with "…": lists and the audit trail."""
    from ntm_portal.limits import shorten as _shorten

    return _shorten(value, int(limit))
