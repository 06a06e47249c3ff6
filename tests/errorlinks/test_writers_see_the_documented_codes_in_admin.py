from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from kb.errorlinks.models import ErrorRule, KsefCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(client):
    user = User.objects.create_user("pisarz", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="writer"))
    client.force_login(user)
    return user


def test_a_writer_sees_each_code_with_its_answer_or_a_link_to_add_one(client, writer, make_article):
    call_command("sync_error_catalogue", verbosity=0)
    sessions = make_article(
        "kody-bledow-sesji", title="Sesje", body="## 21180: Status {#code-21180}\n\nTekst."
    )
    ErrorRule.objects.create(article=sessions, anchor="code-21180", code=21180)

    page = client.get("/admin/errorlinks/ksefcode/", {"q": "2118"}).content.decode()

    assert '<a href="/blad/21180/">kody-bledow-sesji#code-21180</a>' in page
    assert "/admin/errorlinks/errorrule/add/?code=21181&amp;anchor=code-21181" in page
    # Writers read the record; sync_error_catalogue writes it.
    assert client.get("/admin/errorlinks/ksefcode/add/").status_code == 403
    code = KsefCode.objects.get(table="exception", code="21180")
    assert client.post(f"/admin/errorlinks/ksefcode/{code.pk}/delete/").status_code == 403
