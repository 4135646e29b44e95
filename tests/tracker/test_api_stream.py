"""A CSV export streams in constant memory: the peak does not grow with the number of rows."""

import tracemalloc

import pytest
from django.http import StreamingHttpResponse

from prisoners.models import Person
from tests.tracker.api_support import API

pytestmark = pytest.mark.django_db


def _add_people(start: int, count: int) -> None:
    Person.objects.bulk_create(
        [
            Person(
                slug=f"bulk-{n:06d}",
                name=f"Bulk Person {n:06d}",
                occupation="a reasonably long occupation text, to make rows of a realistic size",
                is_published=True,
                status="detained",
            )
            for n in range(start, start + count)
        ],
        batch_size=2000,
    )


def _stream_peak(api) -> tuple[int, int, int]:
    """(peak traced bytes while streaming, rows received, biggest chunk)."""
    tracemalloc.start()
    try:
        response = api.get(f"{API}prisoners/?format=csv&status=detained")
        assert isinstance(response, StreamingHttpResponse)
        rows = 0
        biggest = 0
        tracemalloc.reset_peak()
        for chunk in response.streaming_content:
            rows += chunk.count(b"\n")
            biggest = max(biggest, len(chunk))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, rows - 1, biggest


def test_csv_export_memory_does_not_grow_with_the_rows(api):
    _add_people(0, 3000)
    _stream_peak(api)  # the first request imports and caches; measure from the second
    small_peak, small_rows, _ = _stream_peak(api)
    _add_people(3000, 27000)
    large_peak, large_rows, biggest = _stream_peak(api)
    assert (small_rows, large_rows) == (3000, 30000)
    # Ten times the rows, about the same peak: rows pass through, they do not pile up.
    assert large_peak < small_peak * 2 + 512 * 1024, (small_peak, large_peak)
    # Rows leave in blocks of about 64 KiB, not one write per row or one huge body.
    assert 32 * 1024 <= biggest <= 256 * 1024
