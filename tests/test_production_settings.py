from __future__ import annotations

import os
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

from tests.urls_raising import SECRET_IN_EXCEPTION

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x7Gq2-production-like-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "pomoc.example.pl",
    "CSRF_TRUSTED_ORIGINS": "https://pomoc.example.pl",
    "CHECK_TOKEN_KEY": "production-like-key-for-tokens-at-rest-0123456789abcdef",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Not the test settings (DJANGO_SETTINGS_MODULE is tests.settings here): the real ones.
    ours = ("DEBUG", "SECRET_KEY", "CHECK_TOKEN_KEY", "DJANGO_SETTINGS_MODULE")
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_production_variables():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_without_debug_set_the_portal_runs_as_production_and_needs_its_secrets():
    result = _manage("check", env={})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_language_cookie_is_secure():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.LANGUAGE_COOKIE_SECURE)",
        env=PRODUCTION_ENV,
    )
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr


def test_production_does_not_mount_the_simulator():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.KSEF_SIMULATOR_ENABLED)",
        env=PRODUCTION_ENV,
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_ksef_url_override_must_end_in_v2():
    result = _manage("check", env={"DEBUG": "1", "KSEF_DEMO_URL": "https://proxy.example.pl/api"})
    assert result.returncode != 0
    assert "KSEF_DEMO_URL must be a base URL ending in /v2" in result.stderr


@pytest.mark.django_db
@pytest.mark.urls("tests.urls_raising")
def test_server_error_shows_site_page_without_the_secret(client):
    client.raise_request_exception = False
    response = client.get("/explode/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Coś poszło nie tak po naszej stronie" in body
    assert SECRET_IN_EXCEPTION not in body
    assert "RuntimeError" not in body


def test_an_s3_bucket_for_images_needs_django_storages_and_then_is_the_default_storage():
    env = {**PRODUCTION_ENV, "MEDIA_S3_BUCKET": "obrazy", "MEDIA_S3_ENDPOINT_URL": "http://s3.lan"}
    result = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.STORAGES)", env=env
    )
    if find_spec("storages") is None:
        assert result.returncode != 0
        assert "MEDIA_S3_BUCKET needs django-storages" in result.stderr
    else:
        last = result.stdout.strip().splitlines()[-1]
        assert "'BACKEND': 'storages.backends.s3.S3Storage'" in last, result.stderr
        assert "'bucket_name': 'obrazy', 'endpoint_url': 'http://s3.lan'" in last
