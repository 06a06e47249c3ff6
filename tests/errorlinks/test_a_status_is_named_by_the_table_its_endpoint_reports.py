from __future__ import annotations

import pytest

from kb.errorlinks.describe import what_happened
from kb.errorlinks.params import parse_query


@pytest.mark.parametrize(
    ("params", "named"),
    [
        (
            {"code": "440", "endpoint": "GET /v2/sessions/S-1/invoices/I-1"},
            "status faktury w sesji 440",
        ),
        ({"code": "440", "endpoint": "/sessions/20260201-SO-1"}, "status sesji 440"),
        (
            {"code": "440", "endpoint": "/permissions/operations/P-1"},
            "status operacji na uprawnieniach 440",
        ),
        ({"code": "415", "endpoint": "GET /invoices/exports/E-1"}, "status eksportu faktur 415"),
        # Without an endpoint, or from one that reports no status, as applications always meant.
        ({"code": "450"}, "status uwierzytelnienia 450"),
        ({"code": "415", "endpoint": "POST /sessions/online"}, "status uwierzytelnienia 415"),
        ({"code": "21180", "endpoint": "/sessions/S-1"}, "kod błędu KSeF 21180"),
    ],
)
def test_the_description_names_the_status_table(params, named):
    assert what_happened(parse_query(params)) == named
