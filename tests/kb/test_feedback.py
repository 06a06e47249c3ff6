from __future__ import annotations

from kb.models import Article, Feedback
from tests.factories import add_revision


def test_feedback_without_javascript_is_saved_and_redirects_back(client, make_article):
    article = make_article()

    response = client.post(
        "/artykul/blad-403/opinia/",
        {"revision": "1", "helpful": "no", "comment": "  Brakuje przykładu.  "},
        follow=True,
    )

    feedback = Feedback.objects.get()
    assert (feedback.revision, feedback.helpful, feedback.comment) == (
        article.published_revision,
        False,
        "Brakuje przykładu.",
    )
    assert response.redirect_chain == [("/artykul/blad-403/#kb-feedback", 302)]
    assert "Dziękujemy za opinię." in response.content.decode()


def test_feedback_with_htmx_returns_only_the_thank_you_fragment(client, make_article):
    make_article()

    response = client.post(
        "/artykul/blad-403/opinia/", {"revision": "1", "helpful": "yes"}, HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith('<section id="kb-feedback"')
    assert "Dziękujemy za opinię" in body
    assert "<html" not in body
    assert Feedback.objects.get().helpful is True


def test_article_page_form_posts_with_and_without_htmx(client, make_article):
    make_article()
    page = client.get("/artykul/blad-403/").content.decode()
    # The page loads the form with htmx, and links to it for readers without JavaScript.
    assert 'hx-get="/artykul/blad-403/opinia/?revision=1" hx-trigger="load"' in page
    assert '<a href="/artykul/blad-403/opinia/?revision=1">Czy ten artykuł pomógł?</a>' in page
    fragment = client.get("/artykul/blad-403/opinia/?revision=1", HTTP_HX_REQUEST="true")
    form_page = client.get("/artykul/blad-403/opinia/?revision=1")
    assert fragment.content.decode().strip().startswith('<section id="kb-feedback"')
    assert "<html" in form_page.content.decode()
    for body in (fragment.content.decode(), form_page.content.decode()):
        assert '<form method="post" action="/artykul/blad-403/opinia/"' in body
        assert 'hx-post="/artykul/blad-403/opinia/" hx-target="#kb-feedback"' in body
        assert '<button type="submit" name="helpful" value="yes">Tak, pomógł</button>' in body
        assert '<input type="hidden" name="revision" value="1">' in body


def test_the_form_of_an_old_version_counts_for_that_version(client, make_article, editor):
    article = make_article()
    add_revision(article, editor, publish_by=editor)
    page = client.get("/artykul/blad-403/wersja/1/").content.decode()
    assert 'hx-get="/artykul/blad-403/opinia/?revision=1"' in page
    form = client.get("/artykul/blad-403/opinia/?revision=1", HTTP_HX_REQUEST="true")
    assert '<input type="hidden" name="revision" value="1">' in form.content.decode()
    # Reading an old version is not a view of the article.
    assert Article.objects.get().view_count == 0


def test_the_form_of_a_draft_or_bogus_revision_is_not_found(client, make_article, editor):
    article = make_article()
    add_revision(article, editor)
    for number in ("2", "abc", "99"):
        assert client.get(f"/artykul/blad-403/opinia/?revision={number}").status_code == 404


def test_feedback_is_counted_for_the_version_the_reader_saw(client, make_article, editor):
    article = make_article()
    add_revision(article, editor, publish_by=editor)

    client.post("/artykul/blad-403/opinia/", {"revision": "1", "helpful": "yes"})
    client.post("/artykul/blad-403/opinia/", {"revision": "2", "helpful": "no"})
    client.post("/artykul/blad-403/opinia/", {"revision": "2", "helpful": "yes"})

    counts = sorted(Feedback.objects.values_list("revision__number", "helpful"))
    assert counts == [(1, True), (2, False), (2, True)]


def test_feedback_without_a_choice_keeps_the_comment_and_says_what_is_missing(client, make_article):
    make_article()

    plain = client.post("/artykul/blad-403/opinia/", {"revision": "1", "comment": "Mój tekst"})
    htmx = client.post(
        "/artykul/blad-403/opinia/",
        {"revision": "1", "comment": "Mój tekst"},
        HTTP_HX_REQUEST="true",
    )

    for response in (plain, htmx):
        body = response.content.decode()
        assert "Wybierz „Tak” albo „Nie”, żeby wysłać opinię." in body
        assert ">Mój tekst</textarea>" in body
    assert plain.status_code == 400
    assert Feedback.objects.count() == 0


def test_feedback_for_a_draft_or_bogus_revision_is_not_saved(client, make_article, editor):
    article = make_article()
    add_revision(article, editor)
    for number in ("2", "abc", "99"):
        client.post("/artykul/blad-403/opinia/", {"revision": number, "helpful": "yes"})
    assert Feedback.objects.count() == 0


def test_a_too_long_comment_is_refused_with_the_reason(client, make_article):
    make_article()
    response = client.post(
        "/artykul/blad-403/opinia/",
        {"revision": "1", "helpful": "no", "comment": "x" * 2001},
        HTTP_HX_REQUEST="true",
    )
    assert "co najwyżej 2000 znaków" in response.content.decode()
    assert Feedback.objects.count() == 0


def _address() -> str:
    import uuid

    # A client of this test's own (IPv6 clients count by their /64, so the network differs).
    return f"fd00:{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}::1"


def test_too_many_opinions_from_one_address_are_refused_with_the_comment_kept(
    client, make_article, settings
):
    settings.KB_FEEDBACK_PER_ADDRESS_PER_HOUR = 2
    make_article()
    address = _address()
    for _ in range(2):
        client.post(
            "/artykul/blad-403/opinia/", {"revision": "1", "helpful": "yes"}, REMOTE_ADDR=address
        )

    response = client.post(
        "/artykul/blad-403/opinia/",
        {"revision": "1", "helpful": "no", "comment": "Trzecia opinia."},
        REMOTE_ADDR=address,
    )

    assert response.status_code == 429
    body = response.content.decode()
    assert "zbyt wiele opinii" in body
    assert "Trzecia opinia." in body
    assert Feedback.objects.count() == 2
    # Another reader is not affected.
    other = client.post(
        "/artykul/blad-403/opinia/", {"revision": "1", "helpful": "yes"}, REMOTE_ADDR=_address()
    )
    assert other.status_code == 302
    assert Feedback.objects.count() == 3


def test_refused_opinion_with_htmx_shows_the_message_in_the_fragment(
    client, make_article, settings
):
    settings.KB_FEEDBACK_PER_ADDRESS_PER_HOUR = 1
    make_article()
    address = _address()
    client.post(
        "/artykul/blad-403/opinia/", {"revision": "1", "helpful": "yes"}, REMOTE_ADDR=address
    )

    response = client.post(
        "/artykul/blad-403/opinia/",
        {"revision": "1", "helpful": "no", "comment": "Druga."},
        REMOTE_ADDR=address,
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith('<section id="kb-feedback"')
    assert "zbyt wiele opinii" in body
    assert "Druga." in body


def test_the_refusal_is_translated_for_english_readers(client, make_article, settings):
    settings.KB_FEEDBACK_PER_ADDRESS_PER_HOUR = 1
    make_article("error-403", language="en", title="Error 403")
    address = _address()
    client.post(
        "/en/artykul/error-403/opinia/", {"revision": "1", "helpful": "yes"}, REMOTE_ADDR=address
    )
    response = client.post(
        "/en/artykul/error-403/opinia/", {"revision": "1", "helpful": "no"}, REMOTE_ADDR=address
    )
    assert response.status_code == 429
    assert "Too many opinions were sent from this address" in response.content.decode()
