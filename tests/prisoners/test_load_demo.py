"""``manage.py load_demo``: idempotent, and it holds the facts of the Belarus 2024–2026 file."""

import datetime
import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command

from prisoners.models import Person, PersonName, Status
from prisoners.services import person_status_derive
from releases.models import EventCount, Release, ReleaseEvent, Transfer
from sources.models import Citation, Document, Observation

D = datetime.date
DEC_13 = "2025-12-13-pardon-123"

NAMED = {
    "ales-bialiatski": "Ales Bialiatski",
    "maryia-kalesnikava": "Maryia Kalesnikava",
    "viktar-babaryka": "Viktar Babaryka",
    "maksim-znak": "Maksim Znak",
    "siarhei-tsikhanouski": "Siarhei Tsikhanouski",
    "mikalai-statkevich": "Mikalai Statkevich",
    "ryhor-kastusiou": "Ryhor Kastusiou",
    "ihar-losik": "Ihar Losik",
    "andrey-kuznechyk": "Andrey Kuznechyk",
    "aliaksandr-fiaduta": "Aliaksandr Fiaduta",
    "uladzimir-labkovich": "Uladzimir Labkovich",
    "andrzej-poczobut": "Andrzej Poczobut",
}


def _snapshot() -> dict[str, object]:
    """Row counts of every model (history and m2m tables included), plus the full
    contents of the tables load_demo writes, so a second run that merely re-saves or
    edits a row is caught as well as one that duplicates it."""
    snap: dict[str, object] = {}
    for model in apps.get_models(include_auto_created=True):
        snap[f"count:{model._meta.label}"] = model._base_manager.count()
        if model._meta.app_label in {"prisoners", "releases"} or model._meta.model_name in {
            "source",
            "document",
            "citation",
            "metric",
            "observation",
            "historicalcitation",
            "historicalobservation",
        }:
            snap[f"rows:{model._meta.label}"] = list(model._base_manager.order_by("pk").values())
    return snap


def _person(slug: str) -> Person:
    return Person.objects.get(slug=slug)


@pytest.mark.django_db
def test_second_run_changes_no_row_in_any_table():
    call_command("load_demo", verbosity=0)
    first = _snapshot()
    assert first["count:prisoners.Person"] > 0
    call_command("load_demo", verbosity=0)
    assert _snapshot() == first


@pytest.mark.django_db
def test_command_prints_a_summary_and_creates_nothing_the_second_time():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert re.match(r"demo data: 15 people \(3 withheld\), 7 events, ", out.getvalue())
    assert "0 rows created" not in out.getvalue()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert out.getvalue().strip().endswith("; 0 rows created")


def test_every_event_date_is_loaded(demo):
    dates = set(ReleaseEvent.objects.values_list("date", flat=True))
    assert dates == {
        D(2024, 7, 3),
        D(2025, 2, 12),
        D(2025, 6, 21),
        D(2025, 9, 11),
        D(2025, 9, 16),
        D(2025, 11, 22),
        D(2025, 12, 13),
    }
    assert ReleaseEvent.objects.public().count() == 7
    assert not ReleaseEvent.objects.filter(citations__isnull=True).exists()


def test_every_named_person_is_loaded_and_public(demo):
    public = dict(Person.objects.public().values_list("slug", "name"))
    assert public == NAMED


def test_spellings_keep_their_language_tags(demo):
    names = set(PersonName.objects.values_list("person__slug", "text", "language", "kind"))
    assert ("ales-bialiatski", "Алесь Бяляцкі", "be", "official") in names
    assert ("ales-bialiatski", "Ales Belyatsky", "ru-Latn", "transliteration") in names
    assert ("maryia-kalesnikava", "Мария Колесникова", "ru", "alternative") in names
    assert ("andrzej-poczobut", "Andrej Pačobut", "be-Latn", "transliteration") in names
    assert ("siarhei-tsikhanouski", "Сяргей Ціханоўскі", "be", "official") in names
    assert _person("ales-bialiatski").names.count() == 4


def test_partial_dates_keep_their_precision(demo):
    detention = _person("ales-bialiatski").detentions.get()
    assert (detention.detained_on, detention.detained_on_precision) == (D(2021, 7, 1), "month")
    assert detention.detained_on_display == "July 2021"
    fiaduta = _person("aliaksandr-fiaduta").detentions.get()
    assert (fiaduta.detained_on, fiaduta.detained_on_precision) == (D(2021, 1, 1), "year")
    sentence = _person("ryhor-kastusiou").detentions.get().sentences.get()
    assert (sentence.sentenced_on, sentence.sentenced_on_precision) == (D(2022, 9, 1), "month")


def test_tsikhanouski_carries_two_sentences(demo):
    detention = _person("siarhei-tsikhanouski").detentions.get()
    sentences = list(detention.sentences.order_by("sentenced_on"))
    assert [(s.sentenced_on, s.months) for s in sentences] == [
        (D(2021, 12, 14), 216),
        (D(2023, 2, 27), 18),
    ]
    assert sentences[0].court == "Gomel Regional Court"
    assert detention.charges.filter(code="411", part="2").exists()


