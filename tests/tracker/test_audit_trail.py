"""Audit trail: every change made in the admin is in the history with user, time and reason."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from prisoners.models import Person
from releases.models import EventCount, Release, Transfer
from sources.models import Observation
from tests.factories import (
    EventCountFactory,
    ObservationFactory,
    ReleaseFactory,
    TransferFactory,
    published_person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = User.objects.create_superuser("auditor", password="pw-for-tests-only")
    client.force_login(user)
    return client, user


def _form_data(client, url: str) -> dict:
    """The change form as the browser would submit it: every field with its current value."""
    page = client.get(url)
    assert page.status_code == 200, url
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = (
                field.widget.format_value(value) if hasattr(field.widget, "format_value") else value
            )
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is None or value is False:
                    continue
                data[f"{inline_form.prefix}-{name}"] = "on" if value is True else value
    return {k: v for k, v in data.items() if v is not None}


def test_person_change_is_in_history_with_user_time_and_reason(staff):
    client, user = staff
    person = published_person(name="Maryia Kalesnikava")
    url = reverse("admin:prisoners_person_change", args=[person.pk])
    data = _form_data(client, url)
    data["occupation"] = "musician"
    data["change_reason"] = "Viasna profile of 13 Dec 2025"
    before = timezone.now()
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    latest = Person.history.filter(id=person.pk).latest("history_date")
    assert latest.occupation == "musician"
    assert latest.history_user == user
    assert latest.history_change_reason == "Viasna profile of 13 Dec 2025"
    assert before <= latest.history_date <= timezone.now()

    # ...and the history page of the record shows it.
    history = client.get(reverse("admin:prisoners_person_history", args=[person.pk]))
    body = history.content.decode()
    assert "Viasna profile of 13 Dec 2025" in body
    assert "auditor" in body


def test_a_change_without_a_reason_is_refused(staff):
    client, _ = staff
    person = published_person(name="Maryia Kalesnikava")
    url = reverse("admin:prisoners_person_change", args=[person.pk])
    data = _form_data(client, url)
    data["occupation"] = "vandalised"
    data.pop("change_reason", None)
    versions = Person.history.filter(id=person.pk).count()
    response = client.post(url, data)
    assert response.status_code == 200
    assert "change_reason" in response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.occupation != "vandalised"
    assert Person.history.filter(id=person.pk).count() == versions


@pytest.mark.parametrize(
    ("factory", "model", "admin_name", "field", "value"),
    [
        (ReleaseFactory, Release, "releases_release", "note", "date corrected"),
        (TransferFactory, Transfer, "releases_transfer", "via", "Khochu Zhyty"),
        (EventCountFactory, EventCount, "releases_eventcount", "note", "Viasna figure"),
        (ObservationFactory, Observation, "sources_observation", "note", "as of the morning"),
    ],
)
def test_release_transfer_count_and_observation_changes_carry_a_reason(
    staff, factory, model, admin_name, field, value
):
    client, user = staff
    record = factory()
    url = reverse(f"admin:{admin_name}_change", args=[record.pk])
    data = _form_data(client, url)
    data[field] = value
    data["change_reason"] = f"reason for {admin_name}"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = model.history.filter(id=record.pk).latest("history_date")
    assert getattr(latest, field) == value
    assert latest.history_user == user
    assert latest.history_change_reason == f"reason for {admin_name}"


def test_inline_rows_saved_with_the_person_carry_the_same_reason(staff):
    client, user = staff
    person = published_person(name="Ihar Losik")
    release = ReleaseFactory(person=person, released_on=datetime.date(2025, 12, 13))
    url = reverse("admin:prisoners_person_change", args=[person.pk])
    data = _form_data(client, url)
    assert str(data["releases-0-id"]) == str(release.pk)
    data["releases-0-confidence"] = "medium"
    data["change_reason"] = "second source disagrees"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = Release.history.filter(id=release.pk).latest("history_date")
    assert latest.confidence == "medium"
    assert latest.history_change_reason == "second source disagrees"
    assert latest.history_user == user


def test_delete_asks_for_a_reason_and_records_it(staff):
    client, user = staff
    transfer = TransferFactory()
    url = reverse("admin:releases_transfer_delete", args=[transfer.pk])
    page = client.get(url)
    assert 'name="change_reason"' in page.content.decode()

    refused = client.post(url, {"post": "yes"})
    assert refused.status_code == 302
    assert Transfer.objects.filter(pk=transfer.pk).exists()

    done = client.post(url, {"post": "yes", "change_reason": "entered twice"})
    assert done.status_code == 302
    assert not Transfer.objects.filter(pk=transfer.pk).exists()
    deleted = Transfer.history.get(id=transfer.pk, history_type="-")
    assert deleted.history_change_reason == "entered twice"
    assert deleted.history_user == user


def test_bulk_delete_action_is_not_offered(staff):
    client, _ = staff
    ReleaseFactory()
    page = client.get(reverse("admin:releases_release_changelist"))
    assert "delete_selected" not in page.content.decode()
