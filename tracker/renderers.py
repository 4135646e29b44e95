"""Renderers: how the rows of an API list become bytes, as JSON and as CSV.

Every list in the API is served as JSON and as CSV from the same URL (``?format=csv``
or ``Accept: text/csv``), the way Datasette does it. Both formats read the same
*columns*: an ``Export`` is an ordered tuple of ``Column`` objects, declared once per
list next to the selectors of its app. A column knows its name (the CSV header and the
JSON key), its type, what it means (the OpenAPI description and the data dictionary in
``docs/csv/``), and the SQL expression that computes it. Because the database computes
every value, both formats get the same text for the same row: a partial date is
``2020-05`` in JSON and in CSV, a list of countries is ``["BY", "UA"]`` in JSON and
``BY;UA`` in CSV.

JSON goes through orjson (``ORJSONRenderer``). CSV is never rendered from serializer
output: a list can hold 100,000 people and must stream in constant memory, so the list
view returns ``csv_response(...)``, a ``StreamingHttpResponse``. On PostgreSQL the rows
come from ``COPY (<the list's own SELECT>) TO STDOUT WITH (FORMAT csv)``, so Python
never sees a row; elsewhere from a chunked iterator, quoted by ``csv_line`` under the
same rules PostgreSQL uses, so the two paths give identical bytes.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula ("CSV injection"). In CSV, every text cell that starts with one of
those gets a leading apostrophe. It is done in SQL (``Neutralise``), for the same
reason as above: one rule, both paths. JSON keeps the text as stored.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar

import orjson
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Case,
    CharField,
    Expression,
    ExpressionWrapper,
    F,
    Func,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Left, NullIf
from django.db.models.lookups import Exact
from django.http import StreamingHttpResponse
from django.utils.functional import Promise
from rest_framework import renderers, serializers

# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows are sent to the client in blocks of about this size, not one write per row.
STREAM_BLOCK_BYTES = 64 * 1024
ITERATOR_CHUNK_ROWS = 2000
# Internal SQL aliases get a prefix so a column may share its public name with a model
# field ("name", "event") without the ORM refusing the annotation.
ALIAS_PREFIX = "col_"


# --- SQL building blocks -------------------------------------------------------------


class Neutralise(Func):
    """Prefix an apostrophe to text a spreadsheet would run as a formula (CSV only)."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        # SUBSTR and CHAR exist in SQLite; the text appears three times, so its
        # parameters do too.
        return (
            f"(CASE WHEN SUBSTR({sql}, 1, 1) IN ('=', '+', '-', '@', CHAR(9), CHAR(13)) "
            f"THEN '''' || {sql} ELSE {sql} END)",
            [*params, *params, *params],
        )

    def as_postgresql(self, compiler, connection, **extra):
        # One evaluation of the (possibly sub-query) text instead of three.
        sql, params = compiler.compile(self.source_expressions[0])
        return f"regexp_replace({sql}, %s, %s)", [*params, "^([=+@\\t\\r-])", "'\\1"]


class IsoDate(Func):
    """A date as ``YYYY-MM-DD`` text, whatever the server's DateStyle."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):
        # SQLite stores dates as ISO text already.
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST({sql} AS TEXT)", params

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_char({sql}, %s)", [*params, "YYYY-MM-DD"]


class IsoDateTimeUTC(Func):
    """A timestamp as ``YYYY-MM-DDTHH:MM:SSZ`` text in UTC (seconds, no fraction)."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):
        # Django keeps SQLite datetimes as UTC text.
        sql, params = compiler.compile(self.source_expressions[0])
        return f"strftime(%s, {sql})", ["%Y-%m-%dT%H:%M:%SZ", *params]

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_char({sql} AT TIME ZONE 'UTC', %s)", [*params, 'YYYY-MM-DD"T"HH24:MI:SS"Z"']


def partial_date(date_field: str, precision_field: str) -> Expression:
    """ISO 8601 reduced precision in SQL: '2025-12-13', '2020-05' or '2021' (as iso_partial)."""
    iso = IsoDate(F(date_field))
    return Case(
        When(**{precision_field: "year"}, then=Left(iso, 4)),
        When(**{precision_field: "month"}, then=Left(iso, 7)),
        default=iso,
        output_field=CharField(),
    )


