"""Researcher pages about people: the searchable, faceted list and one person's record.

Views stay thin: filtering is ``PersonFilter`` (the API's filters, same names), reads
are selectors, and the timeline is assembled in ``prisoners.timeline``. What is left here
is query-string bookkeeping, so that every state of the list is a URL one can share.
"""

import datetime
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from prisoners import selectors
from prisoners.filters import PersonFilter
from prisoners.models import Country, Person, Status
from prisoners.timeline import person_timeline

PAGE_SIZE = 50
# The API's export of the same rows; the page links to it with the page's own filters.
CSV_EXPORT_PATH = "/api/v1/prisoners/"
FILTER_NAMES = tuple(PersonFilter.base_filters)
# Labels here are lazy (gettext_lazy): translated per request, not once at import.
SORT_LABELS = {
    "name": _("Name (A–Z)"),
    "-updated": _("Recently updated"),
    "-released": _("Latest release first"),
    "-detained": _("Latest detention first"),
}


def _filter_query(data: QueryDict) -> QueryDict:
    """Only the filter parameters (no page, no sort), in a stable order."""
    query = QueryDict(mutable=True)
    for name in FILTER_NAMES:
        values = [v for v in data.getlist(name) if v.strip()]
        if values:
            query.setlist(name, values)
    return query


def _url(query: QueryDict, **changes) -> str:
    """'?'+query with ``changes`` applied (a value of None removes the parameter)."""
    new = query.copy()
    for name, value in changes.items():
        if value is None:
            new.pop(name, None)
        elif isinstance(value, list):
            new.setlist(name, value)
        else:
            new[name] = value
    # Parameters keep one order whatever order they were added in, so the same filters
    # always make the same shareable URL.
    ordered = QueryDict(mutable=True)
    for name in (*FILTER_NAMES, *(k for k in new if k not in FILTER_NAMES)):
        if name in new:
            ordered.setlist(name, new.getlist(name))
    encoded = ordered.urlencode()
    return f"?{encoded}" if encoded else "?"


def _facet_links(facets: dict, query: QueryDict) -> dict[str, list[dict]]:
    """Each facet value as a link that adds it to the filters, or removes it when active."""
    links: dict[str, list[dict]] = {}
    statuses = query.getlist("status")
    status_labels = dict(Status.choices)
    links["status"] = []
    for row in facets["status"]:
        active = row["status"] in statuses
        chosen = (
            [s for s in statuses if s != row["status"]] if active else [*statuses, row["status"]]
        )
        links["status"].append(
            {
                "label": status_labels.get(row["status"], row["status"]),
                "count": row["count"],
                "active": active,
                "url": _url(query, status=chosen or None),
            }
        )

    def single(facet: str, param: str, key: str, label_of) -> list[dict]:
        current = query.get(param)
        return [
            {
                "label": label_of(row),
                "count": row["count"],
                "active": str(row[key]) == current,
                "url": _url(query, **{param: None if str(row[key]) == current else str(row[key])}),
            }
            for row in facets[facet]
        ]

    links["citizenship"] = single("citizenship", "citizenship", "code", lambda r: r["name"])
    links["tag"] = single("tag", "tag", "slug", lambda r: r["label"])
    links["release_event"] = single(
        "release_event",
        "release_event",
        "slug",
        lambda r: r["title"],
    )
    links["destination"] = single("destination", "transferred_to", "code", lambda r: r["name"])
    after, before = query.get("released_after"), query.get("released_before")
    links["year"] = []
    for row in facets["year"]:
        first, last = f"{row['year']}-01-01", f"{row['year']}-12-31"
        active = after == first and before == last
        links["year"].append(
            {
                "label": str(row["year"]),
                "count": row["count"],
                "active": active,
                "url": _url(
                    query,
                    released_after=None if active else first,
                    released_before=None if active else last,
                ),
            }
        )
    return links


FILTER_LABELS = {
    "search": _("Name"),
    "status": _("Status"),
    "citizenship": _("Citizenship"),
    "tag": _("Tag"),
    "gender": _("Gender"),
    "release_event": _("Release event"),
    "released_after": _("Released on or after"),
    "released_before": _("Released on or before"),
    "detained_after": _("Detained on or after"),
    "detained_before": _("Detained on or before"),
    "transferred_to": _("Taken to"),
}


