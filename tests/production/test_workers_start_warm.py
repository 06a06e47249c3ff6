"""gunicorn's master loads what a worker's first request would, and opens no connection that its
forked workers would then share."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.production.conftest import ROOT

_PROBE = """
import json, sys
import portal.wsgi  # what gunicorn's master loads (preload_app)
from django.core.cache import caches
from django.db import connections
from django.template import engines
from portal.warmup import warm_up
warm_up()
from kb.search.text import word_term
def cached(loaders):
    # django-template-partials wraps Django's cached loader; count what the cached ones hold.
    return sum(len(getattr(l, "get_template_cache", {})) + cached(getattr(l, "loaders", []))
               for l in loaders)
print(json.dumps({
    "urlconf": "portal.urls" in sys.modules,
    "templates": sum(cached(e.engine.template_loaders) for e in engines.all()),
    "lemmas_loaded": word_term.cache_info().currsize > 0,
    "database_connections": [a for a in connections if connections[a].connection is not None],
}))
"""


def test_warm_up_loads_urls_templates_and_lemmas_without_connecting():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "CHECK_TOKEN_KEY": "y" * 50,
    }
    out = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["urlconf"]
    assert found["templates"] >= 10
    assert found["lemmas_loaded"]
    assert found["database_connections"] == []


def test_gunicorn_preloads_and_warms_up_in_the_master():
    config: dict[str, object] = {}
    exec((ROOT / "portal" / "gunicorn.conf.py").read_text(), config)  # noqa: S102
    assert config["preload_app"] is True
    assert "warm_up" in (ROOT / "portal" / "gunicorn.conf.py").read_text()
