"""django-axes locks the admin login after AXES_FAILURE_LIMIT wrong passwords."""

from __future__ import annotations

from ipaddress import ip_network

from django.contrib.auth.models import User


def test_admin_login_is_locked_after_the_failure_limit_even_with_the_right_password(
    db, client, settings
):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    User.objects.create_user("redaktor", password="poprawne-haslo-123", is_staff=True)
    login = f"/{settings.ADMIN_URL}login/"
    for _ in range(3):
        response = client.post(login, {"username": "redaktor", "password": "zle"})
        assert response.status_code in (200, 429)
    locked = client.post(login, {"username": "redaktor", "password": "poprawne-haslo-123"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_login_works_below_the_failure_limit(db, client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    User.objects.create_user("redaktor", password="poprawne-haslo-123", is_staff=True)
    login = f"/{settings.ADMIN_URL}login/"
    client.post(login, {"username": "redaktor", "password": "zle"})
    response = client.post(login, {"username": "redaktor", "password": "poprawne-haslo-123"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_wrong_passwords_from_one_address_do_not_lock_the_user_out_elsewhere(db, client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    User.objects.create_user("redaktor", password="poprawne-haslo-123", is_staff=True)
    login = f"/{settings.ADMIN_URL}login/"
    for _ in range(4):
        client.post(login, {"username": "redaktor", "password": "zle"}, REMOTE_ADDR="198.51.100.9")
    response = client.post(
        login,
        {"username": "redaktor", "password": "poprawne-haslo-123"},
        REMOTE_ADDR="203.0.113.20",
    )
    assert response.status_code == 302


def test_behind_a_trusted_proxy_the_lockout_is_per_client(db, client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXIES = [ip_network("10.0.0.0/8")]
    User.objects.create_user("redaktor", password="poprawne-haslo-123", is_staff=True)
    login = f"/{settings.ADMIN_URL}login/"
    via_proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(4):
        client.post(
            login,
            {"username": "redaktor", "password": "zle"},
            HTTP_X_FORWARDED_FOR="198.51.100.9",
            **via_proxy,
        )
    response = client.post(
        login,
        {"username": "redaktor", "password": "poprawne-haslo-123"},
        HTTP_X_FORWARDED_FOR="203.0.113.20",
        **via_proxy,
    )
    assert response.status_code == 302