def _active_filters(person_filter: PersonFilter, query: QueryDict) -> list[dict]:
    """The filters in force, each with a readable label and a link that removes it."""
    cleaned = person_filter.form.cleaned_data
    status_labels = dict(Status.choices)
    active = []
    for name in FILTER_NAMES:
        values = query.getlist(name)
        if not values or cleaned.get(name) in (None, "", []):
            continue
        if name == "status":
            for value in values:
                rest = [v for v in values if v != value]
                active.append(
                    {
                        "name": FILTER_LABELS[name],
                        "value": status_labels.get(value, value),
                        "url": _url(query, status=rest or None),
                    }
                )
            continue
        value = cleaned[name]
        shown = value.isoformat() if isinstance(value, datetime.date) else str(value)
        active.append(
            {
                "name": FILTER_LABELS.get(name, name),
                "value": shown,
                "url": _url(query, **{name: None}),
            }
        )
    return active


def person_list(request: HttpRequest) -> HttpResponse:
    query = _filter_query(request.GET)
    person_filter = PersonFilter(query, queryset=Person.objects.public())
    valid = person_filter.is_valid()
    searching = bool(query.get("search", "").strip())
    sort = request.GET.get("sort", "")
    if sort not in SORT_LABELS:
        # A search is ranked best match first unless the reader asks for another order.
        sort = "" if searching else "name"
    people = person_filter.qs if valid else Person.objects.none()
    if sort:
        people = selectors.person_order(queryset=people, sort=sort)
    # The prefetches run on the page's slice only: a fixed number of queries per page.
    page = Paginator(selectors.person_list_prefetch(people), PAGE_SIZE).get_page(
        request.GET.get("page")
    )

    withheld = 0
    if valid and not searching:
        # Withheld people are counted under the same filters, but no name filter can
        # reach them, so with a search the count would only mislead.
        counted = PersonFilter(query, queryset=Person.objects.counted()).qs
        withheld = counted.exclude(pk__in=Person.objects.public().values("pk")).count()

    facets = _facet_links(selectors.person_facets(queryset=people), query) if valid else {}
    sort_query = query.copy()
    if sort and sort != ("" if searching else "name"):
        sort_query["sort"] = sort
    context = {
        "filter": person_filter,
        "errors": person_filter.form.errors if not valid else None,
        "query": query,
        "search": query.get("search", ""),
        "searching": searching,
        "sort": sort,
        "sort_labels": SORT_LABELS,
        "page": page,
        "people": page.object_list,
        "withheld": withheld,
        "facets": facets,
        "active_filters": _active_filters(person_filter, query) if valid else [],
        # A new search keeps the other filters; the sort form keeps them all.
        "hidden_filters": [(k, v) for k in query for v in query.getlist(k) if k != "search"],
        "all_filters": [(k, v) for k in query for v in query.getlist(k)],
        "page_sort": sort_query.get("sort", ""),
        "countries": dict(Country.objects.values_list("code", "name")),
        "csv_url": f"{CSV_EXPORT_PATH}?{urlencode({'format': 'csv'})}"
        + (f"&{query.urlencode()}" if query else ""),
        "page_query": sort_query.urlencode(),
        "canonical_query": sort_query.urlencode(),
    }
    return render(request, "prisoners/person_list.html", context, status=200 if valid else 400)


def person_page_context(person) -> dict:
    """What the person page renders: the person, every spelling, the timeline and its notes."""
    timeline, footnotes, person_notes = person_timeline(person)
    return {
        "person": person,
        "names": list(person.names.all()),
        "timeline": timeline,
        "footnotes": footnotes,
        "person_notes": person_notes,
    }


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        person = selectors.person_detail(slug=slug)
    except Person.DoesNotExist:
        # The same answer for unknown, unpublished and withheld: nothing to learn here.
        raise Http404 from None
    return render(request, "prisoners/person_detail.html", person_page_context(person))
