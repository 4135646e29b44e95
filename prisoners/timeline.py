"""One person's record as a dated timeline with numbered footnotes.

Detentions, sentences, releases and border crossings are separate rows in the database;
a reader wants them as one story in date order, each step with the sources that support
it. Building that list is presentation, so it lives here rather than in a selector (which
reads) or the template (which should not sort). Every date keeps its precision: a step
the source dated "May 2020" is shown as "May 2020" and sorted as 1 May 2020.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prisoners.models import EndReason, Person
from sources.models import Citation, Source


@dataclass
class Step:
    kind: str  # detained, sentenced, ended, released, transferred: a CSS hook and a label
    title: str
    date_display: str
    sort_key: tuple
    details: list[str] = field(default_factory=list)
    charges: list = field(default_factory=list)
    event: object = None
    citations: list = field(default_factory=list)
    claim: str = ""
    notes: list[int] = field(default_factory=list)  # footnote numbers, set after sorting


@dataclass
class Footnote:
    number: int
    citation: Citation
    claim: str


def sentence_length(months: int | None) -> str:
    """'18 years', '1 year and 6 months', '8 months'; '' when the term is unknown."""
    if months is None:
        return ""
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(ngettext("%(n)d year", "%(n)d years", years) % {"n": years})
    if rest or not years:
        parts.append(ngettext("%(n)d month", "%(n)d months", rest) % {"n": rest})
    return _(" and ").join(parts)


class Footnotes:
    """Hands out footnote numbers in order of first appearance."""

    def __init__(self) -> None:
        self.footnotes: list[Footnote] = []

    def cite(self, citations, claim: str) -> list[int]:
        numbers = []
        for citation in citations:
            number = len(self.footnotes) + 1
            self.footnotes.append(Footnote(number=number, citation=citation, claim=claim))
            numbers.append(number)
        return numbers


def _key(day: datetime.date | None, fallback: datetime.date | None, order: int) -> tuple:
    # An undated step sorts with the step it belongs to, or last when that is undated too.
    return (day or fallback or datetime.date.max, order)


def person_timeline(person: Person) -> tuple[list[Step], list[Footnote], list[int]]:
    """The steps of a person's record in date order, their footnotes, and the footnote
    numbers of citations that support the record as a whole (name, biography)."""
    notes = Footnotes()
    person_notes = notes.cite(person.citations.all(), _("the record"))
    steps: list[Step] = []
    detentions = list(person.detentions.all())
    # One query for every detention's "recognised by" source, not one per detention.
    recognisers = Source.objects.in_bulk(
        {d.recognised_by_id for d in detentions if d.recognised_by_id}
    )
    released_detentions = {r.detention_id for r in person.releases.all() if r.detention_id}

    for detention in detentions:
        details = [
            text
            for text in (
                detention.place and _("Place: %(place)s") % {"place": detention.place},
                detention.court and _("Court: %(court)s") % {"court": detention.court},
                detention.facility
                and _("Held in: %(facility)s") % {"facility": detention.facility},
            )
            if text
        ]
        if detention.recognised_on or detention.recognised_by_id:
            source = recognisers.get(detention.recognised_by_id)
            if detention.recognised_on and source:
                details.append(
                    _("Recognised as a political prisoner by %(source)s on %(date)s")
                    % {"source": source.name, "date": detention.recognised_on.isoformat()}
                )
            elif source:
                details.append(
                    _("Recognised as a political prisoner by %(source)s") % {"source": source.name}
                )
            else:
                details.append(
                    _("Recognised as a political prisoner on %(date)s")
                    % {"date": detention.recognised_on.isoformat()}
                )
        if detention.note:
            details.append(detention.note)
        steps.append(
            Step(
                kind="detained",
                title=_("Detained"),
                date_display=detention.detained_on_display,
                sort_key=_key(detention.detained_on, None, 0),
                details=details,
                charges=list(detention.charges.all()),
                citations=list(detention.citations.all()),
                claim=_("detention"),
            )
        )
        for sentence in detention.sentences.all():
            length = sentence_length(sentence.months)
            steps.append(
                Step(
                    kind="sentenced",
                    title=_("Sentenced to %(length)s") % {"length": length}
                    if length
                    else _("Sentenced"),
                    date_display=sentence.sentenced_on_display,
                    sort_key=_key(sentence.sentenced_on, detention.detained_on, 1),
                    details=[
                        text
                        for text in (
                            sentence.regime
                            and _("Regime: %(regime)s") % {"regime": sentence.regime},
                            sentence.court and _("Court: %(court)s") % {"court": sentence.court},
                            sentence.note,
                        )
                        if text
                    ],
                    citations=list(sentence.citations.all()),
                    claim=_("sentence"),
                )
            )
        # A release ends its detention on its own; only other endings need a step.
        if detention.ended_on and (
            detention.end_reason != EndReason.RELEASED or detention.pk not in released_detentions
        ):
            steps.append(
                Step(
                    kind="ended",
                    title=detention.get_end_reason_display() or _("Detention ended"),
                    date_display=detention.ended_on_display,
                    sort_key=_key(detention.ended_on, detention.detained_on, 2),
                )
            )

    for release in person.releases.all():
        event = release.event if release.event_id and release.event.is_published else None
        details = []
        if release.outcome:
            details.append(release.get_outcome_display())
        if release.note:
            details.append(release.note)
        steps.append(
            Step(
                kind="released",
                title=_("Released (%(kind)s)") % {"kind": release.get_kind_display()},
                date_display=release.released_on_display,
                sort_key=_key(release.released_on, None, 3),
                details=details,
                event=event,
                citations=list(release.citations.all()),
                claim=_("release"),
            )
        )
        for transfer in release.transfers.all():
            details = []
            if transfer.via:
                details.append(_("Via %(via)s") % {"via": transfer.via})
            if transfer.forced:
                details.append(_("Forced"))
            steps.append(
                Step(
                    kind="transferred",
                    title=_("Taken from %(from)s to %(to)s")
                    % {"from": transfer.from_country.name, "to": transfer.to_country.name},
                    date_display=transfer.date_display,
                    sort_key=_key(transfer.date, release.released_on, 4 + transfer.sequence),
                    details=details,
                    citations=list(transfer.citations.all()),
                    claim=_("border crossing"),
                )
            )

    steps.sort(key=lambda step: step.sort_key)
    # Numbered after sorting, so the footnotes read 1, 2, 3 down the page.
    for step in steps:
        step.notes = notes.cite(step.citations, step.claim)
    return steps, notes.footnotes, person_notes
