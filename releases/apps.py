from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _roles_sync(sender, apps=None, **kwargs):
    # Keeps the groups in step with apps installed after migration 0004 (partner API
    # keys, say); see releases/roles.py.
    from releases.roles import roles_sync

    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    except (AttributeError, LookupError):
        return
    roles_sync(group_model=group_model, permission_model=permission_model, create=False)


class ReleasesConfig(AppConfig):
    name = "releases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_roles_sync, dispatch_uid="releases.roles_sync")
