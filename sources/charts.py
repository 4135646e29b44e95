"""Line charts drawn on the server as SVG.

The chart is plain markup in the page: no script, no inline style (the CSP forbids both),
nothing fetched from elsewhere. Colours come from CSS classes (``series-0`` ...), and each
line also has its own marker shape and dash pattern, so the series stay apart in grey
print and for readers who do not tell the colours apart. The SVG carries a <title> and a
<desc>; the page puts the same numbers in a table right under it, which is the text
alternative a screen reader or a researcher copying figures actually wants.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

WIDTH = 720
HEIGHT = 340
MARGIN_LEFT = 64
MARGIN_RIGHT = 20
MARGIN_TOP = 16
MARGIN_BOTTOM = 40
# How many distinct looks exist; a ninth series reuses the first look.
STYLES = 8


@dataclass
class Series:
    label: str
    points: list[tuple[datetime.date, int]] = field(default_factory=list)


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10ⁿ) that cuts ``span`` into about ``ticks``."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _y_ticks(low: int, high: int) -> list[float]:
    step = nice_step(high - low)
    start = math.floor(low / step) * step
    # The top tick is at or above the highest value, so no line leaves the plot.
    ticks = [start, start + step]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


def _x_ticks(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """1 January of each year, or the first of each month when the span is short."""
    if (last - first).days > 2 * 365:
        return [datetime.date(y, 1, 1) for y in range(first.year + 1, last.year + 1)]
    ticks = []
    y, m = first.year, first.month
    while True:
        m += 1
        if m > 12:
            y, m = y + 1, 1
        tick = datetime.date(y, m, 1)
        if tick > last:
            break
        ticks.append(tick)
    # Keep at most eight labels on the axis.
    stride = max(1, math.ceil(len(ticks) / 8))
    return ticks[::stride]


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def line_chart_svg(
    *, series: list[Series], title: str, description: str, label_id: str
) -> SafeString:
    """An accessible SVG line chart of ``series``; empty string when there is nothing to draw.

    ``label_id`` prefixes the ids of <title> and <desc>, so two charts can share a page.
    """
    series = [s for s in series if s.points]
    if not series:
        return mark_safe("")  # noqa: S308 - a constant
    dates = [d for s in series for d, _ in s.points]
    values = [v for s in series for _, v in s.points]
    first, last = min(dates), max(dates)
    if first == last:
        first -= datetime.timedelta(days=15)
        last += datetime.timedelta(days=15)
    # The axis starts near the lowest value, not at zero: the changes are the story here,
    # and the labelled ticks say where the axis starts.
    ticks_y = _y_ticks(min(values), max(values))
    low, high = ticks_y[0], ticks_y[-1]
    if high == low:
        high = low + 1
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    span_days = (last - first).days

    def x(day: datetime.date) -> float:
        return MARGIN_LEFT + plot_w * (day - first).days / span_days

    def y(value: float) -> float:
        return MARGIN_TOP + plot_h * (1 - (value - low) / (high - low))

    title_id, desc_id = f"{label_id}-title", f"{label_id}-desc"
    out = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" '
        'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(description)}</desc>',
        '<g class="chart-grid" aria-hidden="true">',
    ]
    for tick in ticks_y:
        ty = y(tick)
        out.append(
            f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}"/>'
            f'<text class="chart-label" x="{MARGIN_LEFT - 8}" y="{ty + 4:.1f}" '
            f'text-anchor="end">{_number(tick)}</text>'
        )
    for tick in _x_ticks(first, last):
        tx = x(tick)
        label = str(tick.year) if tick.month == 1 else tick.strftime("%b %Y")
        out.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{MARGIN_TOP}" y2="{HEIGHT - MARGIN_BOTTOM}"/>'
            f'<text class="chart-label" x="{tx:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 20}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    out.append("</g>")
    for index, one in enumerate(series):
        look = index % STYLES
        points = sorted(one.points)
        path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
        out.append(f'<g class="chart-series series-{look}">')
        out.append(f"<title>{escape(one.label)}</title>")
        if len(points) > 1:
            out.append(f'<polyline points="{path}" fill="none"/>')
        for day, value in points:
            out.append(
                _marker(look, x(day), y(value))
                + f"<title>{escape(one.label)}: {_number(value)}, {day.isoformat()}</title></g>"
            )
        out.append("</g>")
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every interpolated text is escaped above


def _marker(look: int, cx: float, cy: float) -> str:
    """An open <g> holding one point's marker; the caller adds the tooltip and closes it."""
    shape = look % 4
    if shape == 0:
        mark = f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4"/>'
    elif shape == 1:
        mark = f'<rect x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8"/>'
    elif shape == 2:
        mark = f'<polygon points="{cx:.1f},{cy - 5:.1f} {cx + 5:.1f},{cy + 4:.1f} {cx - 5:.1f},{cy + 4:.1f}"/>'
    else:
        mark = f'<polygon points="{cx:.1f},{cy - 5:.1f} {cx + 5:.1f},{cy:.1f} {cx:.1f},{cy + 5:.1f} {cx - 5:.1f},{cy:.1f}"/>'
    return f'<g class="chart-point">{mark}'


def legend_class(index: int) -> str:
    """The CSS class of series ``index``, for a legend drawn in HTML next to the chart."""
    return f"series-{index % STYLES}"


@dataclass
class SeriesTable:
    """The chart's numbers as a table: one row per date, one column per series."""

    columns: list[str]
    rows: list[tuple[datetime.date, list]]  # (date, [observation or None per column])


def observation_chart(observations, *, title: str, description: str, label_id: str):
    """The SVG and its table for observations of one metric, one series per source.

    ``observations`` are ordered by source then date (``observation_series``); a date a
    source did not report is an empty cell, never an interpolated value.
    """
    by_source: dict[int, Series] = {}
    names: dict[int, str] = {}
    cells: dict[datetime.date, dict[int, object]] = {}
    for obs in observations:
        if obs.source_id not in by_source:
            by_source[obs.source_id] = Series(label=obs.source.name)
            names[obs.source_id] = obs.source.name
        by_source[obs.source_id].points.append((obs.as_of, obs.value))
        cells.setdefault(obs.as_of, {})[obs.source_id] = obs
    order = list(by_source)
    table = SeriesTable(
        columns=[names[pk] for pk in order],
        rows=[(day, [cells[day].get(pk) for pk in order]) for day in sorted(cells, reverse=True)],
    )
    # The description states where each line starts and ends, which is what a sighted
    # reader takes from the picture at a glance; the table below has every point.
    summaries = []
    for pk in order:
        points = sorted(by_source[pk].points)
        (first_day, first_value), (last_day, last_value) = points[0], points[-1]
        summaries.append(
            ngettext(
                "%(source)s: %(last)s on %(last_day)s (one report).",
                "%(source)s: from %(first)s on %(first_day)s to %(last)s on %(last_day)s "
                "(%(n)d reports).",
                len(points),
            )
            % {
                "source": by_source[pk].label,
                "first": _number(first_value),
                "first_day": first_day.isoformat(),
                "last": _number(last_value),
                "last_day": last_day.isoformat(),
                "n": len(points),
            }
        )
    svg = line_chart_svg(
        series=[by_source[pk] for pk in order],
        title=title,
        description=" ".join([description, *summaries]),
        label_id=label_id,
    )
    legend = [(by_source[pk].label, legend_class(i)) for i, pk in enumerate(order)]
    return svg, table, legend
