from __future__ import annotations

import pytest
from django.contrib.auth.models import User


@pytest.mark.django_db
def test_admin_header_and_title_name_the_portal(client):
    client.force_login(User.objects.create(username="redaktor", is_staff=True, is_superuser=True))

    body = client.get("/admin/").content.decode()
    client.logout()
    login = client.get("/admin/login/").content.decode()

    assert '<a href="/admin/">Portal pomocy KSeF: administracja</a>' in body
    assert "<title>Artykuły, reguły i sprawdzenia | Portal pomocy KSeF</title>" in body
    assert "Django" not in body.split("<body")[1].split('id="content-start"')[0]
    assert "<title>Zaloguj się | Portal pomocy KSeF</title>" in login
