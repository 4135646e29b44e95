from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from prisoners.dates import format_partial, precision_constraints, precision_field
from releases.models import Confidence, Qualifier


class SourceKind(models.TextChoices):
    HUMAN_RIGHTS_GROUP = "human_rights_group", "human-rights group"
    NEWS_OUTLET = "news_outlet", "news outlet"
    STATE_MEDIA = "state_media", "state news agency"
    GOVERNMENT = "government", "government"
    INTERNATIONAL = "international", "international organisation"
    OTHER = "other", "other"


class Source(models.Model):
    """Who said it: Viasna, Bloomberg News, Human Rights Watch, a state news agency."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=SourceKind.choices, default=SourceKind.OTHER)
    url = models.URLField(blank=True)
    notes = models.TextField(blank=True, help_text="How this source counts and what it covers.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """One thing consulted: an article, a report, a page, a feed body."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="documents")
    url = models.URLField(max_length=500, blank=True, help_text="Blank for print or syndication.")
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=200, blank=True)
    authors = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=20, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_on_precision = precision_field()
    retrieved_at = models.DateTimeField(null=True, blank=True)
    archive_url = models.URLField(max_length=500, blank=True)
    content_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-published_on", "id"]
        constraints = [
            *precision_constraints("published_on", "document"),
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="document_url_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.title}"

    @property
    def published_on_display(self) -> str:
        return format_partial(self.published_on, self.published_on_precision)


# The claims a citation can support. Each is a nullable foreign key and exactly one is set,
# so the database itself refuses a citation that supports nothing or two things at once.
CITED_FIELDS = (
    ("person", "prisoners.Person"),
    ("detention", "prisoners.Detention"),
    ("sentence", "prisoners.Sentence"),
    ("release", "releases.Release"),
    ("transfer", "releases.Transfer"),
    ("event_count", "releases.EventCount"),
    ("event", "releases.ReleaseEvent"),
    ("observation", "sources.Observation"),
)


def _exactly_one_claim() -> Q:
    names = [name for name, _ in CITED_FIELDS]
    alternatives = Q()
    for chosen in names:
        term = Q(**{f"{chosen}__isnull": False})
        for other in names:
            if other != chosen:
                term &= Q(**{f"{other}__isnull": True})
        alternatives |= term
    return alternatives


class CitationQuerySet(models.QuerySet):
    def public(self):
        """Citations of claims the visibility rule lets us show.

        Each branch asks whether *this* citation's claim belongs to a public person, as an
        ``EXISTS`` keyed on the citation's own foreign key: an index probe per citation
        when few are read, a hashed sub-plan when all are, and never the set of every
        public person built once per branch (which ``person__in=<public people>`` did).
        """
        from prisoners.models import Person

        def public_person(path: str, column: str) -> Exists:
            return Exists(Person.objects.public().filter(**{path: OuterRef(column)}))

        return self.filter(
            (Q(person__isnull=False) & public_person("pk", "person_id"))
            | (Q(detention__isnull=False) & public_person("detentions", "detention_id"))
            | (Q(sentence__isnull=False) & public_person("detentions__sentences", "sentence_id"))
            | (Q(release__isnull=False) & public_person("releases", "release_id"))
            | (Q(transfer__isnull=False) & public_person("releases__transfers", "transfer_id"))
            | Q(event_count__event__is_published=True)
            | Q(event__is_published=True)
            | Q(observation__status="published")
        )


def _claim(model: str) -> models.ForeignKey:
    """One of the claims a citation may support (see CITED_FIELDS)."""
    return models.ForeignKey(
        model, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )


class Citation(models.Model):
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="citations")
    person = _claim("prisoners.Person")
    detention = _claim("prisoners.Detention")
    sentence = _claim("prisoners.Sentence")
    release = _claim("releases.Release")
    transfer = _claim("releases.Transfer")
    event_count = _claim("releases.EventCount")
    event = _claim("releases.ReleaseEvent")
    observation = _claim("sources.Observation")
    field = models.CharField(
        max_length=60, blank=True, help_text="The field this supports, if one."
    )
    quote = models.TextField(blank=True)
    confidence = models.CharField(max_length=6, choices=Confidence.choices, default=Confidence.HIGH)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_claim(), name="citation_supports_one_claim"
            ),
            models.CheckConstraint(
                condition=Q(confidence__in=Confidence.values), name="citation_confidence_valid"
            ),
        ]
        # MAX(created_at) is part of the API's Last-Modified.
        indexes = [models.Index(fields=["created_at"], name="citation_created_at")]

    def __str__(self) -> str:
        return f"{self.claim_label()} ← {self.document}"

    @property
    def claim(self):
        for name, _ in CITED_FIELDS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    def claim_label(self) -> str:
        for name, _ in CITED_FIELDS:
            if getattr(self, f"{name}_id"):
                return name.replace("_", " ")
        return "nothing"


