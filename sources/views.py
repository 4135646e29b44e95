"""The dashboard, the statistics page, the sources page and the about page.

Each number shown comes with the source that reported it and the date the source gives
("as of"), because counts of political prisoners differ by source and by day; the pages
put them side by side and never blend them into one figure.
"""

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prisoners.models import Status
from prisoners.selectors import person_status_totals
from releases.models import CountMetric, Qualifier
from releases.selectors import event_list_summaries
from sources import selectors
from sources.charts import observation_chart
from sources.models import Metric

RECENT_EVENTS = 5
# The API's export of the same observations the statistics page draws.
CSV_EXPORT_PATH = "/api/v1/observations/"

STATUS_DEFINITIONS = {
    Status.DETAINED: gettext_lazy("In custody: the latest step of the record is a detention."),
    Status.RELEASED: gettext_lazy(
        "Freed and, as far as the sources say, still in the country that held them."
    ),
    Status.IN_EXILE: gettext_lazy(
        "Freed and then transferred, deported or gone abroad; a crossing back ends exile."
    ),
    Status.DIED_IN_CUSTODY: gettext_lazy("Died while held."),
    Status.UNKNOWN: gettext_lazy("The sources do not yet say enough to tell."),
}


def _chart(metric: Metric | None, label_id: str):
    if metric is None:
        return "", None, []
    return observation_chart(
        selectors.observation_series(metric=metric),
        title=_("%(metric)s over time, one line per source") % {"metric": metric.label},
        description=metric.definition,
        label_id=label_id,
    )


def home(request: HttpRequest) -> HttpResponse:
    metric = Metric.objects.filter(slug=selectors.HEADLINE_METRIC).first()
    svg, _table, legend = _chart(metric, "headline-chart")
    totals = person_status_totals()
    return render(
        request,
        "sources/home.html",
        {
            "metric": metric,
            "chart": svg,
            "legend": legend,
            "latest": list(selectors.observation_latest()),
            "events": list(event_list_summaries()[:RECENT_EVENTS]),
            "people_total": sum(totals.values()),
            "status_totals": [
                (value, label, totals.get(value, 0)) for value, label in Status.choices
            ],
        },
    )


def statistics(request: HttpRequest) -> HttpResponse:
    metrics = list(selectors.metric_list())
    slug = request.GET.get("metric", selectors.HEADLINE_METRIC)
    metric = next((m for m in metrics if m.slug == slug), None)
    if metric is None and "metric" in request.GET:
        raise Http404
    svg, table, legend = _chart(metric, "statistics-chart")
    return render(
        request,
        "sources/statistics.html",
        {
            "metrics": metrics,
            "metric": metric,
            "chart": svg,
            "table": table,
            "legend": legend,
            "csv_url": f"{CSV_EXPORT_PATH}?{urlencode({'format': 'csv', 'metric': metric.slug})}"
            if metric
            else "",
        },
    )


def source_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "sources/source_list.html",
        {
            "sources": list(selectors.source_list()),
            "feeds": list(selectors.feed_health()),
            "per_source": selectors.DOCUMENTS_PER_SOURCE,
        },
    )


def about(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "sources/about.html",
        {
            "metrics": list(selectors.metric_list()),
            "statuses": [
                (value, label, STATUS_DEFINITIONS.get(value, "")) for value, label in Status.choices
            ],
            "count_metrics": CountMetric.choices,
            "qualifiers": Qualifier.choices,
        },
    )
