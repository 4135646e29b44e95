"""The benchmark dataset: deterministic, seeded, written as PostgreSQL COPY files.

``generate(size=N, seed=S, out_dir=D)`` writes one file per table in COPY's text format
(tab-separated, ``\\N`` for NULL) and returns a ``Manifest``: the row counts, the search
queries with the person each should find, the slugs the detail scenario reads.

N people, each with names in Belarusian and Russian Cyrillic, the Belarusian passport
romanisation (the display name), the English-press romanisation of the Russian form and,
for some, the Polish-press form; 1.8 detentions on average (repeated arrests are
common), about 1.5 N releases (some in group events: pardons, exchanges, deportations,
with the border crossings that follow), and about 3 N citations. Two in a hundred people
are unpublished and two in a hundred have their names withheld: they are loaded, and
nothing public may show them.

The same ``size`` and ``seed`` give byte-identical files: one ``random.Random(seed)``
drives everything, in a fixed order, and timestamps are derived from the seed, never
from the clock. The search keys of a name are computed by the product itself
(``PersonName.fill_keys``), so the loaded rows are what the application would have
written.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import json
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.names import ENDINGS, FATHERS, FEMALE_FIRST, MALE_FIRST, ROOTS, Identity
from bench.romanise import SYSTEMS, romanise

# --- the tables, in load order, with the columns the generator fills ----------------------

COLUMNS: dict[str, tuple[str, ...]] = {
    "sources_source": ("id", "slug", "name", "kind", "url", "notes"),
    "prisoners_tag": ("id", "slug", "label"),
    "sources_document": (
        "id",
        "source_id",
        "url",
        "title",
        "publisher",
        "authors",
        "language",
        "published_on",
        "published_on_precision",
        "retrieved_at",
        "archive_url",
        "content_sha256",
    ),
    "releases_releaseevent": (
        "id",
        "slug",
        "date",
        "date_precision",
        "title",
        "kind",
        "country_id",
        "mediators",
        "context",
        "summary",
        "is_published",
        "created_at",
        "updated_at",
    ),
    "releases_eventcount": (
        "id",
        "event_id",
        "metric",
        "country_id",
        "value",
        "qualifier",
        "source_id",
        "note",
    ),
    "prisoners_person": (
        "id",
        "slug",
        "name",
        "gender",
        "birth_date",
        "birth_date_precision",
        "occupation",
        "bio",
        "status",
        "name_withheld",
        "is_published",
        "created_at",
        "updated_at",
    ),
    "prisoners_personname": ("id", "person_id", "text", "language", "kind", "folded", "key"),
    "prisoners_person_citizenships": ("id", "person_id", "country_id"),
    "prisoners_person_tags": ("id", "person_id", "tag_id"),
    "prisoners_detention": (
        "id",
        "person_id",
        "detained_on",
        "detained_on_precision",
        "place",
        "court",
        "facility",
        "recognised_on",
        "recognised_by_id",
        "ended_on",
        "ended_on_precision",
        "end_reason",
        "note",
    ),
    "prisoners_charge": ("id", "detention_id", "code", "part", "title"),
    "prisoners_sentence": (
        "id",
        "detention_id",
        "sentenced_on",
        "sentenced_on_precision",
        "months",
        "regime",
        "court",
        "note",
    ),
    "releases_release": (
        "id",
        "person_id",
        "event_id",
        "detention_id",
        "released_on",
        "released_on_precision",
        "kind",
        "outcome",
        "confidence",
        "note",
        "created_at",
        "updated_at",
    ),
    "releases_transfer": (
        "id",
        "release_id",
        "sequence",
        "from_country_id",
        "to_country_id",
        "date",
        "date_precision",
        "via",
        "forced",
        "confidence",
    ),
    "sources_citation": (
        "id",
        "document_id",
        "person_id",
        "detention_id",
        "sentence_id",
        "release_id",
        "transfer_id",
        "event_count_id",
        "event_id",
        "observation_id",
        "field",
        "quote",
        "confidence",
        "created_at",
    ),
}

# --- fixed reference rows ---------------------------------------------------------------

SOURCES = [
    ("viasna", "Viasna Human Rights Centre", "human_rights_group", "https://spring96.org"),
    ("bloomberg", "Bloomberg News", "news_outlet", "https://www.bloomberg.com"),
    ("hrw", "Human Rights Watch", "human_rights_group", "https://www.hrw.org"),
    ("belta", "BelTA", "state_media", "https://www.belta.by"),
    ("nasha-niva", "Nasha Niva", "news_outlet", "https://nashaniva.com"),
    ("zerkalo", "Zerkalo", "news_outlet", "https://news.zerkalo.io"),
    ("reuters", "Reuters", "news_outlet", "https://www.reuters.com"),
    ("rferl", "Radio Svaboda (RFE/RL)", "news_outlet", "https://www.svaboda.org"),
    ("ohchr", "UN OHCHR", "international", "https://www.ohchr.org"),
    ("politzek", "Politzek.me", "human_rights_group", "https://politzek.me"),
    ("dissidentby", "Dissidentby", "human_rights_group", "https://dissidentby.com"),
    ("khochu-zhyty", "Khochu Zhyty project", "government", "https://t.me/spasti_svoih"),
]
TAGS = [
    ("journalist", "journalist"),
    ("lawyer", "lawyer"),
    ("human-rights-defender", "human-rights defender"),
    ("politician", "politician"),
    ("musician", "musician"),
    ("blogger", "blogger"),
    ("clergy", "clergy"),
    ("foreign-citizen", "foreign citizen"),
    ("student", "student"),
    ("trade-unionist", "trade unionist"),
    ("doctor", "doctor"),
    ("anarchist", "anarchist"),
]
# (date, kind, title, mediators, country the people were taken to)
EVENTS = [
    ("2024-07-03", "pardon", "Pardon of 18 political prisoners", "", None),
    ("2024-08-15", "pardon", "Pardon of 30 political prisoners", "", None),
    ("2024-09-16", "pardon", "Pardon of 37 political prisoners", "", None),
    ("2024-11-05", "pardon", "Pardon of 31 political prisoners", "", None),
    ("2024-12-31", "pardon", "New Year pardon", "", None),
    ("2025-01-21", "pardon", "Pardon of 23 political prisoners", "", None),
    ("2025-02-12", "exchange", "Release of a US citizen and two others", "US envoy", "LT"),
    ("2025-04-30", "pardon", "Pardon before Victory Day", "", None),
    ("2025-06-21", "deportation", "Release of 14 people with Tsikhanouski", "Keith Kellogg", "LT"),
    ("2025-07-03", "amnesty", "Independence Day amnesty", "", None),
    ("2025-09-11", "deportation", "Release of 52 people to Lithuania", "John Coale", "LT"),
    ("2025-11-20", "pardon", "Pardon of 31 Ukrainian citizens", "", "UA"),
    ("2025-12-13", "exchange", "Release of 123 people; 114 taken to Ukraine", "John Coale", "UA"),
]
CITIES = ["Minsk", "Hrodna", "Brest", "Homiel", "Mahilioŭ", "Viciebsk", "Baranavičy", "Pinsk"]
FACILITIES = [
    "Penal colony No. 1, Navapolatsk",
    "Penal colony No. 3, Vitsba",
    "Penal colony No. 4, Homiel",
    "Penal colony No. 15, Mahilioŭ",
    "Penal colony No. 17, Shklou",
    "Penal colony No. 22, Ivatsevichy",
    "Prison No. 8, Zhodzina",
    "Prison No. 4, Mahilioŭ",
    "Women's colony No. 4, Homiel",
    "Pre-trial detention centre No. 1, Minsk",
]
CHARGES = [
    ("342", "1", "Organisation or participation in actions grossly violating public order"),
    ("361-1", "1", "Creation of or participation in an extremist formation"),
    ("130", "3", "Incitement to hatred"),
    ("293", "2", "Mass riots"),
    ("368", "1", "Insulting the president"),
    ("369", "", "Insulting a government official"),
    ("367", "1", "Defamation of the president"),
    ("356", "1", "Treason"),
    ("411", "", "Malicious disobedience to the administration of a penal colony"),
    ("361-4", "", "Facilitating extremist activity"),
    ("423-1", "", "Rehabilitation of Nazism"),
]
REGIMES = ["general", "reinforced", "strict", "special", "prison", "restricted freedom"]
OCCUPATIONS = [
    "teacher",
    "engineer",
    "journalist",
    "IT specialist",
    "doctor",
    "student",
    "worker",
    "entrepreneur",
    "lawyer",
    "musician",
    "pensioner",
    "driver",
    "",
]
OTHER_CITIZENSHIPS = ["RU", "UA", "PL", "LT", "LV", "DE", "US", "JP", "SE", "CH"]

EPOCH = dt.date(2011, 1, 1)
TODAY = dt.date(2026, 1, 10)
CREATED = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)

# How queries spell a person: (label, weight). See ``_query``.
QUERY_FORMS = [
    ("be-lacinka", 10),
    ("be-bgn", 8),
    ("be-polish", 6),
    ("be-polish-ascii", 4),
    ("ru-german", 10),
    ("ru-french", 6),
    ("ru-scholarly", 6),
    ("ru-polish", 6),
    ("ru-english-surname-first", 8),
    ("be-passport-lowercase", 6),
    ("ru-cyrillic-surname-first", 10),
    ("be-cyrillic", 10),
    ("mixed-ru-first-be-surname", 10),
]


@dataclass
class Manifest:
    size: int
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    # [{"query", "form", "slug", "person_id"}]: every target's name is unique.
    queries: list[dict] = field(default_factory=list)
    detail_slugs: list[str] = field(default_factory=list)
    public_people: int = 0

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        return cls(**json.loads(text))


# --- COPY text format -------------------------------------------------------------------

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _cell(value) -> str:
    # Ordered by how often each type occurs; bool before int (bool is an int).
    if isinstance(value, str):
        return (
            value.translate(_ESCAPES)
            if "\\" in value or "\t" in value or "\n" in value or "\r" in value
            else value
        )
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


class _Writer:
    """One COPY file per table; ``row`` takes the values in ``COLUMNS`` order."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.files = {t: (out_dir / f"{t}.copy").open("w", encoding="utf-8") for t in COLUMNS}
        self.counts: Counter[str] = Counter()

    def row(self, table: str, *values) -> int:
        assert len(values) == len(COLUMNS[table]), (table, values)
        self.counts[table] += 1
        self.files[table].write("\t".join(map(_cell, values)) + "\n")
        return self.counts[table]

    def close(self) -> None:
        for f in self.files.values():
            f.close()


