"""Which links to other sites, in what readers see, lead nowhere: checked once a week.

A time-out or 429 says nothing about the page, so it is "could not check", never broken. Every
request goes through kb.public_address; the run is a polite guest (docs/writers.md), and links it
does not reach come first next week.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from django.conf import settings
from django.db.models import F
from django.utils.translation import gettext as _
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

from kb.models import Article, ExternalLink, LinkStatus, Revision
from kb.public_address import PinnedAdapter, PrivateAddress
from kb.rendering import render_markdown
from portal.lib import clock as clocks

# Between the starts of two requests to one host.
HOST_PAUSE_SECONDS = 1.0
MAX_REDIRECTS = 5
_URL_MAX_LENGTH = ExternalLink._meta.get_field("url").max_length or 2000


@dataclass(frozen=True)
class Outcome:
    status: LinkStatus
    detail: str


def link_check_session() -> requests.Session:
    """A session that connects only to public addresses (``kb.public_address``)."""
    session = requests.Session()
    # Names the portal and its address, so a site's owner knows who asks and where to look.
    session.headers["User-Agent"] = f"KSeF-help-portal-link-check/1.0 (+{settings.SITE_URL})"
    # Not the environment's: no credentials from ~/.netrc sent to whatever a link names, and
    # no proxy, through which the adapter would vet the proxy's address, not the link's.
    session.trust_env = False
    adapter = PinnedAdapter()
    for scheme in ("http://", "https://"):
        session.mount(scheme, adapter)
    return session


def check_external_links(clock: clocks.Clock | None = None) -> str:
    """The weekly run (registered by ``setup_schedules``): bring the list of links up to date
    with the published articles, check as many as this run may, and say what it did."""
    clock = clock or clocks.current()
    # Started first: reading the articles counts towards the run's time too.
    run = _Run(clock)
    used = external_urls()
    _update_list(used)
    links = ExternalLink.objects.order_by(F("checked_at").asc(nulls_first=True), "url")
    counts: Counter[str] = Counter()
    with link_check_session() as session:
        for link in _by_turns(list(links)):
            outcome = check(link.url, session, run, partial(_mark_asked, link, clock))
            if outcome is not None:
                _record(link, outcome, clock.now())
                counts[outcome.status] += 1
    left = len(used) - counts.total()
    return (
        f"links {len(used)}: ok {counts[LinkStatus.OK]}, broken {counts[LinkStatus.BROKEN]}, "
        f"could not check {counts[LinkStatus.UNKNOWN]}, left for the next run {left}"
    )


def external_urls() -> dict[str, set[int]]:
    """Every distinct link to another site in the published revisions (both languages), without
    its #fragment (never sent to the server), with the ids of the revisions that contain it."""
    published = Article.objects.filter(published_revision__isnull=False)
    revisions = Revision.objects.filter(pk__in=published.values("published_revision"))
    found: dict[str, set[int]] = defaultdict(set)
    for revision in revisions.only("pk", "body").iterator():
        for href in render_markdown(revision.body).hrefs:
            url = _external(href)
            if url is not None:
                found[url].add(revision.pk)
    return dict(found)


def _external(href: str) -> str | None:
    if href == settings.SITE_URL or href.startswith(settings.SITE_URL + "/"):
        return None  # the portal's own page: kb.links checks those before publishing
    try:
        parts = urlsplit(href)
    except ValueError:
        return None  # not an address a browser would follow either
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    url = urlunsplit(parts._replace(fragment=""))
    # Counted in bytes: PostgreSQL's unique index takes no more than a few kilobytes per entry.
    return url if len(url.encode()) <= _URL_MAX_LENGTH else None


def _update_list(used: dict[str, set[int]]) -> None:
    # A link no published text contains any more is no longer the writers' concern.
    gone = [pk for url, pk in ExternalLink.objects.values_list("url", "pk") if url not in used]
    ExternalLink.objects.filter(pk__in=gone).delete()
    for url, revision_ids in used.items():
        link, _ = ExternalLink.objects.get_or_create(url=url)
        link.revisions.set(revision_ids)


def _host(url: str) -> str:
    # urllib3's reading, the one requests connects by (urlsplit reads another host in
    # "http://127.0.0.1\\@example.com/"): the pause and the share are the host's that is asked.
    try:
        return (parse_url(url).host or "").lower()
    except LocationParseError:
        return ""


