"""Queries that found nothing are counted for writers: text only, redacted, most frequent first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import Group, User
from django.urls import reverse

from kb.search.misses import record_miss, redact
from kb.search.models import SearchMiss

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def test_query_that_found_nothing_is_counted(client, corpus):
    client.get(reverse("search:results"), {"q": "Kwarantanna  akcyzy"})
    # Another reader: one reader counts a query once an hour.
    client.get(reverse("search:results"), {"q": "kwarantanna akcyzy"}, REMOTE_ADDR="203.0.113.8")
    client.get(reverse("search:results"), {"q": "403"})

    misses = list(SearchMiss.objects.values_list("query", "count"))
    assert misses == [("kwarantanna akcyzy", 2)]


def test_empty_or_punctuation_queries_and_suggestions_are_not_counted(client, corpus):
    client.get(reverse("search:results"), {"q": ""})
    client.get(reverse("search:results"), {"q": "?!"})
    client.get(reverse("search:suggest"), {"q": "kwaran"}, HTTP_HX_REQUEST="true")
    assert not SearchMiss.objects.exists()


def test_miss_keeps_first_and_last_time(db):
    record_miss("akcyza", now=T0)
    record_miss("akcyza", now=T0 + timedelta(hours=3))
    miss = SearchMiss.objects.get()
    assert (miss.count, miss.first_seen, miss.last_seen) == (2, T0, T0 + timedelta(hours=3))


def test_tokens_nips_and_reference_numbers_are_not_stored():
    token = "20251010-EC-2A5B3C4D5E-6F7A8B9C0D-AB|nip-5265877635|" + "ab12" * 16
    assert redact(f"błąd 450 {token}") == "błąd 450 …"
    assert redact("NIP 526-587-76-35 kod 21470") == "nip … kod 21470"
    assert redact("nip 526 587 76 35") == "nip …"
    assert redact("ref 20251010-EC-2A5B3C4D5E-6F7A8B9C0D-AB") == "ref …"
    assert redact("kontakt jan@example.com") == "kontakt …"


def test_query_made_only_of_secrets_is_not_recorded(db):
    record_miss("5265877635", now=T0)
    assert not SearchMiss.objects.exists()


def test_admin_lists_misses_most_frequent_first(client, db):
    record_miss("rzadkie", now=T0)
    for _ in range(3):
        record_miss("częste", now=T0)
    admin = User.objects.create_superuser("redaktor", "r@example.com", "x")
    client.force_login(admin)

    body = client.get(reverse("admin:search_searchmiss_changelist")).content.decode()

    assert body.index("częste") < body.index("rzadkie")


def test_writers_see_misses_and_editors_may_dismiss_them(client, db):
    record_miss("kasa fiskalna online", now=T0)
    writer = User.objects.create_user("pisarz", password="x", is_staff=True)
    writer.groups.add(Group.objects.get(name="writer"))
    editor = User.objects.create_user("redaktorka", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    miss = SearchMiss.objects.get()
    delete_url = reverse("admin:search_searchmiss_delete", args=[miss.pk])

    client.force_login(writer)
    listing = client.get(reverse("admin:search_searchmiss_changelist"))
    assert "kasa fiskalna online" in listing.content.decode()
    assert client.get(delete_url).status_code == 403

    client.force_login(editor)
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not SearchMiss.objects.exists()


def test_a_token_secret_stuck_to_a_word_is_redacted():
    assert redact("token" + "2be5" * 16 + " nie działa") == "… nie działa"
    assert redact("blad nip-5265877635 token") == "blad … token"


def test_one_client_cannot_flood_the_miss_log(client, db, settings):
    settings.SEARCH_NEW_MISSES_PER_CLIENT_PER_HOUR = 5
    for i in range(20):
        client.get("/szukaj/", {"q": f"zzzyyx{i}qq"}, REMOTE_ADDR="198.51.100.3")
    assert SearchMiss.objects.count() == 5
    # A query already kept is still counted for another reader, who also still adds new ones.
    client.get("/szukaj/", {"q": "zzzyyx0qq"}, REMOTE_ADDR="203.0.113.8")
    client.get("/szukaj/", {"q": "kasa fiskalna online"}, REMOTE_ADDR="203.0.113.8")
    assert SearchMiss.objects.count() == 6
    assert SearchMiss.objects.get(query="zzzyyx0qq").count == 2


def test_the_miss_log_stops_growing_at_its_cap(db, settings):
    settings.SEARCH_MISS_LOG_MAX_ROWS = 3
    for word in ["aaa", "bbb", "ccc", "ddd"]:
        record_miss(word, now=T0)
    record_miss("aaa", now=T0)
    assert sorted(SearchMiss.objects.values_list("query", "count")) == [
        ("aaa", 2),
        ("bbb", 1),
        ("ccc", 1),
    ]
