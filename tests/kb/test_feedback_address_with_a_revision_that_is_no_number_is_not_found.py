"""The feedback form's address carries the revision the reader saw; anything there that is not
a revision number (a superscript digit passes str.isdigit but not int) is "not found", not 500."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("revision", ["²", "1²", "x", "", "99999999999999999999"])
def test_a_revision_that_is_no_number_is_not_found(client, make_article, revision):
    make_article()
    client.raise_request_exception = False

    response = client.get("/artykul/blad-403/opinia/", {"revision": revision})

    assert response.status_code == 404


def test_a_revision_in_other_decimal_digits_is_that_revision(client, make_article):
    make_article()

    response = client.get("/artykul/blad-403/opinia/", {"revision": "\u0661"})  # Arabic-Indic 1

    assert response.status_code == 200
