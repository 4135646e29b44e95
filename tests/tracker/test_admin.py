"""An editor can work in the admin: every change list and add form loads."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from tests.factories import CitationFactory, ReleaseFactory, TransferFactory, published_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = User.objects.create_user("editor", password="pw-for-tests-only", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["prisoners", "releases", "sources"])
    )
    client.force_login(user)
    return client


def test_every_registered_model_lists_and_adds_for_an_editor(editor_client, rf):
    person = published_person(name="Maryia Kalesnikava")
    release = ReleaseFactory(person=person)
    TransferFactory(release=release)
    CitationFactory(release=release)
    checked = 0
    request = rf.get("/admin/")
    request.user = User.objects.get(username="editor")
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in {"prisoners", "releases", "sources"}:
            continue
        opts = model._meta
        # Some records are written only by the system (feed runs): no add form to load.
        views = (
            ("changelist", "add") if model_admin.has_add_permission(request) else ("changelist",)
        )
        for view in views:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}")
            assert editor_client.get(url).status_code == 200, url
            checked += 1
    assert checked >= 20


def test_person_change_page_shows_inlines_and_history(editor_client):
    person = published_person(name="Maryia Kalesnikava")
    page = editor_client.get(reverse("admin:prisoners_person_change", args=[person.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Maryia Kalesnikava" in body
    for inline in ("names", "detentions", "releases", "citations"):
        assert f'id="{inline}-group"' in body
    history = editor_client.get(reverse("admin:prisoners_person_history", args=[person.pk]))
    assert history.status_code == 200


def test_search_in_admin_finds_a_person_by_another_spelling(editor_client):
    person = published_person(name="Maryia Kalesnikava")
    person.names.create(text="Мария Колесникова", language="ru", kind="official")
    page = editor_client.get(reverse("admin:prisoners_person_changelist"), {"q": "Колесникова"})
    assert "Maryia Kalesnikava" in page.content.decode()