def _by_turns(links: Iterable[ExternalLink]) -> Iterator[ExternalLink]:
    """One link of each host in turn (each host's in the order given), so the pause between two
    requests to one host is spent on the others."""
    queues: dict[str, deque[ExternalLink]] = defaultdict(deque)
    for link in links:
        queues[_host(link.url)].append(link)
    while queues:
        for host in list(queues):
            yield queues[host].popleft()
            if not queues[host]:
                del queues[host]


class _Run:
    """What one run may still send: requests per host, the pause between them, the time left."""

    def __init__(self, clock: clocks.Clock) -> None:
        self.clock = clock
        self.started = clock.monotonic()
        self.sent: Counter[str] = Counter()
        self.last_start: dict[str, float] = {}

    def out_of_time(self) -> bool:
        return self.clock.monotonic() - self.started >= settings.KB_LINK_CHECK_BUDGET_SECONDS

    def may_send(self, host: str) -> bool:
        """Whether one more request to ``host`` fits this run, after the pause it needs."""
        if self.sent[host] >= settings.KB_LINK_CHECK_REQUESTS_PER_HOST or self.out_of_time():
            return False
        if host in self.last_start:
            wait = self.last_start[host] + HOST_PAUSE_SECONDS - self.clock.monotonic()
            if wait > 0:
                self.clock.sleep(wait)
                if self.out_of_time():
                    return False
        self.sent[host] += 1
        self.last_start[host] = self.clock.monotonic()
        return True


def check(
    url: str,
    session: requests.Session,
    run: _Run,
    asking: Callable[[], None] = lambda: None,
) -> Outcome | None:
    """What ``url`` leads to, or None when this run may not send the requests it needs.
    ``asking`` is called once, when the first request may go."""
    method = "HEAD"
    redirects = 0
    timeout = (settings.KB_LINK_CHECK_CONNECT_SECONDS, settings.KB_LINK_CHECK_READ_SECONDS)
    while True:
        if not run.may_send(_host(url)):
            return None
        if redirects == 0 and method == "HEAD":
            asking()
        try:
            # stream: a GET reads the status and headers only, never a large body.
            with session.request(
                method, url, allow_redirects=False, stream=True, timeout=timeout
            ) as response:
                code = response.status_code
                location = response.headers.get("location") if response.is_redirect else None
        except PrivateAddress:
            # Not the site's fault, and not worth a writer's time: it is not called broken.
            return Outcome(LinkStatus.UNKNOWN, _("nie sprawdzono: adres w sieci prywatnej"))
        except requests.Timeout:
            return Outcome(LinkStatus.UNKNOWN, _("serwer nie odpowiedział na czas"))
        except requests.exceptions.SSLError:
            return Outcome(LinkStatus.BROKEN, _("błędny certyfikat TLS"))
        except requests.ConnectionError:
            return Outcome(LinkStatus.BROKEN, _("nie ma takiego serwera albo odmówił połączenia"))
        except requests.RequestException as error:
            return Outcome(LinkStatus.BROKEN, _("błędny adres (%(error)s)") % {"error": error})
        if method == "HEAD" and code >= 400 and code != 429:
            # Many servers and CDNs refuse HEAD, or what looks like a bot, yet serve a browser GET:
            # only GET's answer may call a link broken. Not after 429: the site asked us to wait.
            method = "GET"
        elif location is not None:
            if redirects == MAX_REDIRECTS:
                return Outcome(LinkStatus.BROKEN, _("za dużo przekierowań"))
            redirects += 1
            url = urljoin(url, location)
        elif code == 429:
            return Outcome(LinkStatus.UNKNOWN, f"HTTP {code}")
        elif code >= 400:
            return Outcome(LinkStatus.BROKEN, f"HTTP {code}")
        else:
            return Outcome(LinkStatus.OK, f"HTTP {code}")


def _mark_asked(link: ExternalLink, clock: clocks.Clock) -> None:
    # Saved before the first request: a server dripping its answer can hold it until django-q2
    # kills the run (the read time-out is per read), and the link must then go last next week.
    link.checked_at = clock.now()
    link.save(update_fields=["checked_at"])


def _record(link: ExternalLink, outcome: Outcome, now: datetime) -> None:
    # Saved link by link: a run stopped half way keeps what it found.
    link.status = outcome.status
    link.detail = outcome.detail[:300]
    link.checked_at = now
    if outcome.status == LinkStatus.OK:
        link.broken_since = None
    elif outcome.status == LinkStatus.BROKEN and link.broken_since is None:
        link.broken_since = now
    link.save(update_fields=["status", "detail", "checked_at", "broken_since"])
