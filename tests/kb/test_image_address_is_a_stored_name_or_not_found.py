from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

HASH = "0123456789abcdef" * 4


@pytest.mark.parametrize(
    "name",
    [
        "%00",  # PostgreSQL refuses a NUL in text: the lookup itself would fail
        f"{HASH}.png%00",
        "obcy.png",
        f"{HASH}.gif",
        f"{HASH}.svg",
        f"{HASH[:-1]}.png",
        f"{HASH.upper()}.png",
        f"{HASH}.png.png",
        f"{HASH}.png%0A",
        HASH,
    ],
)
def test_an_address_no_stored_name_can_have_is_not_found_without_a_query(
    client, django_assert_num_queries, name
):
    with django_assert_num_queries(0):
        response = client.get(f"/media/kb/{name}")

    assert response.status_code == 404
