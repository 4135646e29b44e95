"""JSON shape of a release event for the API detail (list rows are declared as columns
in ``releases.selectors``): the sources' counts side by side, how many of its people the
database identifies by name, who they are, and where they were taken."""

from rest_framework import serializers

from prisoners.serializers import PartialDateField
from releases.models import EventCount, ReleaseEvent
from sources.serializers import CitationSerializer, SourceRefSerializer


class EventCountSerializer(serializers.ModelSerializer):
    metric = serializers.CharField(
        help_text="released, transferred_to, citizens_of, foreign_citizens, women, men, "
        "refused_exile or names_published."
    )
    country = serializers.CharField(
        source="country_id",
        allow_null=True,
        help_text="ISO code, for transferred_to and citizens_of.",
    )
    value = serializers.IntegerField(help_text="The number as the source gave it.")
    qualifier = serializers.CharField(help_text="exact, at_least, more_than or about.")
    source = SourceRefSerializer(help_text="Who gave this number.")
    note = serializers.CharField(help_text="Remark.")
    citations = CitationSerializer(many=True, help_text="Documents that report this number.")

    class Meta:
        model = EventCount
        fields = ["metric", "country", "value", "qualifier", "source", "note", "citations"]


class DestinationSerializer(serializers.Serializer):
    country = serializers.CharField(source="code", help_text="ISO code of the country.")
    people_identified = serializers.IntegerField(
        source="count", help_text="People identified by name who were taken there."
    )


class EventPersonSerializer(serializers.Serializer):
    slug = serializers.CharField(source="person.slug", help_text="Slug of the person.")
    name = serializers.CharField(source="person.name", help_text="Display name.")
    outcome = serializers.CharField(help_text="stayed, left, forcibly_deported or refused_exile.")


class ReleaseEventDetailSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(help_text="Stable identifier, used in URLs.")
    date = PartialDateField("date", help_text="Day of the release (partial ISO date).")
    title = serializers.CharField(help_text="Short title.")
    kind = serializers.CharField(help_text="pardon, amnesty, exchange, deportation or other.")
    country = serializers.CharField(
        source="country_id", help_text="ISO code of the releasing country."
    )
    mediators = serializers.CharField(help_text="Who mediated, as reported.")
    context = serializers.CharField(help_text="What came with the release, as reported.")
    summary = serializers.CharField(help_text="What happened, in our words.")
    counts = EventCountSerializer(
        many=True,
        help_text="Every source's numbers, side by side; conflicting counts are never merged.",
    )
    people_identified = serializers.IntegerField(
        source="identified",
        help_text="How many of the event's people this database identifies by name.",
    )
    people = EventPersonSerializer(
        source="named_releases", many=True, help_text="The people identified by name, by name."
    )
    destinations = DestinationSerializer(
        many=True,
        help_text="Where the identified people were taken, with how many went to each country.",
    )
    citations = CitationSerializer(many=True, help_text="Documents that report the event.")
    updated_at = serializers.DateTimeField(help_text="Last change to the event record.")

    class Meta:
        model = ReleaseEvent
        fields = [
            "slug",
            "date",
            "title",
            "kind",
            "country",
            "mediators",
            "context",
            "summary",
            "counts",
            "people_identified",
            "people",
            "destinations",
            "citations",
            "updated_at",
        ]
