"""Keeping the catalogue in step with the ministry's OpenAPI document.

``sync`` reads a document's inventory into KsefCode: codes it adds are created, codes whose
description or details changed keep their previous text beside the new one and their answers
are marked due for review (the articles' review date is cleared, the mark every writers' list
already shows), codes it no longer lists are marked gone (their pages stay: programs built
against older documents still show them). Running it again with the same document changes
nothing; an older document than the last one read is refused, so a local ``make run`` with the
vendored file cannot undo what a newer one recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from kb.errorlinks import catalogue, coverage
from kb.errorlinks.inventory import Documented, Inventory
from kb.errorlinks.models import KsefCode
from kb.models import Article


class OlderDocument(ValueError):
    """The document is older than the last one read."""


@dataclass
class Drift:
    version: str
    # The first document read: every code is recorded, none is news to writers.
    first_read: bool = False
    new: list[KsefCode] = field(default_factory=list)
    changed: list[KsefCode] = field(default_factory=list)
    gone: list[KsefCode] = field(default_factory=list)
    back: list[KsefCode] = field(default_factory=list)
    # Articles whose review date was cleared because a code they answer changed.
    marked_due: list[Article] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.new or self.changed or self.gone or self.back)


def sync(found: Inventory, today: date, *, apply: bool = True, force: bool = False) -> Drift:
    """Record ``found`` (unless ``apply`` is False: then only say what would change)."""
    existing = {(c.table, c.code): c for c in KsefCode.objects.all()}
    last = coverage.latest_version(existing.values())
    if last and not force and catalogue.version_key(found.version) < catalogue.version_key(last):
        raise OlderDocument(f"version {found.version} is older than {last}, read before")
    drift = Drift(version=found.version, first_read=not existing)
    with transaction.atomic():
        for entry in found:
            row = existing.pop((entry.table.value, entry.code), None)
            if row is None:
                row = _new_row(entry, found.version)
                if not drift.first_read:
                    drift.new.append(row)
            else:
                _update_row(row, entry, found.version, today, drift)
            if apply:
                row.save()
        for row in existing.values():
            if not row.gone_since:
                row.gone_since = found.version
                drift.gone.append(row)
                if apply:
                    row.save(update_fields=["gone_since"])
        if apply and drift.changed:
            drift.marked_due = _mark_answers_due(drift.changed)
    return drift


def _new_row(entry: Documented, version: str) -> KsefCode:
    return KsefCode(
        table=entry.table.value,
        code=entry.code,
        description=entry.description,
        details=entry.details_text,
        endpoints=entry.endpoints,
        first_seen=version,
        last_seen=version,
    )


def _update_row(row: KsefCode, entry: Documented, version: str, today: date, drift: Drift) -> None:
    if (row.description, row.details) != (entry.description, entry.details_text):
        row.previous_description, row.previous_details = row.description, row.details
        row.description, row.details = entry.description, entry.details_text
        row.changed_in, row.changed_on = version, today
        drift.changed.append(row)
    if row.gone_since:
        row.gone_since = ""
        drift.back.append(row)
    row.endpoints = entry.endpoints
    row.last_seen = version


def _mark_answers_due(changed: list[KsefCode]) -> list[Article]:
    groups = coverage.answer_articles(coverage.own_answers(changed).values())
    articles = {article.pk: article for group in groups.values() for article in group}
    Article.objects.filter(pk__in=articles).update(reviewed_on=None)
    return sorted(articles.values(), key=lambda a: a.slug)