class Metric(models.Model):
    """What a count means: political_prisoners_current, recognised_since_2020, ..."""

    slug = models.SlugField(max_length=80, unique=True)
    label = models.CharField(max_length=200)
    definition = models.TextField()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.label


class ObservationStatus(models.TextChoices):
    PUBLISHED = "published", "published"
    HELD = "held", "held for review"


class ObservationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=ObservationStatus.PUBLISHED)


class Observation(models.Model):
    """One number a source reported, as of the date the source states."""

    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="observations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="observations")
    value = models.PositiveIntegerField()
    qualifier = models.CharField(max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    as_of = models.DateField()
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="observations"
    )
    feed_run = models.ForeignKey(
        "sources.FeedRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observations",
    )
    status = models.CharField(
        max_length=10, choices=ObservationStatus.choices, default=ObservationStatus.PUBLISHED
    )
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["metric_id", "as_of", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "metric", "as_of"],
                name="observation_unique_per_source_metric_day",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="observation_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ObservationStatus.values), name="observation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(qualifier__in=Qualifier.values), name="observation_qualifier_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["metric", "source", "-as_of"], name="observation_latest"),
            # MAX(created_at) is the observations list's Last-Modified.
            models.Index(fields=["created_at"], name="observation_created_at"),
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.metric.slug} = {self.value} as of {self.as_of}"


# A feed body is recorded as a Document whose URL is the feed's URL plus a
# ``#sha256=<hex>`` fragment (see sources.feeds): Document URLs are unique, and each
# distinct body is one thing consulted. The fragment takes 72 of the Document's 500.
FEED_URL_MAX_LENGTH = 420


class Feed(models.Model):
    """A source we refresh on a schedule through one of the adapters."""

    name = models.CharField(max_length=200)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="feeds")
    url = models.URLField(max_length=FEED_URL_MAX_LENGTH)
    adapter = models.CharField(max_length=20, help_text="rss, atom, html, json or csv.")
    config = models.JSONField(default=dict, blank=True)
    interval = models.PositiveIntegerField(default=60, help_text="Minutes between refreshes.")
    enabled = models.BooleanField(default=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_content_sha256 = models.CharField(max_length=64, blank=True)
    next_run_at = models.DateTimeField(null=True, blank=True, db_index=True)
    failures = models.PositiveIntegerField(default=0, help_text="Failed runs in a row.")
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(interval__gte=1), name="feed_interval_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class RunOutcome(models.TextChoices):
    RUNNING = "running", "running"
    OK = "ok", "ok"
    UNCHANGED = "unchanged", "unchanged"
    FAILED = "failed", "failed"
    REJECTED = "rejected", "rejected"


class FeedRun(models.Model):
    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=10, choices=RunOutcome.choices, default=RunOutcome.RUNNING
    )
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    bytes = models.PositiveIntegerField(null=True, blank=True)
    content_sha256 = models.CharField(max_length=64, blank=True)
    items_seen = models.PositiveIntegerField(default=0)
    items_new = models.PositiveIntegerField(default=0)
    items_held = models.PositiveIntegerField(
        default=0, help_text="Observations stored as held for review (a suspicious jump)."
    )
    error = models.TextField(blank=True)
    retryable = models.BooleanField(
        default=False, help_text="The failure was a network error worth retrying soon."
    )
    warnings = models.TextField(blank=True, help_text="What the run noticed but did not refuse.")
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="feed_runs"
    )

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.feed} at {self.started_at:%Y-%m-%d %H:%M}: {self.outcome}"


class FeedItemStatus(models.TextChoices):
    PENDING = "pending", "pending review"
    APPLIED = "applied", "applied"
    REJECTED = "rejected", "rejected"
    DUPLICATE = "duplicate", "duplicate"


class FeedItem(models.Model):
    """A roster row from a feed, waiting for an editor: feeds never publish people."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    feed_run = models.ForeignKey(FeedRun, on_delete=models.CASCADE, related_name="items")
    external_id = models.CharField(max_length=200)
    payload = models.JSONField()
    person = models.ForeignKey(
        "prisoners.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feed_items",
    )
    match_score = models.FloatField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=FeedItemStatus.choices, default=FeedItemStatus.PENDING
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["feed", "external_id"], name="feeditem_unique_per_feed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.feed}: {self.external_id} ({self.status})"
