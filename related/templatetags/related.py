from django import template

from related.selectors import public_list

register = template.Library()


@register.filter
def public_related_entries(article):
    """The "발견" list readers see under article (related.selectors.public_list)."""
    return public_list(article)