def test_bialiatski_charges_and_sentence(demo):
    detention = _person("ales-bialiatski").detentions.get()
    assert set(detention.charges.values_list("code", "part")) == {("228", "4"), ("342", "2")}
    sentence = detention.sentences.get()
    assert (sentence.months, sentence.sentenced_on) == (120, D(2023, 3, 3))


def test_december_counts_sit_side_by_side_with_their_sources(demo):
    counts = set(
        EventCount.objects.filter(event__slug=DEC_13).values_list(
            "metric", "country", "value", "source__slug"
        )
    )
    assert ("released", None, 123, "bloomberg") in counts
    assert ("released", None, 123, "hrw") in counts
    assert ("transferred_to", "UA", 104, "bloomberg") in counts
    assert ("transferred_to", "UA", 114, "viasna") in counts
    assert ("citizens_of", "BY", 104, "viasna") in counts
    assert ("citizens_of", "UA", 5, "bloomberg") in counts
    assert ("transferred_to", "LT", 9, "hrw") in counts
    assert ("names_published", None, 109, "ukrainian-authorities") in counts
    # The two 104s are different claims by different sources, neither merged away.
    hundred_and_four = [c for c in counts if c[2] == 104]
    assert len(hundred_and_four) == 2
    assert len({c[3] for c in hundred_and_four}) == 2


def test_september_counts(demo):
    sep_11 = set(
        EventCount.objects.filter(event__slug="2025-09-11-pardon-52").values_list(
            "metric", "country", "value"
        )
    )
    assert {
        ("released", None, 52),
        ("citizens_of", "BY", 38),
        ("foreign_citizens", None, 14),
        ("transferred_to", "LT", 51),
        ("refused_exile", None, 1),
    } <= sep_11
    sep_16 = set(
        EventCount.objects.filter(event__slug="2025-09-16-pardon-25").values_list("metric", "value")
    )
    assert sep_16 == {("released", 25), ("women", 12), ("men", 13)}


def _only_release(slug: str) -> Release:
    return _person(slug).releases.get()


def test_bialiatski_was_deported_to_lithuania(demo):
    release = _only_release("ales-bialiatski")
    assert release.event.slug == DEC_13
    assert release.outcome == "forcibly_deported"
    transfer = release.transfers.get()
    assert (transfer.sequence, transfer.from_country_id, transfer.to_country_id) == (1, "BY", "LT")
    assert transfer.forced


@pytest.mark.parametrize(
    "slug", ["maryia-kalesnikava", "viktar-babaryka", "maksim-znak", "aliaksandr-fiaduta"]
)
def test_december_group_went_to_ukraine(demo, slug):
    release = _only_release(slug)
    assert release.event.slug == DEC_13
    assert release.outcome == "forcibly_deported"
    transfer = release.transfers.get()
    assert (transfer.sequence, transfer.from_country_id, transfer.to_country_id) == (1, "BY", "UA")
    assert transfer.date == D(2025, 12, 13)
    assert "Khochu Zhyty" in transfer.via


def test_no_onward_crossing_is_invented(demo):
    # The facts name nobody's destination after Ukraine: no second crossing anywhere.
    assert not Transfer.objects.filter(sequence__gt=1).exists()
    assert "Poland or Lithuania" in ReleaseEvent.objects.get(slug=DEC_13).summary


@pytest.mark.parametrize(
    ("slug", "status"),
    [
        ("andrzej-poczobut", Status.DETAINED),
        ("ales-bialiatski", Status.IN_EXILE),
        ("maryia-kalesnikava", Status.IN_EXILE),
        ("viktar-babaryka", Status.IN_EXILE),
        ("maksim-znak", Status.IN_EXILE),
        ("siarhei-tsikhanouski", Status.IN_EXILE),
        ("ihar-losik", Status.IN_EXILE),
        ("andrey-kuznechyk", Status.IN_EXILE),
        ("ryhor-kastusiou", Status.RELEASED),
        ("mikalai-statkevich", Status.RELEASED),
    ],
)
def test_stored_status_is_derived_from_the_timeline(demo, slug, status):
    person = _person(slug)
    assert person.status == status
    assert person_status_derive(person=person) == status


def test_poczobut_was_never_released(demo):
    poczobut = _person("andrzej-poczobut")
    assert not poczobut.releases.exists()
    detention = poczobut.detentions.get()
    assert detention.ended_on is None
    assert "Navapolatsk" in detention.facility


def test_kastusiou_amnesty_is_medium_confidence_and_stayed(demo):
    release = _only_release("ryhor-kastusiou")
    assert (release.kind, release.outcome, release.confidence) == ("amnesty", "stayed", "medium")
    assert release.event.slug == "2024-07-03-amnesty"
    assert set(release.citations.values_list("confidence", flat=True)) == {"medium"}


