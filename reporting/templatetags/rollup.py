from django import template

from reporting import formatting

register = template.Library()

register.filter("vn_number", formatting.vn_number)
register.filter("vn_percent", formatting.vn_percent)
register.filter("vn_delta", formatting.vn_delta)
register.filter("vn_million", formatting.vn_million)


@register.filter
def task_quantity(figures, task_type_id):
    return figures.task_quantity(task_type_id)


@register.filter
def in_sentence(name):
    """ "Xã Hòa Ninh" → "xã Hòa Ninh" inside a sentence."""
    from directory.models import in_sentence as lower_type

    return lower_type(str(name))


@register.filter
def low_participation(rate, threshold):
    """The one low-participation rule (campaigns.selectors.filing) for templates."""
    from campaigns.selectors.filing import is_low_participation

    return is_low_participation(rate, threshold)
