"""JSON shapes shared by the API details: sources, documents, citations, the summary.

List rows are declared as columns in ``sources.selectors`` (``*_EXPORT``).
"""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from prisoners.dates import iso_partial
from sources.models import Citation, Document, Source
from sources.selectors import FEED_EXPORT


class SourceRefSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(help_text="Source slug (see /api/v1/sources/).")
    name = serializers.CharField(help_text="Name of the source.")

    class Meta:
        model = Source
        fields = ["slug", "name"]


class DocumentSerializer(serializers.ModelSerializer):
    source = SourceRefSerializer(help_text="Who published it.")
    title = serializers.CharField(help_text="Title of the article, report or page.")
    url = serializers.CharField(help_text="Address; empty for print or syndication.")
    publisher = serializers.CharField(help_text="Publisher, when not the source itself.")
    published_on = serializers.SerializerMethodField(
        help_text="Publication day, to the precision known (YYYY-MM-DD, YYYY-MM or YYYY)."
    )
    archive_url = serializers.CharField(help_text="Archived copy, if made.")

    class Meta:
        model = Document
        fields = ["source", "title", "url", "publisher", "published_on", "archive_url"]

    def get_published_on(self, document: Document) -> str | None:
        return iso_partial(document.published_on, document.published_on_precision) or None


class CitationSerializer(serializers.ModelSerializer):
    document = DocumentSerializer(help_text="The document consulted.")
    field = serializers.CharField(
        help_text="The field this citation supports; empty for the whole claim."
    )
    quote = serializers.CharField(help_text="The words of the document that support the claim.")
    confidence = serializers.CharField(help_text="low, medium or high.")

    class Meta:
        model = Citation
        fields = ["document", "field", "quote", "confidence"]


class LatestObservationSerializer(serializers.Serializer):
    metric = serializers.CharField(source="metric.slug", help_text="Metric slug.")
    metric_label = serializers.CharField(source="metric.label", help_text="What the number counts.")
    source = serializers.CharField(source="source.slug", help_text="Slug of the source.")
    source_name = serializers.CharField(source="source.name", help_text="Name of the source.")
    value = serializers.IntegerField(help_text="The number as reported.")
    qualifier = serializers.CharField(help_text="exact, at_least, more_than or about.")
    as_of = serializers.DateField(help_text="The day the source says it holds for.")
    document_url = serializers.SerializerMethodField(help_text="Address of the document, if any.")

    def get_document_url(self, observation) -> str:
        return observation.document.url if observation.document_id else ""


class TotalsSerializer(serializers.Serializer):
    people = serializers.IntegerField(
        help_text="Published people, including those whose names are withheld."
    )
    people_identified = serializers.IntegerField(help_text="Of them, people shown by name.")
    people_by_status = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Published people (withheld names included) by current status.",
    )
    releases = serializers.IntegerField(help_text="Releases recorded, withheld names included.")
    releases_identified = serializers.IntegerField(
        help_text="Of them, releases of people shown by name."
    )
    release_events = serializers.IntegerField(help_text="Published release events.")


@extend_schema_serializer(many=False)
class SummarySerializer(serializers.Serializer):
    observations = LatestObservationSerializer(
        many=True,
        help_text="The latest published number of every metric from every source, side by side.",
    )
    totals = TotalsSerializer(help_text="Counts from the records in this database.")


@extend_schema_serializer(many=False)
class FeedsPageSerializer(serializers.Serializer):
    """The feeds list: the same envelope as the paginated lists, always one page."""

    next = serializers.CharField(allow_null=True, help_text="Always null: one page.")
    previous = serializers.CharField(allow_null=True, help_text="Always null: one page.")
    results = FEED_EXPORT.serializer_class(many=True, help_text="Every enabled feed.")
