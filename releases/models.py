from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from prisoners.dates import format_partial, precision_constraints, precision_field


class Confidence(models.TextChoices):
    LOW = "low", "low"
    MEDIUM = "medium", "medium"
    HIGH = "high", "high"


class EventKind(models.TextChoices):
    PARDON = "pardon", "pardon"
    AMNESTY = "amnesty", "amnesty"
    EXCHANGE = "exchange", "exchange"
    DEPORTATION = "deportation", "deportation"
    OTHER = "other", "other"


class ReleaseEventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)


class ReleaseEvent(models.Model):
    """A group release: a pardon, an amnesty, an exchange, a deportation."""

    slug = models.SlugField(max_length=120, unique=True)
    date = models.DateField()
    date_precision = precision_field()
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    country = models.ForeignKey(
        "prisoners.Country",
        on_delete=models.PROTECT,
        related_name="release_events",
        help_text="The country that released the people.",
    )
    mediators = models.CharField(max_length=300, blank=True)
    context = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    is_published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ReleaseEventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "id"]
        constraints = [
            *precision_constraints("date", "releaseevent"),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(condition=~Q(slug=""), name="event_slug_not_blank"),
        ]
        # MAX(updated_at) is the API's Last-Modified: an index makes it one index probe.
        indexes = [models.Index(fields=["updated_at"], name="releaseevent_updated_at")]

    def __str__(self) -> str:
        return f"{self.date_display}: {self.title}"

    @property
    def date_display(self) -> str:
        return format_partial(self.date, self.date_precision)


class CountMetric(models.TextChoices):
    RELEASED = "released", "released"
    TRANSFERRED_TO = "transferred_to", "transferred to (country)"
    CITIZENS_OF = "citizens_of", "citizens of (country)"
    FOREIGN_CITIZENS = "foreign_citizens", "foreign citizens"
    WOMEN = "women", "women"
    MEN = "men", "men"
    REFUSED_EXILE = "refused_exile", "refused exile"
    NAMES_PUBLISHED = "names_published", "names published"


COUNTRY_METRICS = (CountMetric.TRANSFERRED_TO, CountMetric.CITIZENS_OF)


class Qualifier(models.TextChoices):
    EXACT = "exact", "exactly"
    AT_LEAST = "at_least", "at least"
    MORE_THAN = "more_than", "more than"
    ABOUT = "about", "about"


class EventCount(models.Model):
    """What one source says about an event's numbers. Conflicting counts sit side by side."""

    event = models.ForeignKey(ReleaseEvent, on_delete=models.CASCADE, related_name="counts")
    metric = models.CharField(max_length=30, choices=CountMetric.choices)
    country = models.ForeignKey(
        "prisoners.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    value = models.PositiveIntegerField()
    qualifier = models.CharField(max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    source = models.ForeignKey(
        "sources.Source", on_delete=models.PROTECT, related_name="event_counts"
    )
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event_id", "metric", "country_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="eventcount_value_not_negative"),
            models.CheckConstraint(
                condition=Q(metric__in=CountMetric.values), name="eventcount_metric_valid"
            ),
            models.CheckConstraint(
                condition=Q(qualifier__in=Qualifier.values), name="eventcount_qualifier_valid"
            ),
            models.CheckConstraint(
                condition=(Q(metric__in=COUNTRY_METRICS) & Q(country__isnull=False))
                | (~Q(metric__in=COUNTRY_METRICS) & Q(country__isnull=True)),
                name="eventcount_country_iff_metric_takes_one",
            ),
            models.UniqueConstraint(
                fields=["event", "metric", "country", "source", "value", "qualifier"],
                name="eventcount_unique_claim",
            ),
        ]

    def __str__(self) -> str:
        country = f" {self.country_id}" if self.country_id else ""
        return f"{self.event.slug}: {self.metric}{country} = {self.get_qualifier_display()} {self.value} ({self.source})"


class ReleaseKind(models.TextChoices):
    PARDON = "pardon", "pardon"
    AMNESTY = "amnesty", "amnesty"
    SENTENCE_SERVED = "sentence_served", "sentence served"
    EXCHANGE = "exchange", "exchange"
    ACQUITTAL = "acquittal", "acquittal"
    OTHER = "other", "other"


class Outcome(models.TextChoices):
    STAYED = "stayed", "stayed in the country"
    LEFT = "left", "left the country"
    FORCIBLY_DEPORTED = "forcibly_deported", "forcibly deported"
    REFUSED_EXILE = "refused_exile", "refused exile"


class ReleaseQuerySet(models.QuerySet):
    def public(self):
        """Releases of people the visibility rule lets us show."""
        from prisoners.models import Person

        return self.filter(person__in=Person.objects.public())


class Release(models.Model):
    """One person freed, in a group event or alone (a sentence served is a release too)."""

    person = models.ForeignKey(
        "prisoners.Person", on_delete=models.CASCADE, related_name="releases"
    )
    event = models.ForeignKey(
        ReleaseEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="releases"
    )
    detention = models.ForeignKey(
        "prisoners.Detention",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="releases",
        help_text="The imprisonment this release ended; the database refuses a release "
        "dated before it began.",
    )
    released_on = models.DateField(null=True, blank=True)
    released_on_precision = precision_field()
    kind = models.CharField(max_length=20, choices=ReleaseKind.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    confidence = models.CharField(max_length=6, choices=Confidence.choices, default=Confidence.HIGH)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["person_id", "released_on", "id"]
        constraints = [
            *precision_constraints("released_on", "release"),
            models.CheckConstraint(
                condition=Q(kind__in=ReleaseKind.values), name="release_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=Outcome.values),
                name="release_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidence__in=Confidence.values), name="release_confidence_valid"
            ),
            models.UniqueConstraint(
                fields=["person", "event"],
                condition=Q(event__isnull=False),
                name="release_once_per_person_per_event",
            ),
        ]
        indexes = [models.Index(fields=["updated_at"], name="release_updated_at")]

    def __str__(self) -> str:
        event = f" ({self.event.title})" if self.event_id else ""
        return f"{self.person}: {self.get_kind_display()} {self.released_on_display}{event}"

    @property
    def released_on_display(self) -> str:
        return format_partial(self.released_on, self.released_on_precision)


class TransferQuerySet(models.QuerySet):
    def public(self):
        from prisoners.models import Person

        return self.filter(release__person__in=Person.objects.public())


class Transfer(models.Model):
    """One border crossing after a release, in order: Belarus → Ukraine → Poland."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="transfers")
    sequence = models.PositiveSmallIntegerField(default=1)
    from_country = models.ForeignKey(
        "prisoners.Country", on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_country = models.ForeignKey(
        "prisoners.Country", on_delete=models.PROTECT, related_name="transfers_in"
    )
    date = models.DateField(null=True, blank=True)
    date_precision = precision_field()
    via = models.CharField(max_length=200, blank=True)
    forced = models.BooleanField(default=False)
    confidence = models.CharField(max_length=6, choices=Confidence.choices, default=Confidence.HIGH)
    history = HistoricalRecords()

    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["release_id", "sequence"]
        constraints = [
            *precision_constraints("date", "transfer"),
            models.UniqueConstraint(
                fields=["release", "sequence"], name="transfer_sequence_unique"
            ),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="transfer_sequence_from_1"),
            models.CheckConstraint(
                condition=~Q(from_country=models.F("to_country")), name="transfer_crosses_a_border"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_country_id} → {self.to_country_id} {format_partial(self.date, self.date_precision)}"

    @property
    def date_display(self) -> str:
        return format_partial(self.date, self.date_precision)
