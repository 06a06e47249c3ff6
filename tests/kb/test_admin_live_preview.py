from __future__ import annotations

from django.contrib.auth.models import User

from tests.factories import add_revision

URL = "/admin/kb/article/live-preview/"
HOSTILE = (
    "## Przyczyny {#propagation}\n\nTekst <script>alert('x')</script> dalej.\n\n"
    '<a href="https://example.com" onclick="steal()">klik</a> [link](javascript:alert(1))\n\n'
    "## Kontakt {#main}"
)


def test_preview_fragment_renders_the_typed_markdown_sanitised_like_the_page(client, writer):
    client.force_login(writer)

    response = client.post(URL, {"body": HOSTILE, "language": "pl"}, HTTP_HX_REQUEST="true")

    fragment = response.content.decode()
    assert response.status_code == 200
    assert fragment.startswith('<div class="article-body"><h2 id="propagation">Przyczyny')
    assert "<html" not in fragment
    assert '<a href="https://example.com" rel="noopener noreferrer">klik</a>' in fragment
    assert "<script" not in fragment and "onclick" not in fragment
    assert "javascript:" not in fragment
    # Ids the page itself uses are renamed, as on the reader page.
    assert '<h2 id="main-tekst">Kontakt' in fragment


def test_preview_renders_in_the_article_language(client, writer):
    client.force_login(writer)

    english = client.post(URL, {"body": "## Causes", "language": "en"}).content.decode()
    polish = client.post(URL, {"body": "## Przyczyny", "language": "pl"}).content.decode()

    assert 'title="Direct link to this section"' in english
    assert 'title="Bezpośredni link do tej sekcji"' in polish


def test_preview_is_for_staff_who_may_see_articles_and_only_by_post(client, writer):
    client.force_login(User.objects.create(username="obcy", is_staff=True))
    refused = client.post(URL, {"body": "# x"})
    client.force_login(writer)
    get = client.get(URL)
    client.logout()
    anonymous = client.post(URL, {"body": "# x"})

    assert (refused.status_code, get.status_code, anonymous.status_code) == (403, 405, 302)


def test_change_page_shows_the_rendered_text_beside_the_editor_wired_to_htmx(
    client, make_article, writer
):
    article = make_article()
    add_revision(article, writer, body="## Szkic {#szkic}\n\nNowy <b>tekst</b>.")
    client.force_login(writer)

    page = client.get(f"/admin/kb/article/{article.pk}/change/").content.decode()

    editor = page.split('<div class="kb-editor">')[1].split("</textarea>")[0]
    assert f'hx-post="{URL}"' in editor
    assert 'hx-trigger="input changed delay:500ms"' in editor
    assert 'hx-target="#kb-live-preview"' in editor
    preview = page.split('id="kb-live-preview"')[1]
    assert '<h2 id="szkic">Szkic' in preview and "Nowy <b>tekst</b>." in preview
    assert "/static/vendor/htmx/htmx.min.js" in page
    assert "<script>" not in page.split("</head>")[0]
