"""Filters on release events, releases and border crossings, named as on the pages.

Invalid values are form errors (400 naming the parameter in the API). Conditions on
related rows are ``EXISTS`` sub-queries, so a row is never repeated.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from drf_spectacular.utils import extend_schema_field

from prisoners.models import Country
from prisoners.selectors import person_search
from releases.models import (
    Confidence,
    EventKind,
    Outcome,
    Release,
    ReleaseEvent,
    ReleaseKind,
    Transfer,
)


class StrictBooleanFilter(django_filters.ChoiceFilter):
    """true or false; anything else is an error (django-filter's BooleanFilter would
    silently ignore 'yes' and return every row)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=(("true", "true"), ("false", "false")), **kwargs)
        # The OpenAPI schema: a boolean (drf-spectacular would combine the model field's
        # boolean type with these string choices, a parameter no value satisfies).
        extend_schema_field({"type": "boolean", "description": self.extra.get("help_text", "")})(
            self
        )

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return qs.filter(**{self.field_name: value == "true"})


class YearFilter(django_filters.NumberFilter):
    """A four-digit year; 2025.5 or 'soon' is an error, not an empty list."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The OpenAPI schema: an integer within the bounds (drf-spectacular would say
        # "number", from the date field the year is taken from).
        schema = {"type": "integer", "description": self.extra.get("help_text", "")}
        for bound, key in (("min_value", "minimum"), ("max_value", "maximum")):
            if bound in self.extra:
                schema[key] = self.extra[bound]
        extend_schema_field(schema)(self)


def _search_people(queryset: QuerySet, person_path: str, value: str) -> QuerySet:
    """Rows whose person matches the name search (any spelling, public people only)."""
    if not value.strip():
        return queryset
    return queryset.filter(**{f"{person_path}__in": person_search(query=value).values("pk")})


class ReleaseEventFilter(django_filters.FilterSet):
    year = YearFilter(
        field_name="date",
        lookup_expr="year",
        min_value=1900,
        max_value=2100,
        help_text="Year of the event, e.g. 2025.",
    )
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(),
        to_field_name="code",
        help_text="ISO code of the country that released the people, e.g. BY.",
    )
    kind = django_filters.ChoiceFilter(
        choices=EventKind.choices, help_text="pardon, amnesty, exchange, deportation or other."
    )

    class Meta:
        model = ReleaseEvent
        fields: list[str] = []


class ReleaseFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text="The released person's name in any spelling, Latin or Cyrillic.",
    )
    event = django_filters.ModelChoiceFilter(
        queryset=ReleaseEvent.objects.public(),
        to_field_name="slug",
        help_text="Slug of the release event.",
    )
    kind = django_filters.ChoiceFilter(
        choices=ReleaseKind.choices,
        help_text="pardon, amnesty, sentence_served, exchange, acquittal or other.",
    )
    outcome = django_filters.ChoiceFilter(
        choices=Outcome.choices,
        help_text="stayed, left, forcibly_deported or refused_exile.",
    )
    confidence = django_filters.ChoiceFilter(
        choices=Confidence.choices, help_text="low, medium or high."
    )
    to_country = django_filters.ModelChoiceFilter(
        field_name="transfers__to_country",
        queryset=Country.objects.all(),
        to_field_name="code",
        method="filter_to_country",
        help_text="ISO code of a country the person was taken to after this release.",
    )
    released_after = django_filters.DateFilter(
        field_name="released_on",
        lookup_expr="gte",
        help_text="Released on or after this day (YYYY-MM-DD).",
    )
    released_before = django_filters.DateFilter(
        field_name="released_on",
        lookup_expr="lte",
        help_text="Released on or before this day (YYYY-MM-DD).",
    )

    class Meta:
        model = Release
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        return _search_people(queryset, "person", value)

    def filter_to_country(self, queryset, name, value):
        return queryset.filter(
            Exists(Transfer.objects.filter(release=OuterRef("pk"), to_country=value))
        )


class TransferFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text="The person's name in any spelling, Latin or Cyrillic.",
    )
    event = django_filters.ModelChoiceFilter(
        field_name="release__event",
        queryset=ReleaseEvent.objects.public(),
        to_field_name="slug",
        help_text="Slug of the release event the crossing followed.",
    )
    from_country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(),
        to_field_name="code",
        help_text="ISO code of the country left.",
    )
    to_country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(),
        to_field_name="code",
        help_text="ISO code of the country entered.",
    )
    forced = StrictBooleanFilter(
        help_text="true: a forced transfer or deportation; false: not reported as forced."
    )
    transferred_after = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", help_text="Crossed on or after this day (YYYY-MM-DD)."
    )
    transferred_before = django_filters.DateFilter(
        field_name="date",
        lookup_expr="lte",
        help_text="Crossed on or before this day (YYYY-MM-DD).",
    )

    class Meta:
        model = Transfer
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        return _search_people(queryset, "release__person", value)


__all__ = ["ReleaseEventFilter", "ReleaseFilter", "TransferFilter"]