def test_statkevich_pardon_refusal_reimprisonment_and_uncertain_release(demo):
    statkevich = _person("mikalai-statkevich")
    first, second = statkevich.releases.order_by("released_on")
    assert (first.released_on, first.outcome, first.event.slug) == (
        D(2025, 9, 11),
        "refused_exile",
        "2025-09-11-pardon-52",
    )
    assert not first.transfers.exists()
    rearrest = statkevich.detentions.get(detained_on=D(2025, 9, 15))
    assert "Hlybokaye" in rearrest.facility
    assert second.released_on == D(2026, 2, 19)
    assert second.event is None
    assert second.confidence == "low"
    assert second.detention == rearrest
    assert list(second.citations.values_list("confidence", "document__url")) == [
        ("low", "https://ukraine-news.top/?p=19205")
    ]

    assert person_status_derive(person=statkevich, as_of=D(2025, 9, 12)) == Status.RELEASED
    assert person_status_derive(person=statkevich, as_of=D(2025, 10, 1)) == Status.DETAINED
    assert person_status_derive(person=statkevich, as_of=D(2026, 3, 1)) == Status.RELEASED


def test_withheld_people_are_counted_but_never_public(demo):
    withheld = list(Person.objects.filter(name_withheld=True))
    assert len(withheld) == 3
    counted = set(Person.objects.counted().values_list("pk", flat=True))
    public = set(Person.objects.public().values_list("pk", flat=True))
    for person in withheld:
        assert person.pk in counted
        assert person.pk not in public
        assert person.releases.get().event.slug == DEC_13
    assert Person.objects.counted().count() == len(NAMED) + 3


def test_withheld_people_carry_nothing_identifying(demo):
    real_words = {
        word.lower()
        for text in PersonName.objects.filter(person__name_withheld=False).values_list(
            "text", flat=True
        )
        for word in re.split(r"\W+", text)
        if len(word) >= 3
    }
    assert "bialiatski" in real_words  # the check below is not vacuous
    for person in Person.objects.filter(name_withheld=True):
        identifying = " ".join(
            [person.slug, person.name, *person.names.values_list("text", flat=True)]
        ).lower()
        assert not any(word in identifying for word in real_words), identifying
        assert person.birth_date is None
        assert person.bio == ""
        assert person.occupation == ""
        assert not person.tags.exists()
        assert person.names.exclude(text=person.name).count() == 0
        docs = set(person.releases.get().citations.values_list("document__source__slug", flat=True))
        assert docs and docs <= {"hrw", "bloomberg"}


def test_every_published_person_has_a_citation(demo):
    published = Person.objects.filter(is_published=True)
    assert published.count() == len(NAMED) + 3
    assert not published.filter(citations__isnull=True).exists()


def test_every_release_and_transfer_is_cited(demo):
    assert not Release.objects.filter(citations__isnull=True).exists()
    assert not Transfer.objects.filter(citations__isnull=True).exists()
    assert not Observation.objects.filter(citations__isnull=True).exists()


def test_viasna_series_of_current_counts(demo):
    series = list(
        Observation.objects.filter(
            source__slug="viasna", metric__slug="political_prisoners_current"
        )
        .order_by("as_of")
        .values_list("as_of", "value", "qualifier")
    )
    assert series == [
        (D(2021, 4, 29), 360, "exact"),
        (D(2021, 10, 22), 811, "exact"),
        (D(2024, 5, 21), 1374, "exact"),
        (D(2025, 7, 2), 1164, "exact"),
        (D(2025, 12, 13), 1200, "more_than"),
        (D(2025, 12, 23), 1135, "exact"),
    ]
    via_belsat = Observation.objects.get(source__slug="viasna", as_of=D(2021, 4, 29))
    assert via_belsat.document.source.slug == "belsat"
    assert via_belsat.document.url.startswith("https://belsat.eu/")


def test_men_and_women_kept_as_reported_beside_the_total(demo):
    on_23 = dict(
        Observation.objects.filter(source__slug="viasna", as_of=D(2025, 12, 23)).values_list(
            "metric__slug", "value"
        )
    )
    assert on_23["political_prisoners_current"] == 1135
    assert on_23["political_prisoners_current_men"] == 968
    assert on_23["political_prisoners_current_women"] == 168
    assert on_23["pardoned_us_mediated_year_to_date"] == 342
    assert on_23["pardoned_since_july_2024"] == 569
    assert on_23["forcibly_expelled_year_to_date"] == 189
    assert on_23["newly_recognised_year_to_date"] == 509
    men = Observation.objects.get(metric__slug="political_prisoners_current_men")
    assert "1,136" in men.note


def test_seed_document_has_no_address(demo):
    seed = Document.objects.get(
        title="Belarus frees 123 political prisoners as US lifts potash ban"
    )
    assert seed.url == ""
    assert seed.source.name == "Bloomberg News"
    assert seed.publisher == "Tribune Content Agency"
    assert "Milda Seputyte" in seed.authors
    assert seed.published_on == D(2025, 12, 13)
    assert Citation.objects.filter(document=seed).exists()


def test_every_other_document_has_an_https_address(demo):
    addressed = Document.objects.exclude(url="")
    assert addressed.count() == Document.objects.count() - 1
    assert all(url.startswith("https://") for url in addressed.values_list("url", flat=True))
