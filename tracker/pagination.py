"""Cursor pagination for every API list.

A cursor is an opaque token that says "continue after this row". Unlike page numbers,
it stays correct while records are added (a partner walking 50,000 people does not
see a row twice or miss one when an editor publishes someone mid-walk), and the
database seeks to the position instead of counting past every earlier row.

DRF's ``CursorPagination`` does the work; this class only decides the ordering per
view (a search orders by relevance), lets clients choose the page size (up to 500),
and turns every malformed cursor or page size into a 400 that names the parameter,
never a 404 or a 500.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class TrackerCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = "Rows per page, 1 to 500 (default 50); more is served as 500."
    max_page_size = 500
    cursor_query_description = (
        "Opaque position from the `next` or `previous` link of the previous page."
    )
    invalid_cursor_message = "Invalid cursor: use the `next` or `previous` link as given."
    # Views declare their own stable ordering (see TrackerViewSet.get_cursor_ordering).
    ordering = ("id",)
    template = None

    def get_ordering(self, request, queryset, view):
        if view is not None and hasattr(view, "get_cursor_ordering"):
            return tuple(view.get_cursor_ordering())
        return super().get_ordering(request, queryset, view)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"Must be a whole number from 1 to {self.max_page_size}."
                    ]
                }
            )
        # Larger requests are served at the maximum, as DRF does; the links say so.
        return min(size, self.max_page_size)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {self.cursor_query_param: [self.invalid_cursor_message]}
            ) from None
        if cursor is not None and "\x00" in (cursor.position or ""):
            # No row's position holds a NUL byte, and PostgreSQL refuses one in a query
            # (a DataError, which would be a 500).
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})
        return cursor

    def paginate_queryset(self, queryset, request, view=None):
        if self.cursor_query_param not in request.query_params:
            return super().paginate_queryset(queryset, request, view)
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, OverflowError, DjangoValidationError):
            # A well-formed token whose position is not a value of the ordering field
            # (a date that is not a date, a rank that is not a number): forged or
            # from another list.
            raise ValidationError(
                {self.cursor_query_param: [self.invalid_cursor_message]}
            ) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                # No "maximum": a larger size is served at the maximum, not refused.
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        properties = described["properties"]
        properties["next"]["description"] = "Link to the next page; null on the last page."
        properties["previous"]["description"] = "Link to the previous page; null on the first page."
        properties["results"]["description"] = "The rows of this page."
        for link in ("next", "previous"):
            properties[link]["example"] = (
                "http://127.0.0.1:8000/api/v1/prisoners/?cursor=cD1NYXJ5aWE%3D"
            )
        return described
