"""The writers' insights page: what readers read and whether it helped, what searches and
error links found nothing, which causes the session check found, which articles are due for
review. ``figures`` asks a fixed number of queries whatever the data, so the staff page needs no
cache; ``page`` turns them into charts and rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from django.db.models import Count, DateField, F, Q
from django.db.models.functions import TruncWeek
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kb import review
from kb.errorlinks.models import ErrorLinkMiss
from kb.models import Article, Feedback, WeeklyViews
from kb.readership import week_start
from kb.search.models import SearchMiss
from portal.checks.causes import Cause
from portal.checks.config import get_config
from portal.checks.models import SessionCheck
from portal.lib import charts

WEEKS = 8
TOP_ARTICLES = 10  # each with its own charts
TABLE_ARTICLES = 100  # rows of the table of articles read or rated in the window
TOP_MISSES = 20
DUE_ROWS = 50
# Nine causes and "other": one colour of the chart palette each, none repeated.
TOP_CAUSES = charts.PALETTE_SIZE - 1
# Writers and editors have it (kb migration 0009); the superuser has every permission.
PERMISSION = "kb.view_insights"
_Miss = TypeVar("_Miss", SearchMiss, ErrorLinkMiss)


@dataclass(frozen=True)
class ArticleFigures:
    pk: int
    slug: str
    title: str
    views: list[int]  # per week, oldest first, as are all weekly lists here
    yes: list[int]
    no: list[int]

    @property
    def total_views(self) -> int:
        return sum(self.views)

    @property
    def total_yes(self) -> int:
        return sum(self.yes)

    @property
    def total_no(self) -> int:
        return sum(self.no)

    @property
    def share(self) -> float | None:
        return helpful_share(self.total_yes, self.total_no)


@dataclass(frozen=True)
class Figures:
    computed_at: datetime
    weeks: list[date]  # Mondays
    views: list[int]
    yes: list[int]
    no: list[int]
    articles: list[ArticleFigures]  # most viewed first, at most TABLE_ARTICLES
    articles_active: int  # read or rated in the window, all of them
    verdicts: dict[str, list[int | None]]  # cause -> checks per week (see _verdicts)
    checks_kept_days: int
    search_misses: list[SearchMiss]
    error_misses: list[ErrorLinkMiss]
    due: list[Article]  # published, the longest unreviewed first, at most DUE_ROWS
    due_total: int


def helpful_share(yes: int, no: int) -> float | None:
    """Percent of opinions that said "it helped"; None without opinions."""
    return None if yes + no == 0 else 100 * yes / (yes + no)


def figures(now: datetime) -> Figures:
    """Eight queries, whatever the size of the knowledge base or the number of checks."""
    this_week = week_start(timezone.localdate(now))
    weeks = [this_week - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]
    start = _midnight(weeks[0])
    end = _midnight(this_week + timedelta(weeks=1))
    views = _views(weeks)
    yes, no = _opinions(weeks, start, end)
    active = set(views) | set(yes)
    ranked = sorted(active, key=lambda pk: (-sum(views[pk]), -sum(yes[pk]) - sum(no[pk]), pk))[
        :TABLE_ARTICLES
    ]
    shown = Article.objects.select_related("published_revision").in_bulk(ranked)
    articles = [
        ArticleFigures(pk, shown[pk].slug, _title(shown[pk]), views[pk], yes[pk], no[pk])
        for pk in ranked
        if pk in shown
    ]
    retention = get_config().retention
    due = review.due_for_review(
        Article.objects.select_related("published_revision"), today=timezone.localdate(now)
    )
    return Figures(
        computed_at=now,
        weeks=weeks,
        views=_totals(views.values()),
        yes=_totals(yes.values()),
        no=_totals(no.values()),
        articles=articles,
        articles_active=len(active),
        verdicts=_verdicts(weeks, now - retention, end),
        checks_kept_days=retention.days,
        search_misses=_top_misses(SearchMiss, start),
        error_misses=_top_misses(ErrorLinkMiss, start),
        due=list(due.order_by(F("reviewed_on").asc(nulls_first=True), "slug")[:DUE_ROWS]),
        due_total=due.count(),
    )


def _views(weeks: list[date]) -> dict[int, list[int]]:
    """Article id -> views per week."""
    index = {week: n for n, week in enumerate(weeks)}
    views: dict[int, list[int]] = defaultdict(lambda: [0] * WEEKS)
    for article_id, week, count in WeeklyViews.objects.filter(
        week__gte=weeks[0], week__lte=weeks[-1]
    ).values_list("article_id", "week", "views"):
        views[article_id][index[week]] += count
    return views


def _opinions(
    weeks: list[date], start: datetime, end: datetime
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Article id -> "it helped" per week, and the same for "it did not"."""
    index = {week: n for n, week in enumerate(weeks)}
    yes: dict[int, list[int]] = defaultdict(lambda: [0] * WEEKS)
    no: dict[int, list[int]] = defaultdict(lambda: [0] * WEEKS)
    opinions = (
        Feedback.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(week=TruncWeek("created_at", output_field=DateField()))
        .values("revision__article_id", "week")
        .annotate(yes=Count("id", filter=Q(helpful=True)), no=Count("id", filter=Q(helpful=False)))
    )
    for row in opinions:
        n = index[row["week"]]
        yes[row["revision__article_id"]][n] += row["yes"]
        no[row["revision__article_id"]][n] += row["no"]
    return yes, no


