"""Load the ISO 3166-1 country list, so country codes are checked by a foreign key."""

from django.db import migrations

from prisoners.countries import countries_load


def load_countries(apps, schema_editor):
    countries_load(apps.get_model("prisoners", "Country"))


class Migration(migrations.Migration):
    dependencies = [("prisoners", "0002_initial")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
