"""JSON shapes of a person's record for the API detail (the list rows are declared as
columns in ``prisoners.selectors.PERSON_EXPORT``).

Every object here is reached through ``prisoners.selectors.person_detail``, which applies
the visibility rule and prefetches the whole record; the serializers only read what was
prefetched (``.all()``), so they never issue a query of their own.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from prisoners.dates import iso_partial
from prisoners.models import Charge, Detention, Person, PersonName, Sentence
from releases.models import Release, Transfer
from sources.serializers import CitationSerializer, SourceRefSerializer


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
        "example": "2020-05",
    }
)
class PartialDateField(serializers.Field):
    """A date as precisely as the source gave it, from ``<field>`` and ``<field>_precision``."""

    def __init__(self, date_field: str, **kwargs):
        self.date_field = date_field
        kwargs.setdefault(
            "help_text",
            "ISO 8601 to the precision the source gave: YYYY-MM-DD, YYYY-MM or YYYY; null when unknown.",
        )
        super().__init__(source="*", read_only=True, allow_null=True, **kwargs)

    def to_representation(self, instance):
        value = getattr(instance, self.date_field)
        return iso_partial(value, getattr(instance, f"{self.date_field}_precision")) or None


class PersonNameSerializer(serializers.ModelSerializer):
    text = serializers.CharField(help_text="The spelling, in its own script.")
    language = serializers.CharField(help_text="BCP 47 tag: be, ru, uk, pl, be-Latn, ru-Latn, en.")
    kind = serializers.CharField(help_text="official, transliteration, alternative or former.")

    class Meta:
        model = PersonName
        fields = ["text", "language", "kind"]


class ChargeSerializer(serializers.ModelSerializer):
    code = serializers.CharField(help_text="Criminal-code article, e.g. 342 or 361-1.")
    part = serializers.CharField(help_text="Part of the article, if given.")
    title = serializers.CharField(help_text="What the article is about.")

    class Meta:
        model = Charge
        fields = ["code", "part", "title"]


class SentenceSerializer(serializers.ModelSerializer):
    sentenced_on = PartialDateField(
        "sentenced_on", help_text="Day of the sentence (partial ISO date)."
    )
    months = serializers.IntegerField(
        allow_null=True, help_text="Length in months (18 years = 216)."
    )
    regime = serializers.CharField(help_text="Prison regime, as reported.")
    court = serializers.CharField(help_text="Court that passed it.")
    note = serializers.CharField(help_text="Remark.")
    citations = CitationSerializer(many=True, help_text="Documents that report this sentence.")

    class Meta:
        model = Sentence
        fields = ["sentenced_on", "months", "regime", "court", "note", "citations"]


class DetentionSerializer(serializers.ModelSerializer):
    detained_on = PartialDateField("detained_on", help_text="Day of the arrest (partial ISO date).")
    place = serializers.CharField(help_text="Where the person was detained.")
    court = serializers.CharField(help_text="Court that tried the case.")
    facility = serializers.CharField(help_text="Prison or colony, as last reported.")
    recognised_on = serializers.DateField(
        allow_null=True, help_text="Day a source recognised the person as a political prisoner."
    )
    recognised_by = SourceRefSerializer(
        allow_null=True, help_text="The source that recognised them."
    )
    ended_on = PartialDateField("ended_on", help_text="Day the detention ended (partial ISO date).")
    end_reason = serializers.CharField(help_text="released, died or other; empty while detained.")
    charges = ChargeSerializer(many=True, help_text="Articles charged.")
    sentences = SentenceSerializer(
        many=True, help_text="Sentences, in order (a term can be extended)."
    )
    citations = CitationSerializer(many=True, help_text="Documents that report this detention.")

    class Meta:
        model = Detention
        fields = [
            "detained_on",
            "place",
            "court",
            "facility",
            "recognised_on",
            "recognised_by",
            "ended_on",
            "end_reason",
            "charges",
            "sentences",
            "citations",
        ]


class TransferSerializer(serializers.ModelSerializer):
    sequence = serializers.IntegerField(
        help_text="1 for the first crossing after the release, then 2, ..."
    )
    from_country = serializers.CharField(
        source="from_country_id", help_text="ISO code of the country left."
    )
    to_country = serializers.CharField(
        source="to_country_id", help_text="ISO code of the country entered."
    )
    date = PartialDateField("date", help_text="Day of the crossing (partial ISO date).")
    via = serializers.CharField(help_text="How, or through whom.")
    forced = serializers.BooleanField(help_text="Reported as forced (a deportation).")
    confidence = serializers.CharField(help_text="low, medium or high.")
    citations = CitationSerializer(many=True, help_text="Documents that report this crossing.")

    class Meta:
        model = Transfer
        fields = [
            "sequence",
            "from_country",
            "to_country",
            "date",
            "via",
            "forced",
            "confidence",
            "citations",
        ]


class EventRefSerializer(serializers.Serializer):
    slug = serializers.CharField(
        help_text="Slug of the release event: /api/v1/release-events/<slug>/."
    )
    title = serializers.CharField(help_text="Title of the event.")


class ReleaseSerializer(serializers.ModelSerializer):
    event = serializers.SerializerMethodField(
        help_text="The release event, if the person was freed in one."
    )
    released_on = PartialDateField(
        "released_on", help_text="Day of the release (partial ISO date)."
    )
    kind = serializers.CharField(
        help_text="pardon, amnesty, sentence_served, exchange, acquittal or other."
    )
    outcome = serializers.CharField(
        help_text="stayed, left, forcibly_deported or refused_exile; empty if unknown."
    )
    confidence = serializers.CharField(help_text="low, medium or high.")
    note = serializers.CharField(help_text="Remark.")
    transfers = TransferSerializer(
        many=True, help_text="Border crossings after the release, in order."
    )
    citations = CitationSerializer(many=True, help_text="Documents that report this release.")

    class Meta:
        model = Release
        fields = [
            "event",
            "released_on",
            "kind",
            "outcome",
            "confidence",
            "note",
            "transfers",
            "citations",
        ]

    @extend_schema_field(EventRefSerializer(allow_null=True))
    def get_event(self, release: Release) -> dict | None:
        # An unpublished event is a draft: the release shows without it.
        if release.event_id and release.event.is_published:
            return EventRefSerializer(release.event).data
        return None


class TagSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="Tag slug, usable as ?tag= on the list.")
    label = serializers.CharField(help_text="Tag label.")


class PersonDetailSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(help_text="Stable identifier, used in URLs.")
    name = serializers.CharField(help_text="Primary Latin-script display name.")
    gender = serializers.CharField(help_text="female, male, other or unknown.")
    status = serializers.CharField(
        help_text="detained, released (in the country), in_exile, died_in_custody or unknown."
    )
    birth_date = PartialDateField("birth_date", help_text="Date of birth (partial ISO date).")
    citizenships = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code", help_text="ISO 3166-1 alpha-2 codes."
    )
    tags = TagSerializer(many=True, help_text="What the person is known as.")
    occupation = serializers.CharField(help_text="Occupation as reported.")
    bio = serializers.CharField(help_text="Short biography.")
    names = PersonNameSerializer(
        many=True, help_text="Every known spelling, with its language tag."
    )
    detentions = DetentionSerializer(many=True, help_text="Spells of imprisonment, oldest first.")
    releases = ReleaseSerializer(
        many=True, help_text="Releases, oldest first, with the crossings that followed."
    )
    citations = CitationSerializer(many=True, help_text="Documents that report on the person.")
    updated_at = serializers.DateTimeField(help_text="Last change to the record itself.")

    class Meta:
        model = Person
        fields = [
            "slug",
            "name",
            "gender",
            "status",
            "birth_date",
            "citizenships",
            "tags",
            "occupation",
            "bio",
            "names",
            "detentions",
            "releases",
            "citations",
            "updated_at",
        ]
