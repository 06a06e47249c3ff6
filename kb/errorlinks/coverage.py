"""Which documented codes have an answer of their own, and what writers should look at.

A code's own answer is the section a rule sends its error to, when that rule names the code (not
only its HTTP status), the section exists in the published article, and, for a status of any
table but authentication's, the rule names the endpoint too: 440 alone does not say whether an
invoice is a duplicate or a session was cancelled. A rule that names the code without a section
gives it a whole article of its own (21180 has one). The per-code pages, the sitemap, the
insights page and the drift report all ask here, so they agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from kb.article_page import sanitised
from kb.errorlinks import catalogue
from kb.errorlinks.inventory import Table
from kb.errorlinks.matching import ANY_ENDPOINT, best_rule
from kb.errorlinks.models import ErrorRule, KsefCode
from kb.models import Article


@dataclass(frozen=True)
class OwnAnswer:
    rule: ErrorRule
    # The rule's article (Polish for the starter content); readers get their language's.
    article: Article
    anchor: str  # "" for a whole article


def names_code(rule: ErrorRule, table: Table, code: str) -> bool:
    if table == Table.REASON:
        return rule.reason_code == code
    if rule.code is None or str(rule.code) != code:
        return False
    return table in (Table.EXCEPTION, Table.AUTH) or rule.endpoint_pattern != ANY_ENDPOINT


def _answer_rules() -> list[ErrorRule]:
    return list(
        ErrorRule.objects.filter(
            active=True, check_cause="", article__published_revision__isnull=False
        ).select_related("article", "article__published_revision")
    )


def own_answers(codes: Iterable[KsefCode]) -> dict[int, OwnAnswer]:
    """The own answer of each code that has one, by the code's id."""
    rules = _answer_rules()
    found: dict[int, OwnAnswer] = {}
    for documented in codes:
        table = Table(documented.table)
        rule = best_rule(rules, catalogue.canonical_query(table, documented.code))
        if rule is None or not names_code(rule, table, documented.code):
            continue
        revision = rule.article.published_revision
        assert revision is not None  # only published articles' rules were read
        # The question the answer asks (kb.errorlinks.lookup): ids as the page has them.
        if rule.anchor and not sanitised(revision.body, rule.article.language).section(rule.anchor):
            continue
        found[documented.pk] = OwnAnswer(rule, rule.article, rule.anchor)
    return found


def answer_articles(answers: Iterable[OwnAnswer]) -> dict[int, list[Article]]:
    """Each answer's article with its translation (both carry the section), by the article's
    id; one query whatever the number of answers."""
    found = {answer.article.pk: [answer.article] for answer in answers}
    originals = {a.translation_of_id for group in found.values() for a in group}
    related = Article.objects.filter(
        Q(translation_of_id__in=list(found)) | Q(pk__in=[pk for pk in originals if pk])
    )
    for other in related:
        for pk, group in found.items():
            if other.translation_of_id == pk or other.pk == group[0].translation_of_id:
                group.append(other)
    return found


@dataclass
class Due:
    code: KsefCode
    articles: list[Article]


@dataclass
class CatalogueState:
    """What the insights page tells writers about the catalogue."""

    version: str = ""
    total: int = 0
    answered: int = 0
    unanswered: list[KsefCode] = field(default_factory=list)
    due: list[Due] = field(default_factory=list)
    gone: list[KsefCode] = field(default_factory=list)


def state() -> CatalogueState:
    codes = sorted(KsefCode.objects.all(), key=lambda c: catalogue.sort_key_of(c.table, c.code))
    current = [c for c in codes if not c.gone_since]
    answers = own_answers(current)
    result = CatalogueState(
        version=latest_version(codes),
        total=len(current),
        answered=len(answers),
        unanswered=[c for c in current if c.pk not in answers],
        gone=[c for c in codes if c.gone_since],
    )
    changed = [c for c in current if c.changed_on is not None and c.pk in answers]
    articles = answer_articles(answers[c.pk] for c in changed)
    for code in changed:
        assert code.changed_on is not None
        group = articles[answers[code.pk].article.pk]
        if any(_reviewed_before(a.reviewed_on, code.changed_on) for a in group):
            result.due.append(Due(code, group))
    return result


def _reviewed_before(reviewed_on: date | None, changed_on: date) -> bool:
    return reviewed_on is None or reviewed_on < changed_on


def latest_version(codes: Iterable[KsefCode]) -> str:
    return max((c.last_seen for c in codes), key=catalogue.version_key, default="")
