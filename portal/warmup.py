"""What each web process would otherwise load on its first request, loaded in gunicorn's master
before it forks the workers: a worker replaced after max_requests would stall readers again
(bench/pages.py). Nothing here connects to a database or cache, which a fork must not share.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.template import engines
from django.urls import get_resolver, reverse
from django.utils import translation

logger = logging.getLogger(__name__)


def warm_up() -> None:
    get_resolver().url_patterns  # noqa: B018  (imports the URLconf and every view)
    for language, _ in settings.LANGUAGES:
        with translation.override(language):
            # Loads the language's catalogs, and fills the resolver's reverse table for it
            # (it is kept per language, as URLs are translated).
            reverse("kb:home")
    _compile_templates()
    # Import the database and cache clients (about 0.2 s for redis-py) without connecting.
    for alias in connections:
        connections[alias]
    for alias in settings.CACHES:
        caches[alias]
    if settings.REDIS_URL:
        import redis  # noqa: F401
    # The search's Polish lemma dictionary takes 2-4 s to load on first use.
    from kb.search.text import word_term

    word_term("uprawnienia", "pl")


def _compile_templates() -> None:
    for engine in engines.all():
        for folder in engine.template_dirs:
            for path in sorted(Path(folder).rglob("*.html")):
                name = path.relative_to(folder).as_posix()
                try:
                    engine.get_template(name)
                except Exception:
                    # A broken template shows on its own page; the site must still start.
                    logger.exception("template %s did not compile", name)
