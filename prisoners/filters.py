"""Filters on people, named as on the pages and in the API (one FilterSet for both).

Invalid values are form errors, so the API answers 400 naming the parameter and the page
shows the message; nothing unknown is silently ignored.

Conditions on a person's releases, detentions and transfers are ``EXISTS`` sub-queries,
not joins: a person with three releases is still one row, with no ``DISTINCT`` (which
would slow the list, break the CSV export's column list and fight the search order).
The release conditions are one sub-query, so ``release_event`` with ``released_after``
and ``released_before`` means "freed in that event, within those dates" (one release
meeting all three), and likewise for the detention dates.
"""

import django_filters
from django.db.models import Exists, OuterRef, QuerySet

from prisoners.models import Country, Detention, Gender, Person, Status, Tag
from prisoners.selectors import person_search
from releases.models import Release, ReleaseEvent, Transfer

# filter name -> lookup inside the EXISTS sub-query it belongs to
RELEASE_CONDITIONS = {
    "release_event": "event",
    "released_after": "released_on__gte",
    "released_before": "released_on__lte",
}
DETENTION_CONDITIONS = {
    "detained_after": "detained_on__gte",
    "detained_before": "detained_on__lte",
}
TRANSFER_CONDITIONS = {"transferred_to": "to_country"}


class PersonFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        max_length=200,
        help_text="Any spelling of a name, in Latin or Cyrillic script "
        "(Kalesnikava, Kolesnikova, Колесникова); best match first.",
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices,
        distinct=False,  # a column of Person: no join, nothing to repeat
        help_text="Current status; repeat the parameter for several (status=detained&status=in_exile).",
    )
    citizenship = django_filters.ModelChoiceFilter(
        field_name="citizenships",
        queryset=Country.objects.all(),
        to_field_name="code",
        help_text="ISO 3166-1 alpha-2 code of a citizenship, e.g. BY.",
    )
    tag = django_filters.ModelChoiceFilter(
        field_name="tags",
        queryset=Tag.objects.all(),
        to_field_name="slug",
        help_text="Tag slug, e.g. journalist.",
    )
    gender = django_filters.ChoiceFilter(choices=Gender.choices, help_text="Gender as recorded.")
    # The field names below only tell the OpenAPI schema the types; filter_queryset
    # applies these conditions as sub-queries.
    release_event = django_filters.ModelChoiceFilter(
        field_name="releases__event",
        queryset=ReleaseEvent.objects.public(),
        to_field_name="slug",
        help_text="Slug of a release event the person was freed in.",
    )
    released_after = django_filters.DateFilter(
        field_name="releases__released_on", help_text="Released on or after this day (YYYY-MM-DD)."
    )
    released_before = django_filters.DateFilter(
        field_name="releases__released_on", help_text="Released on or before this day (YYYY-MM-DD)."
    )
    detained_after = django_filters.DateFilter(
        field_name="detentions__detained_on",
        help_text="Detained on or after this day (YYYY-MM-DD).",
    )
    detained_before = django_filters.DateFilter(
        field_name="detentions__detained_on",
        help_text="Detained on or before this day (YYYY-MM-DD).",
    )
    transferred_to = django_filters.ModelChoiceFilter(
        field_name="releases__transfers__to_country",
        queryset=Country.objects.all(),
        to_field_name="code",
        help_text="ISO code of a country the person was taken to after a release, e.g. LT.",
    )

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        data = self.form.cleaned_data
        grouped = {*RELEASE_CONDITIONS, *DETENTION_CONDITIONS, *TRANSFER_CONDITIONS, "search"}
        for name, value in data.items():
            if name not in grouped:
                queryset = self.filters[name].filter(queryset, value)
        for model, person_path, conditions in (
            (Release, "person", RELEASE_CONDITIONS),
            (Detention, "person", DETENTION_CONDITIONS),
            (Transfer, "release__person", TRANSFER_CONDITIONS),
        ):
            lookups = {
                lookup: data[name]
                for name, lookup in conditions.items()
                if data.get(name) not in (None, "")
            }
            if lookups:
                related = model.objects.filter(**{person_path: OuterRef("pk")}, **lookups)
                queryset = queryset.filter(Exists(related))
        # Last, so the search scores only the people the other filters kept.
        query = (data.get("search") or "").strip()
        if query:
            queryset = person_search(query=query, queryset=queryset)
        return queryset


__all__ = ["PersonFilter"]
