from __future__ import annotations

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from kb.models import Category, Language

register = template.Library()

# The same escapes Django's json_script uses: inside <script> only these characters could end
# the element or start markup, and the \u forms mean the same to a JSON parser.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data: dict[str, Any]) -> SafeString:
    """A JSON-LD data block; a data block is never executed, so the CSP allows it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),  # escaped just above
    )


@register.filter
def category_name(category: Category, language: str) -> str:
    return category.name_en if language == Language.EN and category.name_en else category.name_pl


@register.filter
def category_description(category: Category, language: str) -> str:
    if language == Language.EN and category.description_en:
        return category.description_en
    return category.description_pl
