"""Roles: who may do what in the admin, as Django groups defined here in code.

- **anonymous** readers have no account: they see published data only, through the
  visibility rule (``Person.objects.public()``); nothing here concerns them.
- **editor**: adds, edits and views the records (people and their names, detentions,
  sentences, charges; release events, counts, releases, transfers; documents, citations,
  observations) and reviews feed items. Editors may remove a wrong *part* of a record (a
  spelling, a charge, a transfer, a citation), but never delete a person, an event, a
  document or an observation, and have no access to user accounts, API keys or feeds.
- **admin**: every permission of every installed app, including users, groups, partner
  API keys and feeds.

A member of either group also needs "staff status" to log in to the admin. The groups'
permissions are set exactly to this definition by the ``releases`` migration 0004 and
again after every ``migrate`` (``releases.apps``), so permissions of apps installed
later (partner API keys, say) reach the admin group, and a permission added to a group
by hand is taken away again: make another group for local variations.
"""

EDITOR = "editor"
ADMIN = "admin"

ALL = ("add", "change", "delete", "view")
NO_DELETE = ("add", "change", "view")
VIEW = ("view",)

# (app label, model name) -> actions an editor may take.
EDITOR_PERMISSIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("prisoners", "person"): NO_DELETE,
    ("prisoners", "personname"): ALL,
    ("prisoners", "detention"): ALL,
    ("prisoners", "sentence"): ALL,
    ("prisoners", "charge"): ALL,
    ("prisoners", "country"): VIEW,
    ("prisoners", "tag"): VIEW,
    ("releases", "releaseevent"): NO_DELETE,
    ("releases", "eventcount"): ALL,
    ("releases", "release"): ALL,
    ("releases", "transfer"): ALL,
    ("sources", "document"): NO_DELETE,
    ("sources", "citation"): ALL,
    ("sources", "observation"): NO_DELETE,
    ("sources", "source"): VIEW,
    ("sources", "metric"): VIEW,
    ("sources", "feeditem"): ("change", "view"),
}


def editor_codenames() -> set[tuple[str, str]]:
    """(app label, codename) of every permission an editor holds."""
    return {
        (app_label, f"{action}_{model}")
        for (app_label, model), actions in EDITOR_PERMISSIONS.items()
        for action in actions
    }


def roles_sync(*, group_model, permission_model, create: bool = True) -> None:
    """Create the groups and set their permissions exactly to the definition above.

    Takes the model classes so that a migration can pass its historical ones. Permissions
    of apps that are not installed (or not yet migrated) are simply absent. With
    ``create=False`` only groups that exist are updated (after ``migrate``: a database
    migrated back before 0004 stays without them).
    """
    permissions = list(permission_model.objects.select_related("content_type"))
    wanted = editor_codenames()
    editor_ids = [p.pk for p in permissions if (p.content_type.app_label, p.codename) in wanted]
    for name, ids in ((EDITOR, editor_ids), (ADMIN, [p.pk for p in permissions])):
        if create:
            group, _ = group_model.objects.get_or_create(name=name)
        else:
            group = group_model.objects.filter(name=name).first()
            if group is None:
                continue
        group.permissions.set(ids)