class JoinedList(Subquery):
    """The ``v`` values of a sub-query joined with ``;`` in ``o`` order: 'BY;UA'.

    The sub-query must select ``v`` (text) and ``o`` (the sort key) and be ordered by
    ``o``: PostgreSQL sorts inside STRING_AGG; SQLite's GROUP_CONCAT keeps the order of
    the ordered sub-query it reads.
    """

    output_field = CharField()

    def as_sql(self, compiler, connection, template=None, **extra):
        if connection.vendor == "postgresql":
            template = "(SELECT STRING_AGG(j.v, ';' ORDER BY j.o) FROM (%(subquery)s) AS j)"
        else:
            template = "(SELECT GROUP_CONCAT(j.v, ';') FROM (%(subquery)s) AS j)"
        return super().as_sql(compiler, connection, template=template, **extra)


def joined_list(
    queryset: QuerySet,
    value: str | Expression,
    order: str | Expression | None = None,
    *,
    distinct: bool = False,
) -> JoinedList:
    """``queryset``'s values joined with ';', ordered by ``order`` (default: the value)."""
    value_expr = F(value) if isinstance(value, str) else value
    order_expr = value_expr if order is None else (F(order) if isinstance(order, str) else order)
    rows = queryset.order_by().values(v=value_expr, o=order_expr)
    if distinct:
        rows = rows.distinct()
    return JoinedList(rows.order_by("o"))


class CompiledOnce(ExpressionWrapper):
    """An annotation that compiles its SQL once per database connection alias.

    A list's columns are correlated sub-queries; turning them into SQL was most of a
    first page's compile time, and the unfiltered list reuses the same resolved
    annotations for every request (``tracker.viewsets.unfiltered_json_rows``). Once
    resolved, a sub-query's SQL depends on nothing but the database: its aliases are
    fixed and the outer column it names is fixed. A copy (as when the query is nested
    and its aliases relabelled) starts without the cached SQL and compiles afresh.
    """

    def __init__(self, expression: Expression):
        super().__init__(expression, output_field=None)
        self._compiled: dict[str, tuple[str, tuple]] = {}

    def _resolve_output_field(self):
        return self.expression.output_field

    def copy(self):
        clone = super().copy()
        clone._compiled = {}
        return clone

    def as_sql(self, compiler, connection):
        found = self._compiled.get(connection.alias)
        if found is None:
            sql, params = compiler.compile(self.expression)
            if params and connection.vendor == "postgresql":
                # The parameters are the column's own constants ('year', 'YYYY-MM-DD'),
                # never request input (filters go to WHERE, not to the columns). Written
                # into the SQL by psycopg's quoting, they leave an unfiltered first page a
                # statement without parameters, which PostgreSQL plans once per
                # connection, instead of weighing a fresh plan on every run. A literal
                # "%" is doubled again for the placeholders of the whole statement.
                sql = connection.ops.compose_sql(sql, params).replace("%", "%%")
                params = ()
            found = self._compiled[connection.alias] = (sql, tuple(params))
        sql, params = found
        # A fresh list: callers extend the parameters they are given.
        return sql, list(params)


# --- columns ---------------------------------------------------------------------------


class Column:
    """One column of an export: a name, a type, a meaning and the SQL that computes it.

    Subclasses set ``kind`` (the type named in the data dictionary) and override
    ``csv_expression`` / ``serializer_field`` when their CSV text or JSON type differs
    from plain text.
    """

    kind: ClassVar[str] = "text"

    def __init__(self, name: str, source: str | Expression, description: str):
        self.name = name
        self.source = source
        self.description = description

    @property
    def alias(self) -> str:
        return ALIAS_PREFIX + self.name

    def expression(self) -> Expression:
        return F(self.source) if isinstance(self.source, str) else self.source

    def csv_expression(self) -> Expression:
        # Empty text becomes NULL so both paths write an empty, unquoted cell
        # (COPY writes a non-NULL empty string as "").
        return NullIf(Neutralise(self.expression()), Value(""))

    def serializer_field(self) -> serializers.Field:
        return serializers.CharField(
            source=self.alias, help_text=self.description, allow_null=True, allow_blank=True
        )


class TextColumn(Column):
    kind = "text"


class IntegerColumn(Column):
    kind = "integer"

    def csv_expression(self) -> Expression:
        return self.expression()

    def serializer_field(self) -> serializers.Field:
        return serializers.IntegerField(source=self.alias, help_text=self.description)


class BooleanColumn(Column):
    kind = "boolean"

    def csv_expression(self) -> Expression:
        return Case(
            When(Exact(self.expression(), True), then=Value("true")),
            default=Value("false"),
            output_field=CharField(),
        )

    def serializer_field(self) -> serializers.Field:
        return serializers.BooleanField(source=self.alias, help_text=self.description)


