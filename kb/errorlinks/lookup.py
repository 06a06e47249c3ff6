"""From an error to its answer: the winning rule, the article in the reader's language, the
section the rule points at, and, when no rule matched, the articles a search offers and a
counted entry in the miss log for writers. Both the landing page and the JSON API use this."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from kb import misslog
from kb.article_page import sanitised
from kb.errorlinks import catalogue
from kb.errorlinks.matching import ANY_ENDPOINT, best_rule
from kb.errorlinks.models import ErrorLinkMiss, ErrorRule
from kb.errorlinks.params import PLACEHOLDER, ErrorQuery
from kb.errorlinks.starter import find_article
from kb.errorlinks.suggestions import Suggestion, suggest_articles
from kb.models import Article, Revision
from kb.rendering import Rendered
from kb.translations import counterpart

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZĄĆĘŁŃÓŚŹŻ0-9„\"(])")


@dataclass
class Answer:
    query: ErrorQuery
    language: str
    rule: ErrorRule | None = None
    article: Article | None = None
    revision: Revision | None = None
    anchor: str = ""
    # The article exists only in another language than the one asked for.
    language_fallback: bool = False
    section_title: str = ""
    # What to show: the rule's section, or the whole article when it has no anchor.
    body: Rendered = field(default_factory=lambda: Rendered(""))
    summary: str = ""
    alternatives: list[Suggestion] = field(default_factory=list)
    # No rule names the error's code, but the catalogue knows its family: the family's page.
    family: Suggestion | None = None

    @property
    def matched(self) -> bool:
        return self.article is not None

    @property
    def level(self) -> str:
        """How specific the match was: "endpoint" (the rule names the endpoint), "status-and-code",
        "code" (a code or reason alone), "status"; "family" when only the code's family is
        known; "none"."""
        if self.rule is None:
            return "family" if self.family is not None else "none"
        names_error = self.rule.code is not None or bool(self.rule.reason_code)
        if self.rule.endpoint_pattern != ANY_ENDPOINT:
            return "endpoint"
        if names_error:
            return "status-and-code" if self.rule.status is not None else "code"
        return "status"

    @property
    def code_unanswered(self) -> bool:
        """The error carries a code or reason that the answer was not chosen for: writers should
        know about it even when a broader rule answered."""
        if self.query.code is None and not self.query.reason:
            return False
        return self.rule is None or (self.rule.code is None and not self.rule.reason_code)

    @property
    def article_base_path(self) -> str:
        """The article's own page, in the article's language."""
        if self.article is None:
            return ""
        with translation.override(self.article.language):
            return reverse("kb:article", kwargs={"slug": self.article.slug})

    @property
    def article_path(self) -> str:
        path = self.article_base_path
        return f"{path}#{self.anchor}" if path and self.anchor else path


def find_answer(query: ErrorQuery, language: str) -> Answer:
    answer = Answer(query=query, language=language)
    rule = best_rule(_candidate_rules(query), query)
    if rule is None or _only_the_status(rule, query):
        answer.family = _family_page(query, language)
        if answer.family is not None or rule is None:
            answer.alternatives = _alternatives(query, language, answer.family)
            return answer
    article, fallback = article_in_language(rule.article, language)
    revision = article.published_revision
    assert revision is not None  # candidates are limited to published articles
    rendered = sanitised(revision.body, language)
    # The same question the rule's admin asks when it warns about an anchor.
    found = rendered.section(rule.anchor)
    answer.rule, answer.article, answer.revision = rule, article, revision
    answer.language_fallback = fallback
    if found:
        answer.anchor = rule.anchor
        answer.section_title = found.heading.text
        answer.body = found.body
        answer.summary = summary(found.body.text) or revision.summary
    else:
        # No anchor, or a writer renamed the heading: the whole article is still the answer.
        answer.body = rendered
        answer.summary = revision.summary
    return answer


def summary(text: str, *, sentences: int = 3, max_chars: int = 500) -> str:
    """The first few sentences of plain ``text``, cut at a sentence end, never longer than
    max_chars: for applications that show help inside their own dialog."""
    parts = _SENTENCE_END.split(text)
    result = ""
    for part in parts[:sentences]:
        candidate = f"{result} {part}".strip()
        if len(candidate) > max_chars:
            break
        result = candidate
    if not result and text:
        result = text[: max_chars - 1].rsplit(" ", 1)[0] + "…"
    return result


def answering_section(query: ErrorQuery, language: str) -> tuple[Article, str] | None:
    """(article in the reader's language, section id) of the rule that answers the error,
    when the rule names the error's code or reason (or, for an error without one, its status)
    and the section exists. The id is "" when a rule that names the code gives it a whole
    article (21180 has one). No search and no miss log: search asks this itself."""
    rule = best_rule(_candidate_rules(query), query)
    if rule is None or _only_the_status(rule, query):
        return None
    names_error = rule.code is not None or bool(rule.reason_code)
    if (query.code is not None or query.reason or not rule.anchor) and not names_error:
        return None
    article, _ = article_in_language(rule.article, language)
    revision = article.published_revision
    if revision is None:
        return None
    if rule.anchor and sanitised(revision.body, language).section(rule.anchor) is None:
        return None
    return article, rule.anchor


def _only_the_status(rule: ErrorRule, query: ErrorQuery) -> bool:
    """The rule answers the HTTP status only, while the error names a code or reason: the
    code's family, when known, says more than the status."""
    names_error = rule.code is not None or bool(rule.reason_code)
    carries_code = query.code is not None or bool(query.reason)
    return carries_code and not names_error and rule.endpoint_pattern == ANY_ENDPOINT


def _family_page(query: ErrorQuery, language: str) -> Suggestion | None:
    family = catalogue.family_for(query)
    article = find_article(family.article) if family else None
    if article is None or not article.is_published:
        return None
    article, _ = article_in_language(article, language)
    revision = article.published_revision
    assert revision is not None  # the translation found is a published one
    return Suggestion(revision.title, revision.summary, article.get_absolute_url())


def _alternatives(query: ErrorQuery, language: str, family: Suggestion | None) -> list[Suggestion]:
    """The family's page first (when known), then what a search for the error finds."""
    limit = settings.ERRORLINKS_ALTERNATIVES
    found = suggest_articles(search_text(query), language, limit)
    if family is None:
        return found
    others = [s for s in found if s.path.split("#", 1)[0] != family.path]
    return [family, *others][:limit]


def _candidate_rules(query: ErrorQuery) -> list[ErrorRule]:
    """Active rules that can match, narrowed in the database; the choice is made in Python."""
    if query.is_empty:
        return []
    rules = ErrorRule.objects.filter(active=True, article__published_revision__isnull=False)
    rules = rules.filter(check_cause="")
    rules = rules.filter(Q(status__isnull=True) | Q(status=query.status))
    rules = rules.filter(Q(code__isnull=True) | Q(code=query.code))
    rules = rules.filter(reason_code__in=["", query.reason])
    rules = rules.filter(method__in=["", query.method])
    rules = rules.filter(environment__in=["", query.environment])
    return list(rules.select_related("article", "article__published_revision"))


def verdict_path(cause: str, language: str) -> str:
    """The section a verdict of the session check links to, in the reader's language when the
    article has a translation; empty when no active rule names the verdict."""
    rule = (
        ErrorRule.objects.filter(active=True, check_cause=cause)
        .filter(article__published_revision__isnull=False)
        .select_related("article")
        .first()
    )
    if rule is None:
        return ""
    article, _ = article_in_language(rule.article, language)
    return Answer(ErrorQuery(), language, article=article, anchor=rule.anchor).article_path


def article_in_language(article: Article, language: str) -> tuple[Article, bool]:
    """The published version of the article in the language asked for, or the article itself
    with True when there is none."""
    translated = counterpart(article, language)
    return (translated, False) if translated else (article, True)


def search_text(query: ErrorQuery) -> str:
    """What to search for when no rule matched: the codes and the endpoint's words."""
    endpoint_words = query.endpoint.replace(PLACEHOLDER, " ").replace("/", " ")
    parts = [
        str(query.status or ""),
        str(query.code or ""),
        query.reason,
        endpoint_words,
    ]
    return " ".join(" ".join(parts).split())


def record_miss(query: ErrorQuery, now: datetime, *, client_key: str | None = None) -> None:
    """Count an error no rule answered (``kb.misslog``): only the normalised error is kept,
    nothing personal; within ERRORLINKS_MISS_LOG_MAX_ROWS distinct errors and
    ERRORLINKS_NEW_MISSES_PER_CLIENT_PER_HOUR new ones per client."""
    if query.is_empty:
        return
    key = {
        "status": str(query.status or ""),
        "code": str(query.code or ""),
        "reason_code": query.reason,
        "method": query.method,
        "endpoint": query.endpoint,
        "environment": query.environment,
    }
    misslog.count_miss(
        ErrorLinkMiss,
        key,
        now,
        client_key=client_key,
        scope="errorlink-miss",
        max_rows=settings.ERRORLINKS_MISS_LOG_MAX_ROWS,
        new_rows_per_client=settings.ERRORLINKS_NEW_MISSES_PER_CLIENT_PER_HOUR,
    )


def check_path(query: ErrorQuery, language: str) -> str:
    """The session check's form, prefilled with the environment and NIP."""
    with translation.override(language):
        path = reverse("checks:new")
    prefill = [("env", query.environment), ("nip", query.nip)]
    params = urlencode([(k, v) for k, v in prefill if v])
    return f"{path}?{params}" if params else path
