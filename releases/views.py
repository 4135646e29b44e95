"""Researcher pages about release events: the list and one event compared across sources.

Sources disagree about group releases (123 released says one, 104 to Ukraine says
another), and the page must show that disagreement rather than settle it: the counts are
laid out as a table with one column per source, every claim with its qualifier, note and
footnoted citations, next to how many of the event's people the database names.
"""

from dataclasses import dataclass, field

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prisoners.timeline import Footnotes
from releases import selectors
from releases.models import CountMetric, ReleaseEvent

ROW_LABELS_WITH_COUNTRY = {
    CountMetric.TRANSFERRED_TO: gettext_lazy("taken to"),
    CountMetric.CITIZENS_OF: gettext_lazy("citizens of"),
}


@dataclass
class CountRow:
    metric: str
    label: str
    country: object
    cells: list[list] = field(default_factory=list)  # one list of claims per source column


def _counts_table(event: ReleaseEvent, notes: Footnotes) -> tuple[list, list[CountRow]]:
    """Sources as columns, (metric, country) as rows; a cell holds every claim of that
    source, usually one. Footnotes are numbered row by row, left to right."""
    counts = list(event.counts.all())
    sources = sorted({c.source_id: c.source for c in counts}.values(), key=lambda s: s.name)
    column = {source.pk: i for i, source in enumerate(sources)}
    metric_order = {value: i for i, value in enumerate(CountMetric.values)}
    labels = dict(CountMetric.choices)
    # A row of a country metric names its country: "Taken to Lithuania", "Citizens of Belarus".
    labels.update(ROW_LABELS_WITH_COUNTRY)
    rows: dict[tuple, CountRow] = {}
    for count in sorted(
        counts,
        key=lambda c: (
            metric_order.get(c.metric, 99),
            c.country.name if c.country_id else "",
            c.source.name,
            c.pk,
        ),
    ):
        key = (count.metric, count.country_id)
        if key not in rows:
            rows[key] = CountRow(
                metric=count.metric,
                label=labels.get(count.metric, count.metric),
                country=count.country,
                cells=[[] for _source in sources],
            )
        rows[key].cells[column[count.source_id]].append(count)
    for row in rows.values():
        for cell in row.cells:
            for count in cell:
                count.notes = notes.cite(count.citations.all(), row.label)
    return sources, list(rows.values())


def event_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "releases/event_list.html", {"events": list(selectors.event_list_summaries())}
    )


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        event = selectors.event_detail(slug=slug)
    except ReleaseEvent.DoesNotExist:
        raise Http404 from None
    notes = Footnotes()
    event_notes = notes.cite(event.citations.all(), _("the event"))
    sources, rows = _counts_table(event, notes)
    return render(
        request,
        "releases/event_detail.html",
        {
            "event": event,
            "event_notes": event_notes,
            "sources": sources,
            "rows": rows,
            "destinations": selectors.event_destinations(event=event),
            "releases": list(selectors.event_named_releases(event=event)),
            "footnotes": notes.footnotes,
        },
    )
