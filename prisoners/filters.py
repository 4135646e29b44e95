"""Filters on people, named as on the pages and in the API (one FilterSet for both).

Invalid values are form errors, so the API answers 400 naming the parameter and the page
shows the message; nothing unknown is silently ignored.
"""

import django_filters
from prisoners.models import Country, Gender, Person, Status, Tag
from prisoners.selectors import person_search
from releases.models import ReleaseEvent


class PersonFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text="Any spelling of a name, in Latin or Cyrillic; best match first.",
    )
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, help_text="Current status.")
    citizenship = django_filters.ModelChoiceFilter(
        field_name="citizenships",
        queryset=Country.objects.all(),
        to_field_name="code",
        help_text="ISO 3166-1 alpha-2 code, e.g. BY.",
    )
    tag = django_filters.ModelChoiceFilter(
        field_name="tags", queryset=Tag.objects.all(), to_field_name="slug", help_text="Tag slug."
    )
    gender = django_filters.ChoiceFilter(choices=Gender.choices)
    release_event = django_filters.ModelChoiceFilter(
        field_name="releases__event",
        queryset=ReleaseEvent.objects.public(),
        to_field_name="slug",
        help_text="Slug of a release event the person was freed in.",
    )
    released_after = django_filters.DateFilter(
        field_name="releases__released_on", lookup_expr="gte", help_text="YYYY-MM-DD, inclusive."
    )
    released_before = django_filters.DateFilter(
        field_name="releases__released_on", lookup_expr="lte", help_text="YYYY-MM-DD, inclusive."
    )
    detained_after = django_filters.DateFilter(
        field_name="detentions__detained_on", lookup_expr="gte", help_text="YYYY-MM-DD, inclusive."
    )
    detained_before = django_filters.DateFilter(
        field_name="detentions__detained_on", lookup_expr="lte", help_text="YYYY-MM-DD, inclusive."
    )
    transferred_to = django_filters.ModelChoiceFilter(
        field_name="releases__transfers__to_country",
        queryset=Country.objects.all(),
        to_field_name="code",
        help_text="ISO code of a country the person was taken to after release.",
    )

    class Meta:
        model = Person
        fields: list[str] = []

    @property
    def qs(self):
        # Joins through releases or detentions can repeat a person; rows must be unique.
        queryset = super().qs
        joined = any(
            self.form.cleaned_data.get(name)
            for name in (
                "release_event",
                "released_after",
                "released_before",
                "detained_after",
                "detained_before",
                "transferred_to",
            )
        )
        return queryset.distinct() if joined else queryset

    def filter_search(self, queryset, name, value):
        if not value.strip():
            return queryset
        return person_search(query=value, queryset=queryset)


__all__ = ["PersonFilter"]