def _verdicts(
    weeks: list[date], oldest_kept: datetime, end: datetime
) -> dict[str, list[int | None]]:
    """Cause -> checks finished with it per week; None for the weeks that start before
    ``oldest_kept``, since checks are deleted then: half a week would look like fewer checks."""
    index = {week: n for n, week in enumerate(weeks)}
    kept = [_midnight(week) >= oldest_kept for week in weeks]
    kept_from = _midnight(weeks[kept.index(True)]) if any(kept) else end
    verdicts: dict[str, list[int | None]] = defaultdict(
        lambda: [0 if week_kept else None for week_kept in kept]
    )
    finished = (
        SessionCheck.objects.filter(finished_at__gte=kept_from, finished_at__lt=end)
        .exclude(cause="")
        .annotate(week=TruncWeek("finished_at", output_field=DateField()))
        .values("cause", "week")
        .annotate(checks=Count("id"))
    )
    for row in finished:
        verdicts[row["cause"]][index[row["week"]]] = row["checks"]
    return dict(verdicts)


def _top_misses(model: type[_Miss], since: datetime) -> list[_Miss]:
    misses = model._default_manager.filter(last_seen__gte=since)
    return list(misses.order_by("-count", "-last_seen")[:TOP_MISSES])


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _title(article: Article) -> str:
    return article.published_revision.title if article.published_revision else article.slug


def _totals(per_article: Iterable[list[int]]) -> list[int]:
    return [sum(week) for week in zip(*per_article, strict=True)] or [0] * WEEKS