# --- helpers ----------------------------------------------------------------------------


def _zipf_weights(n: int, s: float = 0.9) -> list[float]:
    return list(itertools.accumulate(1 / (rank**s) for rank in range(1, n + 1)))


def _pick(rng: random.Random, cumulative: list[float]) -> int:
    return bisect.bisect(cumulative, rng.random() * cumulative[-1])


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    span = max((end - start).days, 0)
    return start + dt.timedelta(days=rng.randint(0, span))


def _partial(rng: random.Random, day: dt.date, floor: dt.date | None = None) -> tuple[dt.date, str]:
    """A date as a source might give it: mostly to the day, sometimes the month or year.

    A coarser date is stored as its first day; ``floor`` keeps it from moving before an
    earlier event of the same timeline.
    """
    r = rng.random()
    if r < 0.08:
        coarse, precision = day.replace(day=1), "month"
    elif r < 0.10:
        coarse, precision = day.replace(month=1, day=1), "year"
    else:
        return day, "day"
    if floor is not None and coarse < floor:
        return day, "day"
    return coarse, precision


_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG_RE.sub("-", ascii_text.lower()).strip("-")


def _ascii(text: str) -> str:
    return (
        unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
        .encode("ascii", "ignore")
        .decode()
    )


def product_name_keys(text: str) -> tuple[str, str]:
    """(folded, key) exactly as the product stores them for a PersonName."""
    from prisoners.models import PersonName

    name = PersonName(text=text)
    name.fill_keys()
    return name.folded, name.key


