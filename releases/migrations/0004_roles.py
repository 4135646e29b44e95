"""The editor and admin groups (see releases/roles.py for what each may do).

Django creates permissions after the last migration; this one creates them first, for
every app migrated so far, so that the groups can be given them here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from releases.roles import ADMIN, EDITOR, roles_sync


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles_sync(
        group_model=apps.get_model("auth", "Group"),
        permission_model=apps.get_model("auth", "Permission"),
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, ADMIN]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0003_release_not_before_detention"),
        ("prisoners", "0004_trigram_search"),
        ("sources", "0002_feeds_health_and_review"),
        ("partners", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("rest_framework_api_key", "0005_auto_20220110_1102"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
