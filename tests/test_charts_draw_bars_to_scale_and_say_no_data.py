"""portal.lib.charts: bars to scale, stacked in order, "no data" apart from zero, and the rendered
SVG escaped and free of inline styles and scripts (the site's CSP)."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from portal.lib import charts
from portal.lib.charts import Bucket, Series

PLOT_HEIGHT = charts.HEIGHT - charts.TOP - charts.BOTTOM


def _chart(series: list[Series], buckets: int = 3, **kwargs: object) -> charts.Chart:
    return charts.bar_chart(
        chart_id="c",
        title="Tytuł",
        description="Opis.",
        buckets=[Bucket(f"godz. {i}", tick="t" if i == 0 else "") for i in range(buckets)],
        series=series,
        **kwargs,  # type: ignore[arg-type]
    )


def test_bars_stand_on_the_baseline_in_proportion_to_y_max():
    chart = _chart([Series("5xx", [50, 100, 0])], unit="%", y_max=100)

    heights = [r.height for r in chart.rects]
    assert heights == [PLOT_HEIGHT / 2, PLOT_HEIGHT]  # a zero draws nothing, yet has a row
    assert [r.y + r.height for r in chart.rects] == [chart.plot_bottom] * 2
    assert [t.text for t in chart.y_ticks] == ["0%", "50%", "100%"]
    assert [row.cells for row in chart.rows] == [["50%"], ["100%"], ["0%"]]


def test_without_y_max_the_axis_ends_at_a_round_number_above_the_largest_total():
    chart = _chart([Series("a", [12, 37, 1])])
    assert [t.text for t in chart.y_ticks] == ["0", "25", "50"]
    assert charts.nice_ceiling(0.3) == 0.5
    assert charts.nice_ceiling(101) == 200


def test_stacked_series_sit_one_on_another_in_the_order_given():
    chart = _chart([Series("a", [25, None, 10]), Series("b", [25, 5, None])], y_max=100)

    first_a, first_b = chart.rects[0], chart.rects[1]
    assert (first_a.css, first_b.css) == ("chart-c0", "chart-c1")
    assert first_b.y + first_b.height == first_a.y
    assert chart.stacked and chart.series_labels == [("chart-c0", "a"), ("chart-c1", "b")]
    assert chart.rows[1].cells == ["brak danych", "5"]


def test_buckets_without_data_are_marked_and_counted_not_drawn_as_zero():
    chart = _chart([Series("a", [None, None, 4.04, None])], buckets=4, y_max=10)

    # One mark per run of buckets without data, named by its first and last bucket.
    assert [r.tooltip for r in chart.no_data] == [
        "godz. 0 \N{EN DASH} godz. 1: brak danych",
        "godz. 3: brak danych",
    ]
    assert chart.no_data[0].width == 2 * chart.rects[0].width + 1  # two slots less one gap
    assert len(chart.rects) == 1
    assert [row.label for row in chart.rows] == ["godz. 2"]
    assert chart.rows[0].cells == ["4"]
    assert chart.description == "Opis. Przedziały bez danych: 3 z 4."


def test_a_chart_with_no_data_at_all_renders_and_says_so():
    chart = _chart([Series("a", [None, None, None])])
    html = render_to_string("includes/chart.html", {"chart": chart})

    assert chart.rects == [] and len(chart.no_data) == 1
    assert "Brak danych." in html and "<svg" in html
    assert _chart([], buckets=0).rows == []


def test_series_must_have_one_value_per_bucket():
    with pytest.raises(ValueError):
        _chart([Series("a", [1, 2])])


def test_rendered_chart_escapes_labels_and_has_no_style_or_script():
    hostile = '<script>alert("x")</script>'
    chart = charts.bar_chart(
        chart_id="c",
        title=hostile,
        description=hostile,
        buckets=[Bucket(hostile, tick=hostile)],
        series=[Series(hostile, [1.5]), Series("b", [2])],
    )
    html = render_to_string("includes/chart.html", {"chart": chart})

    assert "<script" not in html and "&lt;script&gt;" in html
    assert not re.search(r"<style|\sstyle=", html)
    # Coordinates stay numbers for SVG whatever the language (Polish writes 1,5).
    assert 'height="' in html and not re.search(r'(x|y|width|height)="[^"]*,', html)
    assert "<td>1.5</td><td>2</td>" in html


def test_the_chart_speaks_english_on_english_pages():
    with translation.override("en"):
        chart = _chart([Series("a", [None, 1, 2])])
        html = render_to_string("includes/chart.html", {"chart": chart})
    assert "Intervals without data: 1 of 3." in html and "no data" in html
