"""factory_boy factories for every model; defaults make a valid, published, cited record
only where a test asks for it (``published_person``)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from prisoners.models import Charge, Country, Detention, Person, PersonName, Sentence, Tag
from releases.models import EventCount, Release, ReleaseEvent, Transfer
from sources.models import Citation, Document, Feed, Metric, Observation, Source


def country(code: str) -> Country:
    """Countries are loaded by a migration; tests look them up, never create them."""
    return Country.objects.get(code=code)


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"tag-{n}")
    label = factory.LazyAttribute(lambda o: o.slug.replace("-", " "))


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"source-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.title())
    kind = "human_rights_group"


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = Document

    source = factory.SubFactory(SourceFactory)
    url = factory.Sequence(lambda n: f"https://example.org/doc/{n}")
    title = factory.Sequence(lambda n: f"Document {n}")
    published_on = datetime.date(2025, 12, 13)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    slug = factory.Sequence(lambda n: f"person-{n}")
    name = factory.Sequence(lambda n: f"Person Number{n}")
    is_published = False


class PersonNameFactory(DjangoModelFactory):
    class Meta:
        model = PersonName

    person = factory.SubFactory(PersonFactory)
    text = factory.LazyAttribute(lambda o: o.person.name)
    language = "en"
    kind = "official"


class DetentionFactory(DjangoModelFactory):
    class Meta:
        model = Detention

    person = factory.SubFactory(PersonFactory)
    detained_on = datetime.date(2021, 3, 25)


class ChargeFactory(DjangoModelFactory):
    class Meta:
        model = Charge

    detention = factory.SubFactory(DetentionFactory)
    code = "342"
    part = "1"


class SentenceFactory(DjangoModelFactory):
    class Meta:
        model = Sentence

    detention = factory.SubFactory(DetentionFactory)
    sentenced_on = datetime.date(2022, 1, 10)
    months = 36


class ReleaseEventFactory(DjangoModelFactory):
    class Meta:
        model = ReleaseEvent

    slug = factory.Sequence(lambda n: f"event-{n}")
    date = datetime.date(2025, 12, 13)
    title = factory.Sequence(lambda n: f"Release event {n}")
    kind = "pardon"
    country = factory.LazyFunction(lambda: country("BY"))


class EventCountFactory(DjangoModelFactory):
    class Meta:
        model = EventCount

    event = factory.SubFactory(ReleaseEventFactory)
    metric = "released"
    value = 10
    source = factory.SubFactory(SourceFactory)


class ReleaseFactory(DjangoModelFactory):
    class Meta:
        model = Release

    person = factory.SubFactory(PersonFactory)
    released_on = datetime.date(2025, 12, 13)
    kind = "pardon"
    outcome = "stayed"


class TransferFactory(DjangoModelFactory):
    class Meta:
        model = Transfer

    release = factory.SubFactory(ReleaseFactory)
    sequence = 1
    from_country = factory.LazyFunction(lambda: country("BY"))
    to_country = factory.LazyFunction(lambda: country("UA"))
    date = datetime.date(2025, 12, 13)
    forced = True


class CitationFactory(DjangoModelFactory):
    class Meta:
        model = Citation

    document = factory.SubFactory(DocumentFactory)
    confidence = "high"


class MetricFactory(DjangoModelFactory):
    class Meta:
        model = Metric
        django_get_or_create = ("slug",)

    slug = "political_prisoners_current"
    label = "Political prisoners held"
    definition = "People held whom the source recognises as political prisoners."


class ObservationFactory(DjangoModelFactory):
    class Meta:
        model = Observation

    metric = factory.SubFactory(MetricFactory)
    source = factory.SubFactory(SourceFactory)
    value = 1135
    as_of = datetime.date(2025, 12, 23)


class FeedFactory(DjangoModelFactory):
    class Meta:
        model = Feed

    name = factory.Sequence(lambda n: f"Feed {n}")
    source = factory.SubFactory(SourceFactory)
    url = "http://127.0.0.1:1/feed"
    adapter = "json"
    config = factory.LazyFunction(
        lambda: {"metric": "political_prisoners_current", "value_path": "count"}
    )


def published_person(**kwargs) -> Person:
    """A person who passes the citation rule and is published."""
    person = PersonFactory(**kwargs)
    PersonNameFactory(person=person, text=person.name, language="en")
    CitationFactory(person=person)
    Person.objects.filter(pk=person.pk).update(is_published=True)
    person.refresh_from_db()
    return person
