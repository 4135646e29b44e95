from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_countries(sender, apps=None, **kwargs) -> None:
    # The migration loads the countries once; a flush (as after every transactional test)
    # empties the table and then announces post_migrate, so reference data comes back the
    # way Django restores content types and permissions.
    from prisoners.countries import countries_load

    if apps is None:  # flush sends no migration state: the real model is current
        from django.apps import apps
    try:
        country_model = apps.get_model("prisoners", "Country")
    except LookupError:
        return
    countries_load(country_model)


class PrisonersConfig(AppConfig):
    name = "prisoners"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_ensure_countries, sender=self)
