"""Filters on sources and observations, named as on the pages (400 on invalid values)."""

import django_filters

from sources.models import Metric, Observation, ObservationStatus, Source, SourceKind


class SourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=SourceKind.choices,
        help_text="human_rights_group, news_outlet, state_media, government, international or other.",
    )

    class Meta:
        model = Source
        fields: list[str] = []


class ObservationFilter(django_filters.FilterSet):
    metric = django_filters.ModelChoiceFilter(
        queryset=Metric.objects.all(),
        to_field_name="slug",
        help_text="Metric slug, e.g. political_prisoners_current (see /api/v1/metrics/).",
    )
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.all(), to_field_name="slug", help_text="Source slug, e.g. viasna."
    )
    as_of_after = django_filters.DateFilter(
        field_name="as_of", lookup_expr="gte", help_text="As of this day or later (YYYY-MM-DD)."
    )
    as_of_before = django_filters.DateFilter(
        field_name="as_of", lookup_expr="lte", help_text="As of this day or earlier (YYYY-MM-DD)."
    )
    status = django_filters.ChoiceFilter(
        # Held values are under review and never public, so "published" is the only
        # status a public list can hold; asking for "held" is an error, not a leak.
        choices=[(ObservationStatus.PUBLISHED, "published")],
        help_text="Only published observations are public: 'published'.",
    )

    class Meta:
        model = Observation
        fields: list[str] = []


__all__ = ["ObservationFilter", "SourceFilter"]