# --- the generator ----------------------------------------------------------------------


def _identities(rng: random.Random, size: int) -> list[Identity]:
    male_w, female_w = _zipf_weights(len(MALE_FIRST)), _zipf_weights(len(FEMALE_FIRST))
    root_w, ending_w = _zipf_weights(len(ROOTS), 0.5), _zipf_weights(len(ENDINGS), 0.4)
    father_w = _zipf_weights(len(FATHERS))
    out = []
    for _ in range(size):
        female = rng.random() < 0.27
        out.append(
            Identity(
                female=female,
                first=_pick(rng, female_w if female else male_w),
                root=_pick(rng, root_w),
                ending=_pick(rng, ending_w),
                father=_pick(rng, father_w),
            )
        )
    return out


def _names(ident: Identity, rng: random.Random) -> list[tuple[str, str, str]]:
    """(text, language, kind) for every stored spelling; the first is the display name."""
    be_first, be_last = ident.first_name("be"), ident.surname("be")
    ru_first, ru_last = ident.first_name("ru"), ident.surname("ru")
    passport = romanise(f"{be_first} {be_last}", SYSTEMS["be-passport"])
    english = romanise(f"{ru_first} {ru_last}", SYSTEMS["ru-english"])
    with_patronymic = rng.random() < 0.7
    be_official = f"{be_last} {be_first}" + (
        f" {ident.patronymic('be')}" if with_patronymic else ""
    )
    ru_official = f"{ru_last} {ru_first}" + (
        f" {ident.patronymic('ru')}" if with_patronymic else ""
    )
    names = [
        (passport, "be-Latn", "transliteration"),
        (be_official, "be", "official"),
        (ru_official, "ru", "alternative"),
        (english, "ru-Latn", "transliteration"),
    ]
    if rng.random() < 0.3:
        names.append((romanise(f"{be_first} {be_last}", SYSTEMS["be-polish"]), "pl", "alternative"))
    return names


