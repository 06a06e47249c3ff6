from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kb.errorlinks import inventory
from kb.errorlinks.models import ErrorRule, KsefCode
from kb.models import Article

pytestmark = pytest.mark.django_db

SEND = "/sessions/online/{referenceNumber}/invoices"
OLD_21180 = "Status sesji nie pozwala na wykonanie operacji."
NEW_21180 = "Sesja nie przyjmuje już faktur."
NEW_ROW = "| 21999 | Faktura przysłana w niedzielę. | Spróbuj w poniedziałek. |"


@pytest.fixture(scope="module")
def vendored() -> dict:
    return json.loads(inventory.VENDORED.read_text(encoding="utf-8"))


def next_version(vendored: dict, tmp_path) -> str:
    """The vendored document as a 2.10.0 that adds 21999 and rewords 21180 on one endpoint."""
    document = copy.deepcopy(vendored)
    document["info"]["description"] = document["info"]["description"].replace("2.9.0", "2.10.0")
    answer = document["paths"][SEND]["post"]["responses"]["400"]
    assert OLD_21180 in answer["description"]
    answer["description"] = answer["description"].replace(OLD_21180, NEW_21180) + "\n" + NEW_ROW
    path = tmp_path / "ksef-api-v2.10.0.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.fixture
def answered_21180(make_article):
    body = "## 21180: Status sesji nie pozwala {#code-21180}\n\nSesja jest w złym stanie.\n"
    article = make_article("kody-bledow-sesji", title="Kody błędów sesji", body=body)
    english = make_article(
        "session-error-codes",
        language="en",
        title="Session error codes",
        body=body,
        translation_of=article,
    )
    Article.objects.filter(pk__in=[article.pk, english.pk]).update(reviewed_on=date(2026, 11, 1))
    ErrorRule.objects.create(article=article, anchor="code-21180", code=21180)
    return article


def test_writers_see_the_new_code_and_the_changed_description(
    vendored, tmp_path, answered_21180, admin_client, capsys
):
    call_command("sync_error_catalogue")
    assert "First document read: every code recorded." in capsys.readouterr().out

    call_command("sync_error_catalogue", next_version(vendored, tmp_path))

    out = capsys.readouterr().out
    assert "OpenAPI 2.10.0: 117 documented codes." in out
    assert "New (write a section, then a rule for it):\n  kod błędu KSeF 21999 [sessions]" in out
    assert "Changed description (answers due for review):\n  kod błędu KSeF 21180 [sessions]" in out
    assert "    before: Status sesji nie pozwala na wykonanie operacji." in out
    now = next(line for line in out.splitlines() if line.startswith("    now:"))
    assert "Sesja nie przyjmuje już faktur." in now and OLD_21180 in now
    assert "Articles marked due for review: kody-bledow-sesji, session-error-codes" in out
    # The new code's section, ready to complete.
    assert "## 21999: Faktura przysłana w niedzielę {#code-21999}" in out

    assert set(Article.objects.values_list("reviewed_on", flat=True)) == {None}
    changed = KsefCode.objects.get(table="exception", code="21180")
    assert (changed.changed_in, changed.last_seen) == ("2.10.0", "2.10.0")

    page = admin_client.get("/admin/insights/").content.decode()
    assert "Ostatnio wczytana dokumentacja: OpenAPI 2.10.0. Własną odpowiedź ma 1 z 117" in page
    unanswered = page.split('id="insights-catalogue-unanswered"')[1].split("</table>")[0]
    assert "kod błędu KSeF 21999" in unanswered
    assert "Faktura przysłana w niedzielę." in unanswered
    assert "code=21999&amp;anchor=code-21999" in unanswered
    due = page.split('id="insights-catalogue-changed"')[1].split("</table>")[0]
    assert "kod błędu KSeF 21180" in due
    assert "Sesja nie przyjmuje już faktur." in due
    assert "kody-bledow-sesji</a>, " in due and "session-error-codes</a>" in due


def test_reviewing_the_article_takes_the_code_off_the_list(
    vendored, tmp_path, answered_21180, admin_client
):
    call_command("sync_error_catalogue")
    call_command("sync_error_catalogue", next_version(vendored, tmp_path))
    Article.objects.update(reviewed_on=date.today())

    page = admin_client.get("/admin/insights/").content.decode()

    due = page.split('id="insights-catalogue-changed"')[1].split("</table>")[0]
    assert "21180" not in due


def test_a_code_the_new_version_drops_is_listed_as_gone(vendored, tmp_path, capsys):
    call_command("sync_error_catalogue")
    document = copy.deepcopy(vendored)
    document["info"]["description"] = document["info"]["description"].replace("2.9.0", "2.10.0")
    del document["components"]["schemas"]["CertificateEnrollmentStatusResponse"]
    path = tmp_path / "dropped.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    call_command("sync_error_catalogue", str(path))

    out = capsys.readouterr().out
    assert "No longer documented:\n  status wniosku certyfikacyjnego 100" in out
    assert KsefCode.objects.get(table="certificate", code="550").gone_since == "2.10.0"


def test_reading_the_same_document_again_changes_nothing(capsys):
    call_command("sync_error_catalogue")
    capsys.readouterr()

    call_command("sync_error_catalogue")

    assert "Nothing new, changed or gone since the last document read." in capsys.readouterr().out


def test_an_older_document_is_refused_and_a_dry_run_records_nothing(vendored, tmp_path):
    call_command("sync_error_catalogue", next_version(vendored, tmp_path), "--dry-run")
    assert not KsefCode.objects.exists()
    call_command("sync_error_catalogue", next_version(vendored, tmp_path))

    with pytest.raises(CommandError, match=r"version 2\.9\.0 is older than 2\.10\.0"):
        call_command("sync_error_catalogue")
