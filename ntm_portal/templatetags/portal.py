from django import template

register = template.Library()


@register.simple_tag
def portal_name() -> str:
    """The portal's name from the settings (the environment): e-mails have no context processor."""
    from django.conf import settings

    return settings.PORTAL_NAME


@register.filter
def in_sentence(unit) -> str:
    """A unit's name inside a sentence, its type in lower case: "huyện Di Linh", "tỉnh Lâm Đồng"."""
    from directory.models import in_sentence as lower_kind

    if not unit:
        return ""
    return lower_kind(getattr(unit, "full_name", str(unit)))


@register.filter
def kind_word(unit) -> str:
    """The type of a unit in lower case, for a sentence: "huyện", "tỉnh", "xã"."""
    return str(unit.get_kind_display()).lower() if unit else ""


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