def _query(ident: Identity, form: str) -> str:
    be_first, be_last = ident.first_name("be"), ident.surname("be")
    ru_first, ru_last = ident.first_name("ru"), ident.surname("ru")
    be_name, ru_name = f"{be_first} {be_last}", f"{ru_first} {ru_last}"
    if form == "be-polish-ascii":
        return _ascii(romanise(be_name, SYSTEMS["be-polish"]))
    if form == "ru-english-surname-first":
        return romanise(f"{ru_last} {ru_first}", SYSTEMS["ru-english"])
    if form == "be-passport-lowercase":
        return romanise(be_name, SYSTEMS["be-passport"]).lower()
    if form == "ru-cyrillic-surname-first":
        return f"{ru_last} {ru_first}"
    if form == "be-cyrillic":
        return be_name
    if form == "mixed-ru-first-be-surname":
        return (
            f"{romanise(ru_first, SYSTEMS['ru-english'])} "
            f"{romanise(be_last, SYSTEMS['be-passport'])}"
        )
    system = SYSTEMS[form]
    return romanise(be_name if form.startswith("be-") else ru_name, system)


def generate(
    *,
    size: int,
    seed: int,
    out_dir: Path,
    queries: int = 200,
    name_keys: Callable[[str], tuple[str, str]] = product_name_keys,
    progress: Callable[[int, int], None] | None = None,
) -> Manifest:
    out_dir.mkdir(parents=True, exist_ok=True)
    # Namesakes share spellings; each distinct text is keyed once.
    name_keys = functools.lru_cache(maxsize=1 << 18)(name_keys)
    rng = random.Random(seed)
    w = _Writer(out_dir)
    try:
        manifest = _generate(rng, w, size, seed, queries, name_keys, progress)
    finally:
        w.close()
    manifest.counts = dict(sorted(w.counts.items()))
    (out_dir / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    return manifest


def _generate(rng, w: _Writer, size, seed, n_queries, name_keys, progress) -> Manifest:
    stamp = CREATED
    for i, (slug, name, kind, url) in enumerate(SOURCES, 1):
        w.row("sources_source", i, slug, name, kind, url, "")
    for i, (slug, label) in enumerate(TAGS, 1):
        w.row("prisoners_tag", i, slug, label)

    n_documents = max(50, size // 20)
    for i in range(1, n_documents + 1):
        source = rng.randint(1, len(SOURCES))
        published = _day(rng, EPOCH, TODAY)
        w.row(
            "sources_document",
            i,
            source,
            f"{SOURCES[source - 1][3]}/news/{i}",
            f"Report {i}",
            SOURCES[source - 1][1],
            "",
            rng.choice(["be", "ru", "en"]),
            published,
            "day",
            stamp,
            "",
            "",
        )

    events: list[tuple[int, dt.date, str, str | None]] = []
    count_id = 0
    for i, (day, kind, title, mediators, to_country) in enumerate(EVENTS, 1):
        date = dt.date.fromisoformat(day)
        events.append((i, date, kind, to_country))
        w.row(
            "releases_releaseevent",
            i,
            f"{day}-{slugify(title)}",
            date,
            "day",
            title,
            kind,
            "BY",
            mediators,
            "",
            "",
            True,
            stamp,
            stamp,
        )
        for metric, country, source in (
            ("released", None, 1),
            ("released", None, 4),
            ("transferred_to", to_country, 2),
        ):
            if country is None and metric == "transferred_to":
                continue
            count_id += 1
            w.row(
                "releases_eventcount",
                count_id,
                i,
                metric,
                country,
                rng.randint(10, 130),
                rng.choice(["exact", "at_least", "about"]),
                source,
                "",
            )

    idents = _identities(rng, size)
    name_counts = Counter(ident.key for ident in idents)

    ids = dict.fromkeys(
        ("name", "cit", "tag", "det", "charge", "sentence", "release", "transfer", "citation"), 0
    )

    def next_id(kind: str) -> int:
        ids[kind] += 1
        return ids[kind]

    def cite(document_field: str, target_id: int, claim_field: str = "") -> None:
        cid = next_id("citation")
        claims = dict.fromkeys(
            (
                "person",
                "detention",
                "sentence",
                "release",
                "transfer",
                "event_count",
                "event",
                "observation",
            )
        )
        claims[document_field] = target_id
        w.row(
            "sources_citation",
            cid,
            rng.randint(1, n_documents),
            *claims.values(),
            claim_field,
            "",
            rng.choice(("high", "high", "medium", "low")),
            stamp,
        )

    public: list[int] = []
    slugs: dict[int, str] = {}
    seen_slugs: set[str] = set()
    event_dates = [e[1] for e in events]
    for pid, ident in enumerate(idents, 1):
        if progress and pid % 5000 == 0:
            progress(pid, size)
        names = _names(ident, rng)
        display = names[0][0]
        withheld = rng.random() < 0.02
        published = rng.random() < 0.98
        base = "withheld" if withheld else slugify(display)
        slug = f"{base}-{pid}" if withheld or base in seen_slugs else base
        seen_slugs.add(slug)
        slugs[pid] = slug
        if published and not withheld:
            public.append(pid)

        # The timeline: detentions in order, each but possibly the last ended by a release.
        n_det = rng.choices((1, 2, 3, 4), weights=(40, 32, 18, 10))[0]
        final_released = rng.random() < 0.78
        cursor = _day(rng, EPOCH, dt.date(2025, 6, 1))
        if rng.random() < 0.6:  # most cases start after the 2020 election
            cursor = _day(rng, dt.date(2020, 8, 9), dt.date(2025, 6, 1))
        timeline = []
        for j in range(n_det):
            if cursor >= TODAY - dt.timedelta(days=20):
                break
            start = cursor
            last = j == n_det - 1
            if last and not final_released:
                timeline.append((start, None, None))
                break
            short = not last and rng.random() < 0.6
            length = rng.randint(10, 30) if short else rng.randint(60, 1600)
            end = min(start + dt.timedelta(days=length), TODAY - dt.timedelta(days=1))
            event = None
            if last and rng.random() < 0.45:
                k = bisect.bisect_right(event_dates, start)
                if k < len(events):
                    event = events[rng.randrange(k, len(events))]
                    end = event[1]
            timeline.append((start, end, event))
            cursor = end + dt.timedelta(days=rng.randint(30, 700))
        died = bool(timeline) and timeline[-1][1] is None and rng.random() < 0.01

        status = "unknown"
        if timeline:
            start, end, event = timeline[-1]
            status = "detained" if end is None else "released"
            if died:
                status = "died_in_custody"

        det_rows = []
        release_rows = []
        for j, (start, end, event) in enumerate(timeline):
            det_id = next_id("det")
            detained_on, det_precision = _partial(rng, start)
            ended_on, ended_precision, reason = None, "day", ""
            if end is not None:
                ended_on, ended_precision = end, "day"
                reason = "released"
            elif died and j == len(timeline) - 1:
                ended_on = _day(rng, max(start, dt.date(2021, 1, 1)), TODAY)
                ended_on = max(ended_on, start)
                reason = "died"
            det_rows.append(
                (
                    det_id,
                    pid,
                    detained_on,
                    det_precision,
                    rng.choice(CITIES),
                    f"{rng.choice(CITIES)} district court",
                    rng.choice(FACILITIES),
                    start + dt.timedelta(days=rng.randint(5, 60)),
                    1,
                    ended_on,
                    ended_precision,
                    reason,
                    "",
                )
            )
            for code, part, title in rng.sample(CHARGES, rng.choices((1, 2), (6, 4))[0]):
                w.row("prisoners_charge", next_id("charge"), det_id, code, part, title)
            if rng.random() < 0.88:
                sid = next_id("sentence")
                sentenced = min(start + dt.timedelta(days=rng.randint(20, 200)), TODAY)
                w.row(
                    "prisoners_sentence",
                    sid,
                    det_id,
                    sentenced,
                    "day",
                    rng.choice((3, 6, 12, 18, 24, 36, 48, 60, 72, 96, 120, 180)),
                    rng.choice(REGIMES),
                    f"{rng.choice(CITIES)} regional court",
                    "",
                )
                if rng.random() < 0.12:
                    cite("sentence", sid, "months")
            if rng.random() < 0.12:
                cite("detention", det_id, "detained_on")
            if end is not None:
                release_rows.append((det_id, detained_on, end, event))

        last_outcome = ""
        last_transfers = False
        for det_id, detained_on, end, event in release_rows:
            rid = next_id("release")
            released_on, rel_precision = _partial(rng, end, floor=detained_on)
            transfers: list[tuple[str, str]] = []
            if event is not None:
                _eid, _date, kind, to_country = event
                release_kind = {"deportation": "pardon"}.get(kind, kind)
                if to_country is not None:
                    outcome = "forcibly_deported"
                    transfers.append(("BY", to_country))
                    if to_country == "UA" and rng.random() < 0.4:
                        transfers.append(("UA", rng.choice(("PL", "LT"))))
                else:
                    outcome = rng.choice(("stayed", "stayed", "left"))
            else:
                release_kind = rng.choices(
                    ("sentence_served", "pardon", "acquittal", "other"), (80, 12, 3, 5)
                )[0]
                outcome = rng.choices(("stayed", "left", ""), (70, 20, 10))[0]
            if outcome == "left" and rng.random() < 0.7:
                transfers.append(("BY", rng.choice(("PL", "LT", "GE"))))
            w.row(
                "releases_release",
                rid,
                pid,
                event[0] if event else None,
                det_id,
                released_on,
                rel_precision,
                release_kind,
                outcome,
                rng.choice(("high", "high", "medium")),
                "",
                stamp,
                stamp,
            )
            cite("release", rid, "released_on")
            for seq, (frm, to) in enumerate(transfers, 1):
                tid = next_id("transfer")
                w.row(
                    "releases_transfer",
                    tid,
                    rid,
                    seq,
                    frm,
                    to,
                    end + dt.timedelta(days=seq - 1),
                    "day",
                    "Khochu Zhyty" if to == "UA" else "",
                    outcome == "forcibly_deported",
                    "high",
                )
                if rng.random() < 0.3:
                    cite("transfer", tid)
            last_outcome, last_transfers = outcome, bool(transfers)
        if status == "released" and (
            last_outcome in ("left", "forcibly_deported") or last_transfers
        ):
            status = "in_exile"

        birth = _day(rng, dt.date(1950, 1, 1), dt.date(2004, 12, 31))
        birth, birth_precision = _partial(rng, birth)
        w.row(
            "prisoners_person",
            pid,
            slug,
            display,
            "female" if ident.female else "male",
            birth,
            birth_precision,
            rng.choice(OCCUPATIONS),
            "",
            status,
            withheld,
            published,
            stamp,
            stamp,
        )
        for text, language, kind in names:
            folded, key = name_keys(text)
            w.row("prisoners_personname", next_id("name"), pid, text, language, kind, folded, key)
        countries = ["BY"]
        if rng.random() < 0.05:
            countries.append(rng.choice(OTHER_CITIZENSHIPS))
            if rng.random() < 0.3:
                countries.remove("BY")
        for code in countries:
            w.row("prisoners_person_citizenships", next_id("cit"), pid, code)
        for tag in rng.sample(range(1, len(TAGS) + 1), rng.choices((0, 1, 2), (60, 30, 10))[0]):
            w.row("prisoners_person_tags", next_id("tag"), pid, tag)
        cite("person", pid)
        for row in det_rows:
            w.row("prisoners_detention", *row)

    if progress and size % 5000:
        progress(size, size)

    # Search targets: public people whose first name and surname no one else shares
    # (a namesake is a question for the patronymic or the birth date, not for search).
    qrng = random.Random(seed + 1)
    unique = [pid for pid in public if name_counts[idents[pid - 1].key] == 1]
    targets = qrng.sample(unique, min(n_queries, len(unique)))
    forms, weights = zip(*QUERY_FORMS, strict=True)
    queries = []
    for pid in targets:
        form = qrng.choices(forms, weights)[0]
        queries.append(
            {
                "query": _query(idents[pid - 1], form),
                "form": form,
                "slug": slugs[pid],
                "person_id": pid,
            }
        )
    detail = [slugs[pid] for pid in qrng.sample(public, min(50, len(public)))]
    return Manifest(
        size=size,
        seed=seed,
        queries=queries,
        detail_slugs=detail,
        public_people=len(public),
    )


def read_rows(path: Path) -> Iterable[list[str]]:
    """The rows of one COPY file, for tests and the SQLite export (unescaped)."""
    unescape = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}
    pattern = re.compile(r"\\[\\tnr]")
    with path.open(encoding="utf-8") as f:
        for line in f:
            yield [
                None if cell == "\\N" else pattern.sub(lambda m: unescape[m.group()], cell)
                for cell in line.rstrip("\n").split("\t")
            ]
