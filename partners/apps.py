from django.apps import AppConfig


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partners"
    verbose_name = "partners (API keys)"

    def ready(self) -> None:
        # Registers the schema extension for the key header (drf-spectacular finds
        # extensions by import).
        from partners import schema  # noqa: F401
