from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from prisoners.dates import Precision, format_partial, precision_constraints, precision_field


class Country(models.Model):
    """An ISO 3166-1 country; the code is the key, so rows store 'BY', 'UA', 'LT'."""

    code = models.CharField(max_length=2, primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_two_capitals"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Tag(models.Model):
    """What a person is known as: journalist, lawyer, human-rights defender, ..."""

    slug = models.SlugField(unique=True)
    label = models.CharField(max_length=80)

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class Status(models.TextChoices):
    DETAINED = "detained", "detained"
    RELEASED = "released", "released (in the country)"
    IN_EXILE = "in_exile", "in exile"
    DIED_IN_CUSTODY = "died_in_custody", "died in custody"
    UNKNOWN = "unknown", "unknown"


class Gender(models.TextChoices):
    FEMALE = "female", "female"
    MALE = "male", "male"
    OTHER = "other", "other"
    UNKNOWN = "unknown", "unknown"


class PersonQuerySet(models.QuerySet):
    def public(self):
        """The one visibility rule for every public read (pages, API, CSV, search).

        Unpublished people appear nowhere public; people whose names are withheld are
        counted in totals (see ``counted``) but never listed, linked or found.
        """
        return self.filter(is_published=True, name_withheld=False)

    def counted(self):
        """Everyone published, withheld or not: for totals only, never for rows."""
        return self.filter(is_published=True)


class Person(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200, help_text="Primary Latin-script display name.")
    gender = models.CharField(max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    birth_date = models.DateField(null=True, blank=True)
    birth_date_precision = precision_field()
    citizenships = models.ManyToManyField(Country, blank=True, related_name="citizens")
    occupation = models.CharField(max_length=300, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="people")
    bio = models.TextField(blank=True)
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.UNKNOWN,
        db_index=True,
        help_text="Derived from the timeline by prisoners.services.person_status_refresh.",
    )
    name_withheld = models.BooleanField(
        default=False, help_text="Counted in totals; nothing identifying is ever shown."
    )
    is_published = models.BooleanField(default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[citizenships, tags])

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            *precision_constraints("birth_date", "person"),
            models.CheckConstraint(condition=~Q(slug=""), name="person_slug_not_blank"),
            models.CheckConstraint(condition=~Q(name=""), name="person_name_not_blank"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="person_status_valid"
            ),
        ]
        indexes = [
            # The public list's order (``PersonQuerySet.public`` then name, id): the first
            # page and every cursor position is an index range, not a sort of everyone.
            models.Index(
                fields=["name", "id"],
                condition=Q(is_published=True, name_withheld=False),
                name="person_public_by_name",
            ),
            # MAX(updated_at) for Last-Modified, and the "-updated" sort.
            models.Index(fields=["updated_at"], name="person_updated_at"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (withheld)" if self.name_withheld else self.name

    @property
    def birth_date_display(self) -> str:
        return format_partial(self.birth_date, self.birth_date_precision)


class NameKind(models.TextChoices):
    OFFICIAL = "official", "official"
    TRANSLITERATION = "transliteration", "transliteration"
    ALTERNATIVE = "alternative", "alternative"
    FORMER = "former", "former"


class PersonName(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    text = models.CharField(max_length=200)
    language = models.CharField(
        max_length=20, help_text="BCP 47 tag: be, ru, uk, pl, be-Latn, ru-Latn, en."
    )
    kind = models.CharField(max_length=20, choices=NameKind.choices, default=NameKind.ALTERNATIVE)
    folded = models.CharField(max_length=250, editable=False, db_index=True)
    key = models.CharField(max_length=250, editable=False, db_index=True)

    class Meta:
        ordering = ["person_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "text", "language"], name="person_name_unique"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="person_name_text_not_blank"),
            models.CheckConstraint(
                condition=Q(language__regex=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
                name="person_name_language_bcp47",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} [{self.language}]"

    def save(self, *args, **kwargs):
        # The search keys are derived data: keeping them in step here means no write
        # path (admin, import, feeds) can store a name that search cannot find.
        self.fill_keys()
        super().save(*args, **kwargs)

    def fill_keys(self) -> None:
        from prisoners.names import fold, name_key

        self.folded = fold(self.text)[:250]
        self.key = name_key(self.text)[:250]


class EndReason(models.TextChoices):
    RELEASED = "released", "released"
    DIED = "died", "died in custody"
    OTHER = "other", "other"


class Detention(models.Model):
    """One spell of imprisonment, from arrest to release (or still open)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="detentions")
    detained_on = models.DateField(null=True, blank=True)
    detained_on_precision = precision_field()
    place = models.CharField(max_length=200, blank=True)
    court = models.CharField(max_length=200, blank=True)
    facility = models.CharField(max_length=200, blank=True)
    recognised_on = models.DateField(null=True, blank=True)
    recognised_by = models.ForeignKey(
        "sources.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_on = models.DateField(null=True, blank=True)
    ended_on_precision = precision_field()
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person_id", "detained_on", "id"]
        constraints = [
            *precision_constraints("detained_on", "detention"),
            *precision_constraints("ended_on", "detention"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(detained_on__isnull=True)
                | Q(ended_on__gte=models.F("detained_on")),
                name="detention_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="") | Q(ended_on__isnull=False),
                name="detention_end_reason_needs_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: detained {format_partial(self.detained_on, self.detained_on_precision) or 'date unknown'}"

    @property
    def detained_on_display(self) -> str:
        return format_partial(self.detained_on, self.detained_on_precision)

    @property
    def ended_on_display(self) -> str:
        return format_partial(self.ended_on, self.ended_on_precision)


class Charge(models.Model):
    """A criminal-code article a detention was charged under."""

    detention = models.ForeignKey(Detention, on_delete=models.CASCADE, related_name="charges")
    code = models.CharField(max_length=20, help_text="Article, e.g. 228 or 361-1.")
    part = models.CharField(max_length=10, blank=True)
    title = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["detention_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["detention", "code", "part"], name="charge_unique"),
        ]

    def __str__(self) -> str:
        part = f" part {self.part}" if self.part else ""
        return f"Art. {self.code}{part}" + (f" ({self.title})" if self.title else "")


class Sentence(models.Model):
    """A sentence within a detention; a detention can carry several (18 y, then +1.5 y)."""

    detention = models.ForeignKey(Detention, on_delete=models.CASCADE, related_name="sentences")
    sentenced_on = models.DateField(null=True, blank=True)
    sentenced_on_precision = precision_field()
    months = models.PositiveIntegerField(null=True, blank=True)
    regime = models.CharField(max_length=100, blank=True)
    court = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["detention_id", "sentenced_on", "id"]
        constraints = [
            *precision_constraints("sentenced_on", "sentence"),
            models.CheckConstraint(
                condition=Q(months__isnull=True) | Q(months__gte=0, months__lte=12 * 60),
                name="sentence_months_in_range",
            ),
        ]

    def __str__(self) -> str:
        length = f"{self.months / 12:g} years" if self.months is not None else "term unknown"
        return f"{length}, {self.sentenced_on_display or 'date unknown'}"

    @property
    def sentenced_on_display(self) -> str:
        return format_partial(self.sentenced_on, self.sentenced_on_precision)


__all__ = [
    "Charge",
    "Country",
    "Detention",
    "EndReason",
    "Gender",
    "NameKind",
    "Person",
    "PersonName",
    "Precision",
    "Sentence",
    "Status",
    "Tag",
]
