"""Small template helpers for the researcher pages."""

from django import template

register = template.Library()


@register.filter
def country_name(code: str, names: dict[str, str]) -> str:
    """The country's name from a code → name map the view read once; the code if unknown.

    Rows carry ISO codes; looking the names up here, from one map, saves a query per
    border crossing on a list page.
    """
    return names.get(code, code) if names else code


@register.filter
def language_label(tag: str) -> str:
    """'be' → 'Belarusian', 'be-Latn' → 'Belarusian (Latin script)'; the tag if unknown."""
    from django.conf.locale import LANG_INFO
    from django.utils.translation import gettext

    base, _, rest = (tag or "").partition("-")
    info = LANG_INFO.get(base.lower())
    if not info:
        return tag
    name = gettext(info["name"])
    if rest.lower() == "latn":
        return gettext("%(language)s (Latin script)") % {"language": name}
    if rest.lower() == "cyrl":
        return gettext("%(language)s (Cyrillic script)") % {"language": name}
    return f"{name} ({rest})" if rest else name
