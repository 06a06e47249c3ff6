from __future__ import annotations

import pytest
from django.urls import reverse

from kb.external_links import check_external_links
from kb.models import ExternalLink
from tests.factories import T0
from tests.kb.conftest import ManualClock


@pytest.fixture
def checked(make_article, link_server):  # type: ignore[no-untyped-def]
    article = make_article(
        body=f"[zły]({link_server.url('/missing')}) [dobry]({link_server.url('/ok')})"
    )
    check_external_links(ManualClock(T0))
    return article


@pytest.mark.django_db
def test_writer_sees_broken_links_first_with_the_article_to_fix(client, writer, checked):
    client.force_login(writer)

    response = client.get(reverse("admin:kb_externallink_changelist"))

    assert response.status_code == 200
    page = response.content.decode()
    broken = ExternalLink.objects.get(url__endswith="/missing")
    working = ExternalLink.objects.get(url__endswith="/ok")
    assert page.index(broken.url) < page.index(working.url)
    assert "HTTP 404" in page
    article_admin = reverse("admin:kb_article_change", args=[checked.pk])
    assert f'<a href="{article_admin}">blad-403 (v1)</a>' in page


@pytest.mark.django_db
def test_writer_filters_the_list_down_to_broken_links(client, writer, checked):
    client.force_login(writer)

    page = client.get(reverse("admin:kb_externallink_changelist") + "?status=broken")

    assert "/missing" in page.content.decode()
    assert "/ok" not in page.content.decode()


@pytest.mark.django_db
def test_writer_opens_a_link_but_cannot_change_add_or_delete_it(client, writer, checked):
    client.force_login(writer)
    link = ExternalLink.objects.get(url__endswith="/missing")
    change = reverse("admin:kb_externallink_change", args=[link.pk])

    page = client.get(change)
    assert page.status_code == 200
    assert f'<a href="{link.url}" rel="noreferrer noopener">' in page.content.decode()
    assert client.post(change, {"url": "https://example.org/", "status": "ok"}).status_code == 403
    assert client.get(reverse("admin:kb_externallink_add")).status_code == 403
    delete = reverse("admin:kb_externallink_delete", args=[link.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ExternalLink.objects.get(pk=link.pk).status == "broken"
