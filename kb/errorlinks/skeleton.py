"""The starting text of a code's section, generated from the ministry's OpenAPI document.

A writer starts from what the ministry says (its description quoted, the details it lists, the
endpoints that answer with the code) and replaces the two prompts with what public sources
support: the usual causes (cited) and what to do. The catalogue's first texts were written from
these skeletons; ``sync_error_catalogue`` prints one for every code a new document adds.
"""

from __future__ import annotations

from kb.errorlinks import catalogue
from kb.errorlinks.inventory import Documented, Table

OPENAPI_URL = "https://github.com/CIRFMF/ksef-api/blob/main/open-api.json"
MAX_ENDPOINTS = 4

_WORDS = {
    "pl": {
        "quote": "Opis Ministerstwa Finansów",
        "details": "Szczegóły podawane przez KSeF",
        "where": "Zwracają go",
        "more": "i {n} innych",
        "causes": "**Przyczyny:** _tylko te, które potwierdza publiczne źródło (z odnośnikiem); "
        "jeśli źródła mówią tylko to, co opis, napisz to wprost._",
        "todo": "**Co zrobić:** _kroki dla użytkownika programu; link do sprawdzenia sesji, "
        "jeśli może ono powiedzieć więcej._",
        "source": "Źródło: [specyfikacja OpenAPI KSeF {version}]({url})",
    },
    "en": {
        "quote": "The Ministry of Finance's description",
        "details": "Details KSeF gives",
        "where": "Returned by",
        "more": "and {n} others",
        "causes": "**Causes:** _only those a public source supports (linked); if the sources say "
        "no more than the description, say so._",
        "todo": "**What to do:** _steps for the program's user; a link to the session check "
        "where it can tell more._",
        "source": "Source: [KSeF OpenAPI specification {version}]({url})",
    },
}


def heading(entry: Documented) -> str:
    """The section's title, code first so that readers and search find it in the heading:
    "21180: Status sesji nie pozwala na wykonanie operacji"."""
    description = entry.descriptions[0].rstrip(".") if entry.descriptions else ""
    return f"{entry.code}: {description}" if description else entry.code


def section(entry: Documented, version: str, language: str = "pl") -> str:
    words = _WORDS[language]
    anchor = catalogue.section_id(entry.table, entry.code)
    quoted = " ".join(f"„{text}”" for text in entry.descriptions)
    lines = [f"## {heading(entry)} {{#{anchor}}}", "", f"> {words['quote']}: {quoted}"]
    if entry.details:
        details = "; ".join(f"„{text}”" for text in entry.details)
        lines += [">", f"> {words['details']}: {details}"]
    if entry.endpoints and entry.table != Table.REASON:
        shown = ", ".join(f"`{e}`" for e in entry.endpoints[:MAX_ENDPOINTS])
        rest = len(entry.endpoints) - MAX_ENDPOINTS
        if rest > 0:
            shown += " " + words["more"].format(n=rest)
        lines += ["", f"{words['where']}: {shown}."]
    lines += [
        "",
        words["causes"],
        "",
        words["todo"],
        "",
        words["source"].format(version=version, url=OPENAPI_URL),
    ]
    return "\n".join(lines) + "\n"
