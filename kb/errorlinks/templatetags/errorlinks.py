"""What other areas' templates ask of the error links: the session check's page asks here where
each verdict's article section is, so error links and verdicts share one mapping (the rules)."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from kb.errorlinks.lookup import verdict_path

register = template.Library()


@register.simple_tag
def verdict_link(cause: str) -> str:
    return verdict_path(cause, (get_language() or "pl")[:2])
