"""Load the ISO 3166-1 country list, so country codes are checked by a foreign key."""

import pycountry
from django.db import migrations


def load_countries(apps, schema_editor):
    Country = apps.get_model("prisoners", "Country")
    existing = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create(
        Country(code=c.alpha_2, name=getattr(c, "common_name", None) or c.name)
        for c in pycountry.countries
        if c.alpha_2 not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("prisoners", "0002_initial")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
