"""The audit trail of error rules: who changed which rule, when, and what it looked like before
and after. Written by admin saves and deletes and by the starter-rule loader alike."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

from kb.errorlinks.models import ErrorRule, ErrorRuleChange

AUDITED_FIELDS = (
    "status",
    "code",
    "reason_code",
    "method",
    "endpoint_pattern",
    "environment",
    "article",
    "anchor",
    "priority",
    "note",
    "active",
    "check_cause",
)


def snapshot(rule: ErrorRule) -> dict[str, Any]:
    """The rule's matching fields as JSON; the article by slug, which is what writers read."""
    data: dict[str, Any] = {name: getattr(rule, name) for name in AUDITED_FIELDS}
    data["article"] = rule.article.slug if rule.article_id else None
    return data


def record(
    rule: ErrorRule,
    action: str,
    *,
    before: dict[str, Any] | None,
    user: AbstractBaseUser | AnonymousUser | None,
    now: datetime,
) -> ErrorRuleChange | None:
    """Write one change; nothing when a save changed nothing."""
    after = None if action == ErrorRuleChange.Action.DELETED else snapshot(rule)
    if action == ErrorRuleChange.Action.CHANGED and before == after:
        return None
    assert rule.pk is not None
    return ErrorRuleChange.objects.create(
        rule_id=rule.pk,
        starter_key=rule.starter_key or "",
        action=action,
        before=before,
        after=after,
        changed_by=user if isinstance(user, User) else None,
        changed_at=now,
    )