def page(data: Figures) -> dict[str, object]:
    """Charts and rows for the template, in the active language."""
    buckets = [
        charts.Bucket(
            _("tydzień od %(day)s") % {"day": formats.date_format(week, "DATE_FORMAT")},
            tick=formats.date_format(week, "j b"),
        )
        for week in data.weeks
    ]
    span = _("Ostatnie %(weeks)d tygodni, od poniedziałku do niedzieli.") % {"weeks": WEEKS}
    top = [a for a in data.articles[:TOP_ARTICLES] if a.total_views]
    causes = sorted(data.verdicts, key=lambda cause: (-_sum(data.verdicts[cause]), cause))
    return {
        "weeks": WEEKS,
        "computed_at": data.computed_at,
        "views_chart": charts.bar_chart(
            chart_id="insights-views",
            title=_("Wyświetlenia artykułów"),
            description=span,
            buckets=buckets,
            series=[charts.Series(_("wyświetlenia"), data.views)],
        ),
        "helpful_chart": _helpful_chart(
            "insights-helpful", _("Czy to pomogło?"), span, buckets, data.yes, data.no
        ),
        "helpful_rows": [
            charts.Row(bucket.label, [str(y), str(n), _percent(helpful_share(y, n))])
            for bucket, y, n in zip(buckets, data.yes, data.no, strict=True)
        ],
        "top": [
            {
                "article": article,
                "views_chart": charts.bar_chart(
                    chart_id=f"insights-article-{article.pk}-views",
                    title=_("%(title)s: wyświetlenia") % {"title": article.title},
                    description=span,
                    buckets=buckets,
                    series=[charts.Series(_("wyświetlenia"), article.views)],
                ),
                "helpful_chart": _helpful_chart(
                    f"insights-article-{article.pk}-helpful",
                    _("%(title)s: czy pomogło") % {"title": article.title},
                    span,
                    buckets,
                    article.yes,
                    article.no,
                ),
            }
            for article in top
        ],
        "articles": [(article, _percent(article.share)) for article in data.articles],
        "articles_more": data.articles_active - len(data.articles),
        "verdicts_chart": _verdicts_chart(data, causes, buckets, span),
        "verdict_rows": [
            charts.Row(
                _cause_label(cause), ["—" if n is None else str(n) for n in data.verdicts[cause]]
            )
            for cause in causes
        ],
        "week_labels": [bucket.tick for bucket in buckets],
        "search_misses": data.search_misses,
        "error_misses": data.error_misses,
        "due": data.due,
        "due_more": data.due_total - len(data.due),
    }


def _helpful_chart(
    chart_id: str,
    title: str,
    description: str,
    buckets: list[charts.Bucket],
    yes: list[int],
    no: list[int],
) -> charts.Chart:
    # A week without opinions has no data, which is not the same as a week of "no"s.
    def values(counts: list[int]) -> list[float | None]:
        return [c if y + n else None for c, y, n in zip(counts, yes, no, strict=True)]

    return charts.bar_chart(
        chart_id=chart_id,
        title=title,
        description=description,
        buckets=buckets,
        series=[
            charts.Series(_("pomogło"), values(yes)),
            charts.Series(_("nie pomogło"), values(no)),
        ],
    )


def _verdicts_chart(
    data: Figures, causes: list[str], buckets: list[charts.Bucket], span: str
) -> charts.Chart:
    shown, rest = causes[:TOP_CAUSES], causes[TOP_CAUSES:]
    if len(rest) == 1:  # "other" would stand for one cause: name it instead
        shown, rest = causes, []
    weekly = [data.verdicts[cause] for cause in shown]
    labels = [_cause_label(cause) for cause in shown]
    if rest:
        weekly.append([_sum(data.verdicts[cause][n] for cause in rest) for n in range(WEEKS)])
        labels.append(_("inne przyczyny"))
    totals = [_sum(column) for column in zip(*weekly, strict=True)] or [0] * WEEKS
    # A week without finished checks has no data: either nobody ran one, which says nothing of
    # KSeF, or its checks are already deleted (a None in every cause).
    series = [
        charts.Series(label, [v if totals[n] else None for n, v in enumerate(values)])
        for label, values in zip(labels, weekly, strict=True)
    ]
    kept = _(
        "Sprawdzenia są przechowywane %(days)d dni: tydzień, który zaczął się wcześniej, "
        "nie ma danych."
    ) % {"days": data.checks_kept_days}
    return charts.bar_chart(
        chart_id="insights-verdicts",
        title=_("Werdykty sprawdzeń sesji"),
        description=_("Zakończone sprawdzenia według przyczyny. %(span)s %(kept)s")
        % {"span": span, "kept": kept},
        buckets=buckets,
        series=series or [charts.Series(_("sprawdzenia"), [None] * WEEKS)],
    )


def _sum(counts: Iterable[int | None]) -> int:
    return sum(n for n in counts if n is not None)


def _cause_label(cause: str) -> str:
    return str(Cause(cause).label) if cause in Cause.values else cause


def _percent(share: float | None) -> str:
    return "—" if share is None else charts.number(share, "%")
