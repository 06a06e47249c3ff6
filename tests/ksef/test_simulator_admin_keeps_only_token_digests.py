from __future__ import annotations

from portal.simulator.models import SimToken, digest

TOKEN = "20251124-EC-0123456789-ABCDEF0123-45|nip-5260250274|" + "ab" * 32


def test_admin_creates_a_token_from_its_text_and_stores_only_the_digest(admin_client):
    response = admin_client.post(
        "/admin/ksefsim/simtoken/add/",
        {
            "environment": "test",
            "token": TOKEN,
            "reference_number": "",
            "nip": "5260250274",
            "author_nip": "5260250274",
            "permissions": ["InvoiceRead", "InvoiceWrite"],
            "status": "Active",
            "description": "Token z panelu",
            "fault": "",
            "scenario": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    token = SimToken.objects.get()
    assert token.reference_number == "20251124-EC-0123456789-ABCDEF0123-45"
    assert token.token_digest == digest(TOKEN)
    assert token.permissions == ["InvoiceRead", "InvoiceWrite"]
    page = admin_client.get(f"/admin/ksefsim/simtoken/{token.pk}/change/").content.decode()
    assert TOKEN not in page and "ab" * 32 not in page
