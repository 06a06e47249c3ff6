"""The rules of article history, which only grows: a revision is written once; publishing points
the article at one and records a Publication; rolling back publishes an older text as a new
revision; a scheduled publication is a row the minute schedule publishes when it is due.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kb.models import Article, Publication, Revision, ScheduledPublication
from kb.signals import revision_published

PUBLISH_PERMISSION = "kb.publish_article"


class RevisionError(ValueError):
    """A request that would break the history rules (the message says which)."""


def can_publish(user: Any) -> bool:
    return bool(user is not None and user.has_perm(PUBLISH_PERMISSION))


def _check_publisher(user: Any) -> None:
    # user None means the system itself (the starter-content loader), never a web request.
    if user is not None and not can_publish(user):
        raise PermissionDenied(_("Tylko redaktor może publikować i przywracać wersje."))


def create_revision(
    article: Article,
    *,
    title: str,
    summary: str,
    body: str,
    change_note: str,
    author: Any = None,
    now: datetime | None = None,
    restored_from: Revision | None = None,
) -> Revision:
    """Append a revision with the next number; earlier revisions stay as they were."""
    with transaction.atomic():
        # Lock the article row so two writers saving at once get consecutive numbers instead of
        # one of them failing on the unique constraint.
        Article.objects.select_for_update().filter(pk=article.pk).first()
        last = article.revisions.aggregate(last=Max("number"))["last"] or 0
        return Revision.objects.create(
            article=article,
            number=last + 1,
            title=title,
            summary=summary,
            body=body,
            change_note=change_note,
            author=author,
            created_at=now or timezone.now(),
            restored_from=restored_from,
        )


def latest_revision(article: Article) -> Revision | None:
    return article.revisions.order_by("-number").first()


def publish(revision: Revision, user: Any, now: datetime | None = None) -> Publication:
    """Make ``revision``, newer than the published one, the one readers see. Older text goes back
    by a roll back, as a new revision, so every permalink keeps meaning what it meant."""
    _check_publisher(user)
    with transaction.atomic():
        return _make_live(_locked_article_for(revision), revision, user, now or timezone.now())


def _locked_article_for(revision: Revision) -> Article:
    """The revision's article, locked; refuses a revision that is not newer than the published."""
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    current = article.published_revision
    if current is not None and revision.number <= current.number:
        if revision.pk == current.pk:
            raise RevisionError(_("Ta wersja jest już opublikowana."))
        raise RevisionError(
            _("Wersja %(number)s jest starsza od opublikowanej; użyj przywrócenia.")
            % {"number": revision.number}
        )
    return article


def schedule_publication(
    revision: Revision, user: Any, publish_at: datetime, now: datetime | None = None
) -> ScheduledPublication:
    """Set ``revision`` to go live at ``publish_at``; ``publish_due`` publishes it then."""
    _check_publisher(user)
    now = now or timezone.now()
    if publish_at <= now:
        raise RevisionError(_("Termin publikacji musi być w przyszłości."))
    with transaction.atomic():
        _locked_article_for(revision)
        if revision.schedules.filter(done_at__isnull=True).exists():
            raise RevisionError(_("Ta wersja ma już zaplanowaną publikację."))
        return ScheduledPublication.objects.create(
            revision=revision, publish_at=publish_at, scheduled_by=user, scheduled_at=now
        )


def cancel_schedule(schedule: ScheduledPublication, user: Any) -> None:
    """Drop a publication that has not happened yet; one already done stays on record."""
    _check_publisher(user)
    ScheduledPublication.objects.filter(pk=schedule.pk, done_at__isnull=True).delete()


def publish_due(now: datetime | None = None) -> str:
    """Publish every scheduled revision whose time has come (every minute); says what it did."""
    now = now or timezone.now()
    published = failed = 0
    due = ScheduledPublication.objects.filter(done_at__isnull=True, publish_at__lte=now)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            # The claim: of two runs that overlap only one updates the row; a run that dies
            # before it commits leaves the row waiting, so the next minute publishes it.
            if not ScheduledPublication.objects.filter(pk=pk, done_at__isnull=True).update(
                done_at=now
            ):
                continue
            schedule = ScheduledPublication.objects.select_related("revision", "scheduled_by").get(
                pk=pk
            )
            try:
                with transaction.atomic():
                    if schedule.scheduled_by is None:
                        raise PermissionDenied(_("Konto, które zaplanowało publikację, usunięto."))
                    # Published as the editor who scheduled it, if they still may publish.
                    schedule.publication = publish(schedule.revision, schedule.scheduled_by, now)
                    published += 1
            except (RevisionError, PermissionDenied) as error:
                schedule.failure = str(error)[:300]
                failed += 1
            schedule.save(update_fields=["publication", "failure"])
    return f"published {published}, failed {failed}"


def roll_back(
    article: Article, to_revision: Revision, user: Any, now: datetime | None = None
) -> Revision:
    """Publish the text of an older revision as a new revision; returns the new revision."""
    _check_publisher(user)
    if to_revision.article_id != article.pk:
        raise RevisionError(_("Ta wersja należy do innego artykułu."))
    now = now or timezone.now()
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.published_revision_id == to_revision.pk:
            raise RevisionError(_("Ta wersja jest już opublikowana."))
        restored = create_revision(
            article,
            title=to_revision.title,
            summary=to_revision.summary,
            body=to_revision.body,
            change_note=_("Przywrócono wersję %(number)s") % {"number": to_revision.number},
            author=user,
            now=now,
            restored_from=to_revision,
        )
        _make_live(article, restored, user, now)
        return restored


def _make_live(article: Article, revision: Revision, user: Any, now: datetime) -> Publication:
    publication = Publication.objects.create(
        article=article, revision=revision, published_at=now, published_by=user
    )
    Article.objects.filter(pk=article.pk).update(published_revision=revision, published_at=now)
    article.published_revision = revision
    article.published_at = now
    transaction.on_commit(
        lambda: revision_published.send(sender=Article, article=article, revision=revision)
    )
    return publication
