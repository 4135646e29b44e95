"""The ISO 3166-1 country list, which country codes everywhere are checked against."""

import pycountry


def countries_load(country_model) -> int:
    """Insert the countries that are missing; returns how many were added.

    Takes the model class so the data migration can pass its historical model.
    """
    existing = set(country_model.objects.values_list("code", flat=True))
    missing = [
        country_model(code=c.alpha_2, name=getattr(c, "common_name", None) or c.name)
        for c in pycountry.countries
        if c.alpha_2 not in existing
    ]
    country_model.objects.bulk_create(missing)
    return len(missing)
