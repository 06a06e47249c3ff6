"""On the night the clocks go back (Warsaw, 25.10.2026) the local hour 02:00 comes twice: the
charts of /stan-ksef/ name each of the two with its UTC offset, and every other hour as before."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from portal.status import hourly
from portal.status.presentation import hourly_charts

NOW = datetime(2026, 10, 25, 12, 30, tzinfo=UTC)  # 13:30 in Warsaw, winter time since 03:00


def test_the_repeated_hour_is_named_twice_with_its_offset():
    start = hourly.first_hour(NOW)
    hours = [
        hourly.Hour(
            start + timedelta(hours=n), attempts=5, checks=5, finished=5, verdicts={"session-ok": 5}
        )
        for n in range(hourly.HOURS)
    ]

    for chart in hourly_charts("test", hours):
        labels = [row.label for row in chart.rows]
        assert len(set(labels)) == len(labels) == hourly.HOURS
        summer = labels.index("2026-10-25 02:00 (UTC+2)")
        assert labels[summer - 1 : summer + 3] == [
            "2026-10-25 01:00",
            "2026-10-25 02:00 (UTC+2)",
            "2026-10-25 02:00 (UTC+1)",
            "2026-10-25 03:00",
        ]
        assert labels[-1] == "2026-10-25 13:00"
