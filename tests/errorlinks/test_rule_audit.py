from __future__ import annotations

import pytest

from kb.errorlinks.models import ErrorRule, ErrorRuleChange

pytestmark = pytest.mark.django_db


def form_data(article, **changes):
    data = {
        "status": "403",
        "code": "",
        "reason_code": "",
        "method": "",
        "endpoint_pattern": "/v2/sessions/online/{referenceNumber}/close",
        "environment": "",
        "article": str(article.pk),
        "anchor": "propagation",
        "priority": "0",
        "active": "on",
        "note": "",
    }
    return {**data, **changes}


@pytest.fixture
def writer(client, admin_user):
    client.force_login(admin_user)
    return admin_user


def test_creating_a_rule_in_admin_is_audited_with_the_normalised_pattern(
    client, writer, starter_articles
):
    response = client.post("/admin/errorlinks/errorrule/add/", form_data(starter_articles["403"]))
    assert response.status_code == 302
    rule = ErrorRule.objects.get()
    assert rule.endpoint_pattern == "/sessions/online/*/close"
    assert (rule.created_by, rule.updated_by) == (writer, writer)
    change = ErrorRuleChange.objects.get()
    assert (change.action, change.changed_by, change.before) == ("created", writer, None)
    assert change.after["article"] == "blad-403-sessions-online"
    assert change.after["endpoint_pattern"] == "/sessions/online/*/close"


def test_changing_a_rule_records_before_and_after(client, writer, starter_articles):
    rule = ErrorRule.objects.create(status=403, article=starter_articles["403"], anchor="scope")
    url = f"/admin/errorlinks/errorrule/{rule.pk}/change/"
    client.post(url, form_data(starter_articles["403"], endpoint_pattern="*", anchor="unexpected"))
    change = ErrorRuleChange.objects.get(action="changed")
    assert change.before["anchor"] == "scope"
    assert change.after["anchor"] == "unexpected"
    assert change.rule_id == rule.pk


def test_saving_without_changes_writes_no_record(client, writer, starter_articles):
    rule = ErrorRule.objects.create(status=403, article=starter_articles["403"], anchor="scope")
    url = f"/admin/errorlinks/errorrule/{rule.pk}/change/"
    client.post(url, form_data(starter_articles["403"], endpoint_pattern="*", anchor="scope"))
    assert not ErrorRuleChange.objects.exists()


def test_deleting_rules_in_bulk_keeps_their_last_state(client, writer, starter_articles):
    rules = [
        ErrorRule.objects.create(status=s, article=starter_articles["401"]) for s in (401, 402)
    ]
    client.post(
        "/admin/errorlinks/errorrule/",
        {"action": "delete_selected", "_selected_action": [r.pk for r in rules], "post": "yes"},
    )
    assert not ErrorRule.objects.exists()
    deleted = ErrorRuleChange.objects.filter(action="deleted").order_by("rule_id")
    assert [c.before["status"] for c in deleted] == [401, 402]
    assert all(c.after is None and c.changed_by == writer for c in deleted)


def test_audit_trail_cannot_be_edited_in_admin(client, writer, starter_articles):
    rule = ErrorRule.objects.create(status=401, article=starter_articles["401"])
    client.post(f"/admin/errorlinks/errorrule/{rule.pk}/delete/", {"post": "yes"})
    change = ErrorRuleChange.objects.get()
    assert client.get("/admin/errorlinks/errorrulechange/").status_code == 200
    response = client.post(
        f"/admin/errorlinks/errorrulechange/{change.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert ErrorRuleChange.objects.count() == 1


def test_writer_is_warned_when_the_anchor_is_not_in_the_article(client, writer, starter_articles):
    response = client.post(
        "/admin/errorlinks/errorrule/add/",
        form_data(starter_articles["403"], anchor="no-such-heading"),
        follow=True,
    )
    assert "nie ma nagłówka z id „no-such-heading”" in response.content.decode()


def test_bad_reason_code_is_refused_with_a_message(client, writer, starter_articles):
    response = client.post(
        "/admin/errorlinks/errorrule/add/",
        form_data(starter_articles["403"], reason_code="Missing Permissions!"),
    )
    assert response.status_code == 200
    assert "reasonCode to małe litery" in response.content.decode()
    assert not ErrorRule.objects.exists()


def test_rule_page_links_to_its_own_history(client, writer, starter_articles):
    client.post("/admin/errorlinks/errorrule/add/", form_data(starter_articles["403"]))
    rule = ErrorRule.objects.get()
    page = client.get(f"/admin/errorlinks/errorrule/{rule.pk}/change/").content.decode()
    assert f'href="/admin/errorlinks/errorrulechange/?rule_id={rule.pk}"' in page
    history = client.get(f"/admin/errorlinks/errorrulechange/?rule_id={rule.pk}")
    assert history.status_code == 200
    assert history.context["cl"].result_count == 1
