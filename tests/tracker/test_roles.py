"""Roles: what an editor, an admin and an anonymous visitor may do in the admin."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.urls import reverse

from releases.roles import ADMIN, EDITOR
from tests.factories import (
    CitationFactory,
    DocumentFactory,
    EventCountFactory,
    FeedFactory,
    ObservationFactory,
    ReleaseEventFactory,
    ReleaseFactory,
    TransferFactory,
    published_person,
)

pytestmark = pytest.mark.django_db


def _member_of(client, group_name: str, username: str):
    user = User.objects.create_user(username, password="pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return client


@pytest.fixture
def editor(client):
    return _member_of(client, EDITOR, "an-editor")


@pytest.fixture
def admin_user(client):
    return _member_of(client, ADMIN, "an-admin")


@pytest.fixture
def records():
    person = published_person(name="Maryia Kalesnikava")
    release = ReleaseFactory(person=person)
    transfer = TransferFactory(release=release)
    citation = CitationFactory(release=release)
    feed = FeedFactory()
    from sources.models import FeedItem, FeedRun

    run = FeedRun.objects.create(feed=feed, started_at="2025-12-13T10:00:00Z")
    item = FeedItem.objects.create(
        feed=feed, feed_run=run, external_id="x-1", payload={"name": "X"}
    )
    return {
        "prisoners.person": person,
        "releases.release": release,
        "releases.transfer": transfer,
        "releases.releaseevent": ReleaseEventFactory(),
        "releases.eventcount": EventCountFactory(),
        "sources.citation": citation,
        "sources.document": DocumentFactory(),
        "sources.observation": ObservationFactory(),
        "sources.feed": feed,
        "sources.feeditem": item,
        "auth.user": User.objects.create_user("someone-else"),
        "auth.group": Group.objects.get(name=EDITOR),
    }


def _url(label: str, view: str, obj=None) -> str:
    app_label, model_name = label.split(".")
    args = [obj.pk] if obj is not None else []
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


# label -> (add, change, delete) as an editor sees them.
EDITOR_MAY = {
    "prisoners.person": (200, 200, 403),
    "releases.release": (200, 200, 200),
    "releases.transfer": (200, 200, 200),
    "releases.releaseevent": (200, 200, 403),
    "releases.eventcount": (200, 200, 200),
    "sources.citation": (200, 200, 200),
    "sources.document": (200, 200, 403),
    "sources.observation": (200, 200, 403),
    "sources.feeditem": (403, 200, 403),
    "sources.feed": (403, 403, 403),
    "auth.user": (403, 403, 403),
    "auth.group": (403, 403, 403),
}


@pytest.mark.parametrize("label", sorted(EDITOR_MAY))
def test_what_an_editor_may_and_may_not_do(editor, records, label):
    add, change, delete = EDITOR_MAY[label]
    obj = records[label]
    assert editor.get(_url(label, "add")).status_code == add
    assert editor.get(_url(label, "change", obj)).status_code == change
    assert editor.get(_url(label, "delete", obj)).status_code == delete


def test_an_editor_cannot_delete_a_person_by_posting_either(editor, records):
    from prisoners.models import Person

    person = records["prisoners.person"]
    response = editor.post(
        _url("prisoners.person", "delete", person), {"post": "yes", "change_reason": "x"}
    )
    assert response.status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()


def test_an_editor_cannot_make_themselves_an_admin(editor, records):
    user = User.objects.get(username="an-editor")
    response = editor.post(
        _url("auth.user", "change", user),
        {
            "username": "an-editor",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name=ADMIN).pk],
        },
    )
    assert response.status_code == 403
    user.refresh_from_db()
    assert not user.is_superuser
    assert not user.groups.filter(name=ADMIN).exists()


def test_an_editor_sees_no_api_keys_or_feeds_on_the_admin_index(editor):
    body = editor.get(reverse("admin:index")).content.decode()
    assert "/admin/sources/feed/" not in body
    assert "/admin/auth/user/" not in body
    if apps.is_installed("partners"):
        assert "/admin/partners/" not in body
    assert "/admin/prisoners/person/" in body


@pytest.mark.parametrize("label", sorted(EDITOR_MAY))
def test_an_admin_may_do_everything(admin_user, records, label):
    obj = records[label]
    for view, target in (("add", None), ("change", obj), ("delete", obj)):
        if label == "sources.feeditem" and view == "add":
            continue  # FeedItemAdmin offers no add form to anyone: feeds create items.
        assert admin_user.get(_url(label, view, target)).status_code == 200, (label, view)


def test_an_admin_manages_partner_api_keys_when_installed(admin_user):
    if not apps.is_installed("partners"):
        pytest.skip("the partners app is not installed")
    model = apps.get_model("partners", "PartnerKey")
    url = reverse(f"admin:partners_{model._meta.model_name}_add")
    assert admin_user.get(url).status_code == 200


def test_an_editor_has_no_api_key_permissions():
    group = Group.objects.get(name=EDITOR)
    labels = set(group.permissions.values_list("content_type__app_label", flat=True))
    assert labels <= {"prisoners", "releases", "sources"}
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert "delete_person" not in codenames
    assert not any(c.endswith("_feed") for c in codenames)


def test_the_admin_group_holds_every_permission():
    from django.contrib.auth.models import Permission

    group = Group.objects.get(name=ADMIN)
    assert group.permissions.count() == Permission.objects.count()


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/prisoners/person/", "/admin/prisoners/person/add/", "/admin/auth/user/"],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login/")


def test_staff_without_a_group_can_do_nothing(client, records):
    user = User.objects.create_user("bare", password="pw-for-tests-only", is_staff=True)
    client.force_login(user)
    assert (
        client.get(_url("prisoners.person", "change", records["prisoners.person"])).status_code
        == 403
    )
