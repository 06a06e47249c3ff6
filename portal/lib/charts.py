"""Bar charts drawn on the server as inline SVG (templates/includes/chart.html).

Not pygal: its SVG carries a <style> element and, by default, another host's scripts. Here the
colours are classes in static/css/charts.css, so the SVG has no style and no script, and a
visually hidden table beside it gives every bucket's numbers to screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import ClassVar

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH = 720
HEIGHT = 180
# Room for the y axis' numbers on the left and the x axis' ticks below.
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 8, 22
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
PALETTE_SIZE = 10


@dataclass(frozen=True)
class Bucket:
    label: str  # in tooltips and the data table
    tick: str = ""  # under the x axis, when set


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    tooltip: str


@dataclass(frozen=True)
class Tick:
    position: float
    text: str


@dataclass(frozen=True)
class Row:
    """One line of the data table: a bucket's label and each series' value as text."""

    label: str
    cells: list[str]


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    description: str
    width: ClassVar[int] = WIDTH
    height: ClassVar[int] = HEIGHT
    plot_left: ClassVar[int] = PLOT_LEFT
    plot_right: ClassVar[int] = PLOT_RIGHT
    plot_top: ClassVar[int] = PLOT_TOP
    plot_bottom: ClassVar[int] = PLOT_BOTTOM
    series_labels: list[tuple[str, str]]  # (css class, label): the legend, bottom to top
    rects: list[Rect] = field(default_factory=list)
    no_data: list[Rect] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def stacked(self) -> bool:
        return len(self.series_labels) > 1

    # The template's hundreds of rectangles and rows, written here: a template loop over a
    # week of hours per chart cost several times more. format_html escapes every text.
    def bars_markup(self) -> SafeString:
        return _rects(self.rects)

    def no_data_markup(self) -> SafeString:
        return _rects(self.no_data, fill="#eef1f4")

    def rows_markup(self) -> SafeString:
        return format_html_join(
            "\n",
            '<tr><th scope="row">{}</th>{}</tr>',
            (
                (row.label, format_html_join("", "<td>{}</td>", ((c,) for c in row.cells)))
                for row in self.rows
            ),
        )


def _rects(rects: list[Rect], fill: str = "") -> SafeString:
    # The fill presentation attribute (not a style) keeps "no data" light without CSS.
    attribute = format_html(' fill="{}"', fill) if fill else ""
    return format_html_join(
        "\n",
        '<rect{} class="{}" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>',
        ((attribute, r.css, r.x, r.y, r.width, r.height, r.tooltip) for r in rects),
    )


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least ``value``."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def number(value: float, unit: str = "") -> str:
    """At most one decimal, none when whole: 12.5, 40, 0.3."""
    rounded = round(value, 1)
    text = f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}"
    return f"{text}{unit}"


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    buckets: Sequence[Bucket],
    series: Sequence[Series],
    unit: str = "",
    y_max: float | None = None,
) -> Chart:
    """``series`` stacked bottom to top over ``buckets``. A value of None is "no data" (a light
    band, said in the <desc>), not 0. ``y_max`` fixes the axis' top (100 for percentages), else
    the largest total rounded up; ``unit`` follows each number ("%", " s")."""
    for one in series:
        if len(one.values) != len(buckets):
            raise ValueError(
                f"series {one.label!r} has {len(one.values)} values, not {len(buckets)}"
            )
    totals = [
        sum(v for v in values if v is not None) if any(v is not None for v in values) else None
        for values in zip(*(s.values for s in series), strict=True)
    ] or [None] * len(buckets)
    top = y_max if y_max is not None else nice_ceiling(max((t for t in totals if t), default=0))
    slot = (PLOT_RIGHT - PLOT_LEFT) / max(len(buckets), 1)
    gap = 1 if slot >= 4 else 0
    no_data = str(_("brak danych"))
    rects: list[Rect] = []
    rows: list[Row] = []
    for i, bucket in enumerate(buckets):
        if totals[i] is None:
            continue
        values = [s.values[i] for s in series]
        rows.append(Row(bucket.label, [no_data if v is None else number(v, unit) for v in values]))
        x = round(PLOT_LEFT + i * slot, 2)
        rects += _stack(bucket, series, values, x, round(slot - gap, 2), top, unit)
    missing = totals.count(None)
    if missing:
        description = " ".join(
            (
                str(description),
                _("Przedziały bez danych: %(missing)d z %(total)d.")
                % {"missing": missing, "total": len(buckets)},
            )
        )
    return Chart(
        chart_id=chart_id,
        title=str(title),
        description=str(description),
        series_labels=[(f"chart-c{n % PALETTE_SIZE}", str(s.label)) for n, s in enumerate(series)],
        rects=rects,
        no_data=_no_data_bands(buckets, totals, slot, gap, no_data),
        y_ticks=[
            Tick(round(PLOT_BOTTOM - f * (PLOT_BOTTOM - PLOT_TOP), 2), number(f * top, unit))
            for f in (0, 0.5, 1)
        ],
        x_ticks=[
            Tick(round(PLOT_LEFT + i * slot, 2), b.tick) for i, b in enumerate(buckets) if b.tick
        ],
        rows=rows,
    )


def _stack(
    bucket: Bucket,
    series: Sequence[Series],
    values: list[float | None],
    x: float,
    width: float,
    top: float,
    unit: str,
) -> list[Rect]:
    """One bucket's bars, stacked bottom to top in the order of the series."""
    scale = (PLOT_BOTTOM - PLOT_TOP) / top
    base = float(PLOT_BOTTOM)
    rects = []
    for n, (one, value) in enumerate(zip(series, values, strict=True)):
        if not value:
            continue
        # Values above y_max are drawn up to the top; the table keeps the true number.
        height = min(value * scale, base - PLOT_TOP)
        base -= height
        tooltip = f"{bucket.label}: {one.label} {number(value, unit)}"
        css = f"chart-c{n % PALETTE_SIZE}"
        rects.append(Rect(x, round(base, 2), width, round(height, 2), css, tooltip))
    return rects


def _no_data_bands(
    buckets: Sequence[Bucket], totals: list[float | None], slot: float, gap: int, no_data: str
) -> list[Rect]:
    """A light band the plot's height over each run of buckets without data, so that no data
    never reads as zero; one per run keeps a sparse week a few elements."""
    bands = []
    for empty, run in groupby(range(len(buckets)), key=lambda i: totals[i] is None):
        if not empty:
            continue
        first, *rest = run
        last = rest[-1] if rest else first
        named = buckets[first].label
        if last != first:
            named = f"{named} \N{EN DASH} {buckets[last].label}"
        bands.append(
            Rect(
                round(PLOT_LEFT + first * slot, 2),
                PLOT_TOP,
                round((last + 1 - first) * slot - gap, 2),
                PLOT_BOTTOM - PLOT_TOP,
                "chart-no-data",
                f"{named}: {no_data}",
            )
        )
    return bands