class PartialDateColumn(Column):
    """A date as precisely as the source gave it: 2025-12-13, 2020-05 or 2021."""

    kind = "date (partial)"

    def __init__(
        self,
        name: str,
        source: str | Expression,
        description: str,
        precision_field: str | None = None,
    ):
        # A field name gets its ``<field>_precision`` partner; an expression (a
        # sub-query over ``partial_date``) already yields the text.
        if isinstance(source, str):
            source = partial_date(source, precision_field or f"{source}_precision")
        super().__init__(name, source, description)

    def csv_expression(self) -> Expression:
        return self.expression()

    def serializer_field(self) -> serializers.Field:
        return serializers.CharField(
            source=self.alias,
            allow_null=True,
            help_text=f"{self.description} ISO 8601 to the precision the source gave: "
            "YYYY-MM-DD, YYYY-MM or YYYY; null when unknown.",
        )


class DateColumn(PartialDateColumn):
    """A full date (YYYY-MM-DD)."""

    kind = "date"

    def __init__(self, name: str, date_field: str, description: str):
        Column.__init__(self, name, IsoDate(F(date_field)), description)

    def serializer_field(self) -> serializers.Field:
        return serializers.CharField(
            source=self.alias, allow_null=True, help_text=f"{self.description} YYYY-MM-DD."
        )


class DateTimeColumn(Column):
    kind = "datetime (UTC)"

    def __init__(self, name: str, field: str, description: str):
        super().__init__(name, IsoDateTimeUTC(F(field)), description)

    def csv_expression(self) -> Expression:
        return self.expression()

    def serializer_field(self) -> serializers.Field:
        return serializers.CharField(
            source=self.alias,
            allow_null=True,
            help_text=f"{self.description} UTC, YYYY-MM-DDTHH:MM:SSZ; null if never.",
        )


class _SemicolonListField(serializers.ListField):
    """The database joins a list with ';' (as in CSV); JSON gets it back as an array."""

    def get_attribute(self, instance):
        # Never None: DRF would print null without asking to_representation.
        value = (
            instance.get(self.source)
            if isinstance(instance, dict)
            else super().get_attribute(instance)
        )
        return value or ""

    def to_representation(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return value.split(";")
        return list(value)


class ListColumn(Column):
    """Several values: a JSON array, and one CSV cell joined with ';'."""

    kind = "list"

    def serializer_field(self) -> serializers.Field:
        return _SemicolonListField(
            source=self.alias,
            child=serializers.CharField(),
            help_text=f"{self.description} In CSV: one cell, values joined with ';'.",
        )


class Export:
    """A named, ordered set of columns: what one API list returns in JSON and in CSV."""

    def __init__(self, name: str, columns: Sequence[Column], description: str):
        self.name = name
        self.columns = tuple(columns)
        self.description = description
        self._serializer_class: type[serializers.Serializer] | None = None

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]

    def json_rows(self, queryset: QuerySet, *, keep: Iterable[str] = ()) -> QuerySet:
        """Dicts for the JSON list; ``keep`` adds fields the cursor needs (e.g. the ordering)."""
        annotated = queryset.annotate(
            **{c.alias: CompiledOnce(c.expression()) for c in self.columns}
        )
        return annotated.values(*(c.alias for c in self.columns), *keep)

    def csv_rows(self, queryset: QuerySet) -> QuerySet:
        """Tuples in column order, every value already CSV text (or NULL, or an integer)."""
        if queryset.query.distinct:
            # SELECT DISTINCT must also select its ORDER BY columns, which would add
            # columns to the COPY output; select the rows by id instead.
            ordering = queryset.query.order_by
            queryset = queryset.model._base_manager.filter(
                pk__in=queryset.order_by().values("pk")
            ).order_by(*ordering)
        annotated = queryset.annotate(**{c.alias: c.csv_expression() for c in self.columns})
        # Only annotations are selected, in the order they were added: the SELECT list
        # (and so the COPY output) has exactly the export's columns in order.
        return annotated.values_list(*(c.alias for c in self.columns))

    @property
    def serializer_class(self) -> type[serializers.Serializer]:
        """A read-only serializer over ``json_rows`` dicts, for the JSON list and the schema."""
        if self._serializer_class is None:
            fields: dict[str, Any] = {c.name: c.serializer_field() for c in self.columns}
            class_name = "".join(part.title() for part in self.name.replace("-", "_").split("_"))
            self._serializer_class = type(
                f"{class_name}Row",
                (serializers.Serializer,),
                {**fields, "__doc__": self.description, "__module__": __name__},
            )
        return self._serializer_class


