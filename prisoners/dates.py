"""Partial dates.

Sources often give only "May 2020" or "2021". We store such a date as its first day plus
a precision, and always show it as precisely as the source gave it, never more.
"""

import datetime

from django.db import models
from django.db.models import Q


class Precision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"


def precision_field(**kwargs) -> models.CharField:
    return models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY, **kwargs
    )


def precision_constraints(field: str, app_label_model: str) -> list[models.CheckConstraint]:
    """A date given to the month starts on day 1; to the year, on 1 January.

    Stored that way, dates compare and sort correctly whatever their precision.
    """
    p = f"{field}_precision"
    return [
        models.CheckConstraint(
            condition=Q(**{f"{p}__in": Precision.values}),
            name=f"{app_label_model}_{field}_precision_valid",
        ),
        models.CheckConstraint(
            condition=~Q(**{p: Precision.MONTH})
            | Q(**{f"{field}__day": 1})
            | Q(**{f"{field}__isnull": True}),
            name=f"{app_label_model}_{field}_month_starts_day_1",
        ),
        models.CheckConstraint(
            condition=~Q(**{p: Precision.YEAR})
            | Q(**{f"{field}__day": 1, f"{field}__month": 1})
            | Q(**{f"{field}__isnull": True}),
            name=f"{app_label_model}_{field}_year_starts_jan_1",
        ),
    ]


def format_partial(value: datetime.date | None, precision: str) -> str:
    """'13 December 2025', 'May 2020' or '2021', as the precision allows."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


def iso_partial(value: datetime.date | None, precision: str) -> str:
    """ISO 8601 reduced precision: '2025-12-13', '2020-05' or '2021' (for CSV and JSON)."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def parse_partial(text: str) -> tuple[datetime.date, str]:
    """Parse '2025-12-13', '2020-05' or '2021' into (first day, precision); ValueError if not."""
    text = text.strip()
    parts = text.split("-")
    if len(parts) == 3:
        return datetime.date.fromisoformat(text), Precision.DAY
    if len(parts) == 2 and len(parts[0]) == 4 and len(parts[1]) == 2:
        return datetime.date(int(parts[0]), int(parts[1]), 1), Precision.MONTH
    if len(parts) == 1 and len(parts[0]) == 4 and parts[0].isdigit():
        return datetime.date(int(parts[0]), 1, 1), Precision.YEAR
    raise ValueError(f"not a date: {text!r} (expected YYYY-MM-DD, YYYY-MM or YYYY)")
