"""The JSON answer for applications that show help inside their own dialog.

Version 1 of the shape is documented on the integrators' page (errorlinks:docs); a change that
removes or renames a key needs a new URL (api/v2/...), additions do not.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kb.errorlinks.describe import describe
from kb.errorlinks.lookup import Answer, check_path
from kb.errorlinks.params import ErrorQuery, to_params

VERSION = 1


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path else ""


def landing_path(query: ErrorQuery, language: str) -> str:
    with translation.override(language):
        path = reverse("errorlinks:landing")
    params = urlencode(to_params(query))
    return f"{path}?{params}" if params else path


def build_payload(answer: Answer, *, now: datetime, tokens_removed: bool) -> dict[str, Any]:
    query, language = answer.query, answer.language
    rule = answer.rule
    if answer.matched and answer.revision is not None and answer.article is not None:
        title = answer.revision.title
        if answer.section_title:
            title = f"{title}: {answer.section_title}"
        summary = answer.summary
        content_language = answer.article.language
    else:
        title = _("Nie mamy jeszcze odpowiedzi na dokładnie ten błąd")
        summary = _(
            "Żaden artykuł nie jest jeszcze przypisany do tego błędu; zapisaliśmy go dla "
            "redakcji. Poniżej artykuły, które najlepiej pasują do kodu i endpointu."
        )
        content_language = language
    return {
        "version": VERSION,
        "matched": answer.matched,
        "match_level": answer.level,
        "language": content_language,
        "language_fallback": answer.language_fallback,
        "title": title,
        "summary": summary,
        "article_url": absolute(answer.article_path) or None,
        "check_url": absolute(check_path(query, language)) or None,
        "help_url": absolute(landing_path(query, language)),
        "error": {
            "status": query.status,
            "code": query.code,
            "reason": query.reason or None,
            "method": query.method or None,
            "endpoint": query.endpoint or None,
            "environment": query.environment or None,
            "trace": query.trace or None,
            "description": describe(query, now) or None,
        },
        "rule": None
        if rule is None
        else {
            "id": rule.pk,
            "status": rule.status,
            "code": rule.code,
            "reason": rule.reason_code or None,
            "method": rule.method or None,
            "endpoint": rule.endpoint_pattern,
            "environment": rule.environment or None,
            "anchor": answer.anchor or None,
        },
        "family": None
        if answer.family is None
        else {"title": answer.family.title, "url": absolute(answer.family.path)},
        "alternatives": [
            {"title": s.title, "summary": s.summary, "url": absolute(s.path)}
            for s in answer.alternatives
        ],
        "tokens_removed": tokens_removed,
    }