# --- CSV bytes -------------------------------------------------------------------------


def csv_cell(value: Any) -> str:
    """One cell quoted exactly as PostgreSQL's COPY ... CSV quotes it.

    NULL is an empty, unquoted cell; a value containing a comma, a double quote, a
    line feed or a carriage return is quoted, with quotes doubled. (Python's csv module
    leaves a lone carriage return unquoted, so it cannot give the same bytes.)
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = value if isinstance(value, str) else str(value)
    if any(ch in text for ch in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(values: Iterable[Any]) -> str:
    return ",".join(csv_cell(v) for v in values) + "\n"


def neutralise(text: str) -> str:
    """Python twin of ``Neutralise`` for rows computed outside SQL (feed health)."""
    return "'" + text if text and text.startswith(FORMULA_STARTS) else text


def _blocks(lines: Iterable[bytes]) -> Iterator[bytes]:
    buffer = bytearray()
    for line in lines:
        buffer += line
        if len(buffer) >= STREAM_BLOCK_BYTES:
            yield bytes(buffer)
            buffer.clear()
    if buffer:
        yield bytes(buffer)


def _copy_rows(rows: QuerySet) -> Iterator[bytes]:
    """Stream ``rows`` (a values_list queryset) through PostgreSQL's COPY TO STDOUT."""
    import psycopg

    connection = connections[rows.db]
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # .none(), or a filter that can match nothing
        return
    with connection.cursor() as cursor:
        raw = cursor.cursor
        # COPY cannot take bind parameters, so they are bound on the client with the
        # driver's own quoting (ClientCursor.mogrify), never by string formatting.
        binder = (
            raw if isinstance(raw, psycopg.ClientCursor) else psycopg.ClientCursor(raw.connection)
        )
        statement = binder.mogrify(sql, params)
        with raw.copy(f"COPY ({statement}) TO STDOUT WITH (FORMAT csv)") as copy:
            for data in copy:
                yield bytes(data)


def _iterate_rows(rows: QuerySet) -> Iterator[bytes]:
    for values in rows.iterator(chunk_size=ITERATOR_CHUNK_ROWS):
        yield csv_line(values).encode("utf-8")


def csv_stream(export: Export, queryset: QuerySet) -> Iterator[bytes]:
    """Header then every row of ``queryset`` as CSV bytes, in blocks, in constant memory."""
    rows = export.csv_rows(queryset)
    yield csv_line(export.header).encode("utf-8")
    if connections[rows.db].vendor == "postgresql":
        yield from _blocks(_copy_rows(rows))
    else:
        yield from _blocks(_iterate_rows(rows))


def csv_stream_from_dicts(export: Export, rows: Iterable[dict]) -> Iterator[bytes]:
    """CSV of rows computed in Python (few rows: feed health), same quoting rules."""
    yield csv_line(export.header).encode("utf-8")
    for row in rows:
        values = []
        for column in export.columns:
            value = row.get(column.name)
            if isinstance(column, ListColumn):
                value = ";".join(value or [])
            if isinstance(value, str) and not isinstance(column, IntegerColumn):
                value = neutralise(value) or None
            values.append(value)
        yield csv_line(values).encode("utf-8")


def csv_response(chunks: Iterator[bytes], *, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- DRF renderers -----------------------------------------------------------------------


def _orjson_default(value: Any) -> Any:
    if isinstance(value, Promise):  # lazy translation strings in error messages
        return str(value)
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    # Decimal, lazy objects and anything else with a text form.
    return str(value)


class ORJSONRenderer(renderers.BaseRenderer):
    """JSON through orjson: several times faster than the standard library on big pages."""

    media_type = "application/json"
    format = "json"
    charset = None  # JSON is UTF-8 by definition (RFC 8259); no charset parameter
    options = orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        return orjson.dumps(data, default=_orjson_default, option=self.options)


class CSVRenderer(renderers.BaseRenderer):
    """Selects CSV in content negotiation (``?format=csv`` or ``Accept: text/csv``).

    List views see ``request.accepted_renderer.format == "csv"`` and stream the rows
    themselves (see ``csv_stream``); this renderer only ever receives data when a view
    that has no CSV form is asked for one, which the views turn into a JSON error.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if isinstance(data, list) and data and isinstance(data[0], dict):
            header = list(data[0])
            lines = [csv_line(header)] + [
                csv_line(neutralise(v) if isinstance(v, str) else v for v in row.values())
                for row in data
            ]
            return "".join(lines).encode("utf-8")
        return b""
