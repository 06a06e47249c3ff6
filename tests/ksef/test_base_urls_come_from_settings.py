"""Each environment's base URL can be pointed at any server speaking the protocol."""

from __future__ import annotations

import subprocess

from tests.test_production_settings import _manage

PRINT_URLS = (
    "from django.conf import settings; "
    "print(settings.KSEF_BASE_URLS['test'], settings.KSEF_BASE_URLS['prod'])"
)


def _shell(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _manage("shell", "-c", PRINT_URLS, env=env)


def test_environment_variable_overrides_one_environment_url():
    result = _shell({"DEBUG": "1", "KSEF_TEST_URL": "https://proxy.example.pl/ksef/v2/"})
    test_url, prod_url = result.stdout.split()[-2:]
    assert test_url == "https://proxy.example.pl/ksef/v2"
    assert prod_url.endswith("/ksef-sim/prod/v2")  # local default: the simulator


def test_simulator_cannot_be_switched_on_with_debug_off():
    result = _shell(
        {"DEBUG": "0", "SECRET_KEY": "s" * 50, "KSEF_SIMULATOR": "1", "ALLOWED_HOSTS": "x"}
    )
    assert result.returncode != 0
    assert "KSEF_SIMULATOR cannot be enabled when DEBUG is off" in result.stderr


def test_latarnia_urls_default_to_the_simulator_and_can_be_overridden():
    printing = (
        "from django.conf import settings; "
        "print(settings.KSEF_LATARNIA_URLS['test'], settings.KSEF_LATARNIA_URLS['prod'])"
    )
    env = {"DEBUG": "1", "KSEF_LATARNIA_PROD_URL": "https://latarnia.example.pl/"}
    result = _manage("shell", "-c", printing, env=env)
    test_url, prod_url = result.stdout.split()[-2:]
    assert test_url.endswith("/ksef-sim/test/latarnia")
    assert prod_url == "https://latarnia.example.pl"
