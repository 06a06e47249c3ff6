"""django-q2 kills a task that runs past Q_CLUSTER's timeout (the link check's budget fits in it,
see portal/system_checks.py): a run killed all the same must not leave the link it was asking at
the head of next week's."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from kb.external_links import check_external_links
from kb.models import ExternalLink, LinkStatus
from tests.factories import T0, make_article
from tests.kb.conftest import ManualClock


class WorkerKilled(BaseException):
    """What the worker's end looks like from inside the run: nothing after it runs."""


@pytest.mark.django_db
def test_a_link_being_asked_when_the_run_was_killed_goes_last_next_run(settings, link_server):
    settings.SITE_URL = "https://pomoc.example.pl"
    make_article(body=f"[a]({link_server.url('/ok?1')}) [b]({link_server.url('/ok?2')})")
    send = requests.Session.request

    def killed_while_asking(self, method, url, *args, **kwargs):  # type: ignore[no-untyped-def]
        if url.endswith("?1"):
            raise WorkerKilled
        return send(self, method, url, *args, **kwargs)

    # Its own patch: undoing the test's monkeypatch would undo the fake network as well.
    with pytest.MonkeyPatch.context() as patch, pytest.raises(WorkerKilled):
        patch.setattr(requests.Session, "request", killed_while_asking)
        check_external_links(ManualClock(T0))

    check_external_links(ManualClock(T0 + timedelta(days=7)))

    # Never checked goes first; the one asked when the run died waits its turn after it.
    assert [path for _, path, _ in link_server.requests] == ["/ok?2", "/ok?1"]
    assert {link.url[-1]: link.checked_at for link in ExternalLink.objects.all()} == {
        "1": T0 + timedelta(days=7),
        "2": T0 + timedelta(days=7),
    }


@pytest.mark.django_db
def test_a_page_body_is_never_read(settings, link_server):
    settings.SITE_URL = "https://pomoc.example.pl"
    make_article(body=f"[a]({link_server.url('/big')})")

    check_external_links(ManualClock(T0))

    assert [(m, path) for m, path, _ in link_server.requests] == [("HEAD", "/big"), ("GET", "/big")]
    link = ExternalLink.objects.get()
    assert (link.status, link.detail) == (LinkStatus.OK, "HTTP 200")
