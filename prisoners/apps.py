from django.apps import AppConfig


class PrisonersConfig(AppConfig):
    name = "prisoners"
    default_auto_field = "django.db.models.BigAutoField"
