"""Errors in what a reader types into search: a KSeF code ("21180", "błąd 21180 sesja"), a 403
reason ("missing-permissions"), or a whole error body pasted from a program's dialog.

Search asks here (registered at start-up, kb.errorlinks.apps: search cannot import error links,
which use search) and puts the section the error-link rules choose for the error first, so a
reader gets the same answer as a help link would. A pasted body is also turned into what is worth
searching for: its codes (and, when no rule answers them, the ministry's descriptions), not its
JSON punctuation, trace ids and timestamps.
"""

from __future__ import annotations

import json
import re
from typing import Any

from kb.errorlinks.lookup import answering_section
from kb.errorlinks.params import ErrorQuery, parse_endpoint, parse_reason
from kb.search.query import ErrorAnswer

# Exception codes have four to six digits (9101, 21180); three-digit numbers are left to search,
# since "403" alone says nothing about which table or endpoint it came from.
_CODE = re.compile(r"(?<![\d.,-])\d{4,6}(?![\d.,-])")
_REASON = re.compile(r"(?<![\w-])[a-z]+(?:-[a-z]+)+(?![\w-])")
MAX_TEXT = 200


def read(raw: str, language: str) -> ErrorAnswer | None:
    """What to search for and which section to show first, or None for an ordinary query."""
    stripped = raw.strip()
    if stripped.startswith("{"):
        return _read_body(stripped, language)
    queries = [ErrorQuery(code=int(code)) for code in _CODE.findall(stripped)]
    queries += [
        ErrorQuery(status=403, reason=r) for r in _REASON.findall(stripped) if parse_reason(r)
    ]
    for query in queries:
        found = answering_section(query, language)
        if found:
            return ErrorAnswer(text=raw, article_id=found[0].pk, anchor=found[1])
    return None


def _read_body(raw: str, language: str) -> ErrorAnswer | None:
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    queries, words = _errors_in(body)
    for query in queries:
        found = answering_section(query, language)
        if found:
            # The answer is known: the other results are what mentions the same codes, not
            # every article that shares the description's common words.
            codes = [str(q.code) if q.code is not None else q.reason for q in queries]
            return ErrorAnswer(text=_text(codes), article_id=found[0].pk, anchor=found[1])
    text = _text(words)
    return ErrorAnswer(text=text) if text else None


def _text(words: list[str]) -> str:
    text = " ".join(" ".join(words).split())
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT].rsplit(" ", 1)[0]


def _errors_in(body: dict[str, Any]) -> tuple[list[ErrorQuery], list[str]]:
    """The errors a KSeF answer body describes, and the words that name them. Three shapes: problem
    details (400 with ``errors``, 401, 403 with ``reasonCode``, 429), the older 400 body
    (``exception.exceptionDetailList``), and an operation's status (``status.code``)."""
    _, endpoint, _ = parse_endpoint(str(body.get("instance") or ""))
    status = body.get("status")
    if isinstance(status, dict):
        # An operation's status: which table its code is from, the body does not say.
        return [], _words(status.get("code"), status.get("description"), status.get("details"))
    http = status if isinstance(status, int) and 100 <= status <= 599 else None
    details = body.get("errors")
    if not isinstance(details, list):
        exception = body.get("exception")
        details = exception.get("exceptionDetailList") if isinstance(exception, dict) else None
    queries: list[ErrorQuery] = []
    words: list[str] = []
    for item in details if isinstance(details, list) else []:
        if not isinstance(item, dict):
            continue
        code = item.get("code", item.get("exceptionCode"))
        if isinstance(code, int) and 0 < code < 1_000_000:
            queries.append(ErrorQuery(status=http or 400, code=code, endpoint=endpoint))
        words += _words(code, item.get("description", item.get("exceptionDescription")))
    reason = parse_reason(str(body.get("reasonCode") or ""))
    if reason:
        queries.append(ErrorQuery(status=http or 403, reason=reason, endpoint=endpoint))
        words += [reason]
    if not queries and http is not None:
        queries.append(ErrorQuery(status=http, endpoint=endpoint))
        words += _words(http, body.get("detail"))
    return queries, words


def _words(*values: Any) -> list[str]:
    found: list[str] = []
    for value in values:
        if isinstance(value, list):
            found += [str(v) for v in value[:3] if isinstance(v, (str, int))]
        elif isinstance(value, (str, int)) and not isinstance(value, bool):
            found.append(str(value))
    return found
