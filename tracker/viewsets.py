"""The base of every API viewset: read-only lists and details, JSON and CSV, conditional GET.

A viewset declares what it shows and the base does the rest, the same way for every
endpoint:

* ``export``: the list's columns (see ``tracker.renderers``). JSON pages and the CSV
  file read the same columns from the same filtered queryset, so they cannot disagree.
* ``ordering``: a stable order ending in a unique field; the cursor follows it.
* ``filterset_class``: django-filter; an invalid value is a 400 naming the parameter,
  and so is a parameter the list does not know (a typo must not silently return
  everything).
* ``changed_models``: the tables whose newest change time is the ``Last-Modified`` of
  the response. Every JSON response also carries a strong ``ETag`` (a hash of the body),
  and a matching ``If-None-Match`` or ``If-Modified-Since`` gets 304.

Errors are always JSON, even for a request that asked for CSV.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import operator
import re
from collections.abc import Callable, Iterable

from django.db import connections
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import MethodNotAllowed, NotFound, ValidationError
from rest_framework.fields import Field
from rest_framework.request import Request
from rest_framework.response import Response

from tracker.renderers import CSVRenderer, Export, ORJSONRenderer, csv_response, csv_stream

# Query parameters every list understands besides its filters.
LIST_PARAMETERS = frozenset({"format", "cursor", "page_size"})
DETAIL_PARAMETERS = frozenset({"format"})
# What a slug can be (Django's SlugField and <slug:> converter).
SLUG = re.compile(r"[-a-zA-Z0-9_]+")

FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="json (default) or csv. CSV returns every matching row, unpaginated, "
    "streamed, with the columns documented in docs/csv/; `Accept: text/csv` does the same.",
)


def data_last_changed(
    models: Iterable[type[Model]], *, using: str = "default"
) -> datetime.datetime | None:
    """The newest change time recorded for any of ``models``: one query, index-only MAXes.

    Reads ``updated_at`` (or ``created_at``) and, for models with django-simple-history,
    the history table, which also records deletions.
    """
    connection = connections[using]
    sql = _last_changed_sql(tuple(models), connection.vendor, using)
    if sql is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(sql)
        (value,) = cursor.fetchone()
    if isinstance(value, str):  # SQLite returns the stored text
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


@functools.lru_cache(maxsize=64)
def _last_changed_sql(models: tuple[type[Model], ...], vendor: str, using: str) -> str | None:
    """The SQL of ``data_last_changed``: built once per list of models, not per request
    (reaching a model's history manager alone costs milliseconds)."""
    qn = connections[using].ops.quote_name
    parts: list[str] = []
    for model in models:
        opts = model._meta
        names = {f.name for f in opts.concrete_fields}
        for stamp in ("updated_at", "created_at"):
            if stamp in names:
                column = qn(opts.get_field(stamp).column)
                parts.append(f"SELECT MAX({column}) AS t FROM {qn(opts.db_table)}")  # noqa: S608
                break
        history = getattr(model, "history", None)
        if history is not None:
            table = qn(history.model._meta.db_table)
            parts.append(f"SELECT MAX({qn('history_date')}) AS t FROM {table}")  # noqa: S608
    if not parts:
        return None
    # Table and column names come from model metadata, quoted by the backend; no request
    # input reaches this SQL.
    return "SELECT MAX(t) FROM (" + " UNION ALL ".join(parts) + ") AS changes"  # noqa: S608


@functools.lru_cache(maxsize=64)
def _row_plan(serializer_class) -> tuple[tuple[str, Callable, Callable], ...]:
    """(key, read, represent) per field of an export's row serializer, bound once."""
    plan = []
    for field in serializer_class()._readable_fields:
        if type(field).get_attribute is Field.get_attribute and len(field.source_attrs) == 1:
            # A plain field over a ``json_rows`` dict: the value is the dict's entry.
            read = operator.itemgetter(field.source_attrs[0])
        else:
            read = field.get_attribute
        plan.append((field.field_name, read, field.to_representation))
    return tuple(plan)


_UNFILTERED_ROWS: dict[tuple[type, tuple[str, ...]], QuerySet] = {}


def unfiltered_json_rows(view: TrackerViewSet, keep: tuple[str, ...]) -> QuerySet:
    """``view.export.json_rows(view.get_queryset(), keep=keep)``, annotated once per view
    class and ordering (resolving a dozen column sub-queries is a good part of a first
    page's CPU time) and cloned per request. The shared queryset is never evaluated."""
    key = (type(view), keep)
    rows = _UNFILTERED_ROWS.get(key)
    if rows is None:
        rows = _UNFILTERED_ROWS[key] = view.export.json_rows(view.get_queryset(), keep=list(keep))
    return rows.all()


def export_rows_data(export: Export, rows: Iterable[dict]) -> list[dict]:
    """``export.serializer_class(rows, many=True).data``, without DRF's per-row, per-field
    machinery (a fifth of a list page's CPU time): the same fields, values and None rule.
    The row dicts of ``Export.json_rows`` carry every key, so no field is ever skipped."""
    plan = _row_plan(export.serializer_class)
    data = []
    for row in rows:
        item = {}
        for name, read, represent in plan:
            value = read(row)
            item[name] = None if value is None else represent(value)
        data.append(item)
    return data


def csv_filename(name: str, params: Iterable[tuple[str, str]]) -> str:
    """'prisoners-status-detained-2026-11-27.csv': what was exported, with which filters, when."""
    from prisoners.names import fold  # any script to ASCII, so Cyrillic searches stay readable

    parts = [name]
    for key, value in sorted(params):
        text = re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")[:40]
        parts += [key.replace("_", "-"), text] if text else [key.replace("_", "-")]
    stem = "-".join(parts)[:150].strip("-")
    return f"{stem}-{timezone.now().date().isoformat()}.csv"


class TrackerViewSet(viewsets.GenericViewSet):
    renderer_classes = [ORJSONRenderer, CSVRenderer]
    export: Export | None = None
    ordering: tuple[str, ...] = ("id",)
    changed_models: tuple[type[Model], ...] = ()
    detail_serializer_class = None
    lookup_field = "slug"

    # --- what the list is ----------------------------------------------------------------

    def get_cursor_ordering(self) -> tuple[str, ...]:
        return self.ordering

    def get_serializer_class(self):
        if self.action == "retrieve":
            return self.detail_serializer_class
        return self.export.serializer_class

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            # DRF answers an unknown ?format= with 404, which reads as "no such record".
            formats = "json or csv" if self.action == "list" and self.export else "json"
            raise ValidationError({"format": [f"Not available here: use {formats}."]}) from None

    def get_renderers(self):
        # Only lists have a CSV form.
        if self.action == "list" and self.export is not None:
            return [ORJSONRenderer(), CSVRenderer()]
        return [ORJSONRenderer()]

    # --- the list --------------------------------------------------------------------------

    def filter_queryset(self, queryset):
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None and self.request.query_params.keys().isdisjoint(
            filterset_class.base_filters
        ):
            # No filter named: every filter would skip its empty value, so the FilterSet
            # (building and validating a form, a good part of a first page's CPU time)
            # would return the queryset as it is.
            return queryset
        return super().filter_queryset(queryset)

    def list(self, request: Request, *args, **kwargs):
        base = self.get_queryset()
        queryset = self.filter_queryset(base)
        ordering = self.get_cursor_ordering()
        if request.accepted_renderer.format == CSVRenderer.format:
            if self.paginator is not None:
                # The file holds every row, so a page size or cursor means nothing here;
                # a malformed one is still refused, as on a JSON page.
                self.paginator.get_page_size(request)
                self.paginator.decode_cursor(request)
            params = [
                (key, value)
                for key, values in request.query_params.lists()
                if key not in LIST_PARAMETERS
                for value in values
            ]
            return csv_response(
                csv_stream(self.export, queryset.order_by(*ordering)),
                filename=csv_filename(self.export.name, params),
            )
        keep = [field.lstrip("-") for field in ordering]
        if queryset is base:
            rows = unfiltered_json_rows(self, tuple(keep))
        else:
            rows = self.export.json_rows(queryset, keep=keep)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(export_rows_data(self.export, page))

    # --- checks and headers ---------------------------------------------------------------

    def allowed_parameters(self) -> set[str]:
        if self.action != "list":
            return set(DETAIL_PARAMETERS)
        names = set(LIST_PARAMETERS)
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            names |= set(filterset_class.base_filters)
        return names

    def multi_valued_parameters(self) -> set[str]:
        """Filters that take several values (``status=detained&status=in_exile``)."""
        filterset_class = getattr(self, "filterset_class", None)
        if self.action != "list" or filterset_class is None:
            return set()
        return {
            name
            for name, flt in filterset_class.base_filters.items()
            if getattr(flt.field_class.widget, "allow_multiple_selected", False)
        }

    def initial(self, request, *args, **kwargs):
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            # DRF would check the format and the parameters first and answer a TRACE or a
            # POST with their 400; a method the endpoint does not have is a 405 whatever
            # the query says.
            self.format_kwarg = self.get_format_suffix(**kwargs)
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        slug = self.kwargs.get(self.lookup_field)
        if slug is not None and not SLUG.fullmatch(slug):
            # The router lets any text through; what no record could have is simply not
            # found (PostgreSQL would otherwise fail on a NUL byte: a 500).
            raise NotFound()
        unknown = sorted(set(request.query_params) - self.allowed_parameters())
        if unknown:
            known = ", ".join(sorted(self.allowed_parameters()))
            raise ValidationError(
                {name: [f"Unknown parameter. This endpoint takes: {known}."] for name in unknown}
            )
        repeated = sorted(
            name
            for name, values in request.query_params.lists()
            if len(values) > 1 and name not in self.multi_valued_parameters()
        )
        if repeated:
            # Silently keeping the last value would answer a question nobody asked.
            raise ValidationError(
                {
                    name: ["Given more than once; this parameter takes one value."]
                    for name in repeated
                }
            )

    def finalize_response(self, request, response, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)
        if (
            isinstance(response, Response)
            and response.exception
            and isinstance(renderer, CSVRenderer)
        ):
            # An error is a message for a program or a person, not a spreadsheet.
            request.accepted_renderer = ORJSONRenderer()
            request.accepted_media_type = ORJSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response = self._conditional(request, response)
        return response

    def _conditional(self, request, response):
        last_modified = data_last_changed(self.changed_models) if self.changed_models else None
        timestamp = int(last_modified.timestamp()) if last_modified else None
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        etag = None
        if isinstance(response, Response):
            response.render()
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:40] + '"'
            response["ETag"] = etag
        return get_conditional_response(
            request, etag=etag, last_modified=timestamp, response=response
        )


def list_schema(export: Export, description: str, *, json_response=None):
    """OpenAPI for a list action: the format parameter, JSON pages and the CSV file."""
    return extend_schema(
        parameters=[FORMAT_PARAMETER],
        description=description
        + " JSON is paginated by cursor (follow `next`); with format=csv every matching "
        "row comes in one streamed file.",
        responses={
            (200, "application/json"): json_response or export.serializer_class(many=True),
            (200, "text/csv"): OpenApiResponse(
                response=OpenApiTypes.STR,
                description=f"CSV, UTF-8, header row; columns: {', '.join(export.header)} "
                f"(docs/csv/{export.name}.md).",
            ),
        },
    )


def slug_parameter(what: str) -> OpenApiParameter:
    return OpenApiParameter(
        "slug", OpenApiTypes.STR, OpenApiParameter.PATH, description=f"Slug of the {what}."
    )


__all__ = [
    "TrackerViewSet",
    "csv_filename",
    "data_last_changed",
    "export_rows_data",
    "list_schema",
    "slug_parameter",
]
