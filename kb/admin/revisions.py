"""Revisions, their scheduled publications and readers' feedback, all written by the site."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kb import revisions
from kb.models import Feedback, Revision, ScheduledPublication
from portal.lib.admin import ReadOnlyAdmin


def with_feedback_counts(queryset: QuerySet[Revision]) -> QuerySet[Revision]:
    """Each revision with how many readers found it helpful and how many did not. Distinct, so a
    join beside it (the article's version table also joins publications) does not multiply them."""
    return queryset.annotate(
        helpful_yes=Count("feedback", filter=Q(feedback__helpful=True), distinct=True),
        helpful_no=Count("feedback", filter=Q(feedback__helpful=False), distinct=True),
    )


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["article", "number", "title", "author", "created_at", "yes", "no"]
    list_filter = ["article__language"]
    list_select_related = ["article", "author"]
    search_fields = ["article__slug", "title", "change_note"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Revision]:
        return with_feedback_counts(super().get_queryset(request))

    @admin.display(description=gettext_lazy("pomogło"), ordering="helpful_yes")
    def yes(self, obj: Revision) -> int:
        return obj.helpful_yes  # type: ignore[attr-defined,no-any-return]

    @admin.display(description=gettext_lazy("nie pomogło"), ordering="helpful_no")
    def no(self, obj: Revision) -> int:
        return obj.helpful_no  # type: ignore[attr-defined,no-any-return]


@admin.register(ScheduledPublication)
class ScheduledPublicationAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Scheduled publications, waiting and done; an editor cancels a waiting one by deleting it."""

    list_display = ["revision", "publish_at", "scheduled_by", "scheduled_at", "state"]
    list_filter = [("done_at", admin.EmptyFieldListFilter)]
    list_select_related = ["revision__article", "scheduled_by", "publication"]
    search_fields = ["revision__article__slug", "revision__title"]
    actions = None

    @admin.display(description=gettext_lazy("stan"))
    def state(self, obj: ScheduledPublication) -> str:
        if obj.done_at is None:
            return _("czeka")
        if obj.publication is None:
            return _("nie opublikowano: %(why)s") % {"why": obj.failure}
        return _("opublikowano")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return revisions.can_publish(request.user) and (obj is None or obj.done_at is None)

    def delete_model(self, request: HttpRequest, obj: ScheduledPublication) -> None:
        revisions.cancel_schedule(obj, request.user)


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    deletable = True
    list_display = ["revision", "helpful", "comment", "created_at"]
    list_filter = ["helpful", "revision__article__language"]
    list_select_related = ["revision__article"]
    search_fields = ["revision__article__slug", "comment"]
