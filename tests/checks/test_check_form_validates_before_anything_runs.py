from __future__ import annotations

import pytest

from portal.checks.forms import CheckForm
from portal.checks.models import SessionCheck
from portal.checks.nip import nip_checksum_ok, normalize_nip

VALID_NIP = "1234563218"
TOKEN = "20251001-EC-0123456789-ABCDEF0123-45|nip-1234563218|" + "ab" * 32


def post(client, **fields):  # type: ignore[no-untyped-def]
    data = {"env": "test", "nip": VALID_NIP, "token": TOKEN, **fields}
    return client.post("/sprawdz-sesje/", data)


def test_nip_checksum_uses_the_official_weights():
    assert nip_checksum_ok("1234563218")
    assert not nip_checksum_ok("1234563219")
    assert not nip_checksum_ok("123456321")
    assert normalize_nip(" PL 123-456-32-18 ") == "1234563218"


@pytest.mark.django_db
def test_bad_checksum_is_reported_next_to_the_nip_and_keeps_what_was_typed(client):
    response = post(client, nip="123-456-32-19", env="demo")

    assert response.status_code == 400
    body = response.content.decode()
    assert "Cyfra kontrolna się nie zgadza" in body
    assert 'value="123-456-32-19"' in body
    assert '<option value="demo" selected>' in body
    assert SessionCheck.objects.count() == 0


@pytest.mark.django_db
def test_token_is_never_sent_back_even_after_a_mistake(client):
    response = post(client, nip="12345")

    body = response.content.decode()
    assert "NIP ma 10 cyfr" in body
    assert TOKEN not in body
    assert "ab" * 32 not in body
    assert "wklej go ponownie" in body


@pytest.mark.django_db
def test_environment_comes_only_from_the_fixed_list(client):
    response = post(client, env="https://evil.example/v2")

    assert response.status_code == 400
    assert "Wybierz poprawną wartość" in response.content.decode()
    assert SessionCheck.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["1234563218", "not a token at all, just words", "short"])
def test_text_that_does_not_look_like_a_token_is_refused(client, token):
    response = post(client, token=token)

    assert "To nie wygląda na token KSeF" in response.content.decode()
    assert SessionCheck.objects.count() == 0


def test_token_of_another_shape_is_accepted_when_it_looks_like_a_token():
    form = CheckForm({"env": "test", "nip": VALID_NIP, "token": "X" * 40 + "-opaque.token"})
    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_token_naming_another_nip_is_refused_at_once_with_both_numbers(client):
    other = "5260250274"
    token = f"20251001-EC-0123456789-ABCDEF0123-45|nip-{other}|" + "cd" * 32
    response = post(client, token=token)

    body = response.content.decode()
    assert f"Ten token wydano dla NIP {other}, a wpisano {VALID_NIP}" in body
    assert SessionCheck.objects.count() == 0


def test_form_links_prefill_environment_and_nip_but_never_a_token():
    initial = CheckForm.prefill({"env": "DEMO", "nip": "123-456-32-18", "token": TOKEN})

    assert initial == {"env": "demo", "nip": "1234563218"}
    assert CheckForm.prefill({"env": "https://evil.example", "nip": "abc"}) == {}


@pytest.mark.django_db
def test_form_page_prefills_from_the_query_string(client):
    response = client.get(
        "/sprawdz-sesje/", {"env": "prod", "nip": VALID_NIP, "token": TOKEN}, follow=True
    )

    body = response.content.decode()
    # The token left the address first (a 303 without it), then the form was prefilled.
    assert [status for _url, status in response.redirect_chain] == [303]
    assert response.status_code == 200
    assert '<option value="prod" selected>' in body
    assert f'value="{VALID_NIP}"' in body
    assert TOKEN not in body
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_english_form_speaks_english(client):
    response = client.get("/en/sprawdz-sesje/")

    assert response.status_code == 200
    body = response.content.decode()
    assert 'action="/en/sprawdz-sesje/"' in body
    assert "KSeF environment" in body
    assert "Check the session" in body


@pytest.mark.django_db
def test_form_partial_renders_alone_for_other_pages_to_embed(rf):
    from django.template.loader import render_to_string
    from django.utils import translation

    request = rf.get("/pomoc/blad/")
    form = CheckForm(initial={"env": "demo", "nip": VALID_NIP})
    with translation.override("pl"):
        html = render_to_string("checks/new.html#check_form", {"form": form}, request=request)

    assert html.lstrip().startswith('<form class="check-form" method="post" action="/sprawdz')
    assert '<option value="demo" selected>' in html
    assert "<html" not in html


@pytest.mark.django_db
def test_errors_and_help_are_tied_to_their_fields_for_screen_readers(client):
    body = post(client, nip="1234563219").content.decode()

    assert 'aria-describedby="id_nip_helptext id_nip_error"' in body
    assert '<p class="help" id="id_nip_helptext">' in body
    assert '<ul class="errorlist" id="id_nip_error">' in body
    assert 'aria-invalid="true"' in body


@pytest.mark.django_db
def test_form_points_to_the_demo_tokens_when_the_simulator_is_in_use(client, settings):
    settings.KSEF_BASE_URLS = {
        env: f"http://127.0.0.1:8000/ksef-sim/{env}/v2" for env in ("test", "demo", "prod")
    }
    body = client.get("/sprawdz-sesje/").content.decode()
    assert 'href="/ksef-sim/"' in body
    assert "Testowe (api-test) — symulator" in body

    settings.KSEF_BASE_URLS = {
        "test": "https://api-test.ksef.mf.gov.pl/v2",
        "demo": "https://api-demo.ksef.mf.gov.pl/v2",
        "prod": "https://api.ksef.mf.gov.pl/v2",
    }
    body = client.get("/sprawdz-sesje/").content.decode()
    assert "/ksef-sim/" not in body
