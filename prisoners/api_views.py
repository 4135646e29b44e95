"""API endpoints for people: ``/api/v1/prisoners/`` and ``/api/v1/prisoners/<slug>/``.

Reads go through the shared selectors and ``PersonFilter`` (the pages use the same), so
the visibility rule and the filter names are the same everywhere.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from prisoners.filters import PersonFilter
from prisoners.models import Detention, Person, Sentence
from prisoners.selectors import PERSON_EXPORT, person_detail, person_rows_ordering
from prisoners.serializers import PersonDetailSerializer
from releases.models import Release, ReleaseEvent, Transfer
from sources.models import Citation
from tracker.viewsets import TrackerViewSet, list_schema, slug_parameter

NOT_FOUND = OpenApiResponse(description="No person is shown under this slug.")


@extend_schema_view(
    list=list_schema(
        PERSON_EXPORT,
        "People shown by name, with their current status and where they were taken. "
        "People whose names are withheld are counted in /api/v1/summary/ but never listed. "
        "Ordered by name, or by relevance when `search` is given.",
    ),
    retrieve=extend_schema(
        description="One person's full record: every spelling of the name, detentions with "
        "charges and sentences, releases with the border crossings that followed, and the "
        "documents behind each fact.",
        parameters=[slug_parameter("person, as in the list")],
        responses={200: PersonDetailSerializer, 404: NOT_FOUND},
    ),
)
class PersonViewSet(TrackerViewSet):
    export = PERSON_EXPORT
    filterset_class = PersonFilter
    detail_serializer_class = PersonDetailSerializer
    changed_models = (Person, Detention, Sentence, Release, Transfer, ReleaseEvent, Citation)
    searching = False

    def get_queryset(self):
        return Person.objects.public()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # person_search annotates its rank; the list then follows relevance.
        self.searching = "search_rank" in queryset.query.annotations
        return queryset

    def get_cursor_ordering(self) -> tuple[str, ...]:
        return person_rows_ordering(searching=self.searching)

    def retrieve(self, request, slug: str | None = None, *args, **kwargs):
        try:
            person = person_detail(slug=slug or "")
        except Person.DoesNotExist:
            # The same answer for a slug that never existed and for a hidden record.
            raise NotFound() from None
        return Response(PersonDetailSerializer(person).data)
