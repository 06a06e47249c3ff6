"""The rules the portal starts with, and loading them without undoing writers' work.

Each rule names its article by the Polish slug of the starter content (kb/starter/); the English
page is found through the article's translation at request time. Loading is idempotent: a rule is
known by its ``starter_key``, so loading again creates only what is missing, leaves rules a writer
changed alone, and never brings back one a writer deleted (the audit trail remembers that).
A rule whose article does not exist yet is skipped and comes with the next load.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from kb.errorlinks import audit, catalogue, inventory
from kb.errorlinks.models import ErrorRule, ErrorRuleChange
from kb.models import Article, SlugRedirect

ARTICLE_403 = "blad-403-sessions-online"
ARTICLE_401 = "blad-401-uwierzytelnienie"
ARTICLE_429 = "blad-429-limity"
ARTICLE_AUTH_STATUS = "status-uwierzytelnienia-415-450"
ARTICLE_SIGNED = "sprawdzenie-bez-tokena"
ARTICLE_21180 = "blad-21180-status-sesji"
ARTICLE_TOKENS = "tokeny-ksef"
SESSIONS_ONLINE = "/sessions/online"


@dataclass(frozen=True)
class StarterRule:
    key: str
    article: str
    anchor: str = ""
    status: int | None = None
    code: int | None = None
    reason: str = ""
    endpoint: str = "*"
    note: str = ""
    check_cause: str = ""


STARTER_RULES: tuple[StarterRule, ...] = (
    StarterRule(
        "403-sessions-online",
        ARTICLE_403,
        "quick-diagnosis",
        status=403,
        endpoint=SESSIONS_ONLINE,
        note="403 bez reasonCode: tabela, która prowadzi od odpowiedzi do przyczyny.",
    ),
    StarterRule(
        "403-sessions-online-missing-permissions",
        ARTICLE_403,
        "propagation",
        status=403,
        reason="missing-permissions",
        endpoint=SESSIONS_ONLINE,
        note="Najczęstsza przyczyna: nowe uprawnienia jeszcze niewidoczne.",
    ),
    StarterRule(
        "403-sessions-online-ip-not-allowed",
        ARTICLE_403,
        "ip-not-allowed",
        status=403,
        reason="ip-not-allowed",
        endpoint=SESSIONS_ONLINE,
    ),
    StarterRule(
        "403-ip-not-allowed",
        ARTICLE_403,
        "ip-not-allowed",
        status=403,
        reason="ip-not-allowed",
        note="Ograniczenie adresów IP działa na każdym endpoincie.",
    ),
    StarterRule(
        "403-sessions-online-security-service-blocked",
        ARTICLE_403,
        "security-block",
        status=403,
        reason="security-service-blocked",
        endpoint=SESSIONS_ONLINE,
    ),
    StarterRule(
        "403-security-service-blocked",
        ARTICLE_403,
        "security-block",
        status=403,
        reason="security-service-blocked",
        note="Blokada bezpieczeństwa dotyczy każdego endpointu.",
    ),
    StarterRule(
        "403-sessions-online-insufficient-resource-access",
        ARTICLE_403,
        "unexpected",
        status=403,
        reason="insufficient-resource-access",
        endpoint=SESSIONS_ONLINE,
    ),
    StarterRule(
        "403-sessions-online-auth-method-not-allowed",
        ARTICLE_403,
        "unexpected",
        status=403,
        reason="auth-method-not-allowed",
        endpoint=SESSIONS_ONLINE,
    ),
    StarterRule(
        "403-sessions-online-context-type-not-allowed",
        ARTICLE_403,
        "unexpected",
        status=403,
        reason="context-type-not-allowed",
        endpoint=SESSIONS_ONLINE,
    ),
    *(
        StarterRule(
            f"{status}-sessions-online",
            ARTICLE_403,
            "ksef-unavailable",
            status=status,
            endpoint=SESSIONS_ONLINE,
            note="Brama lub KSeF niedostępne; Retry-After mówi, kiedy ponowić.",
        )
        for status in (502, 503, 504)
    ),
    # The session check's verdicts (portal/checks/causes.py, Cause) and their sections.
    *(
        StarterRule(f"check-{cause}", article, anchor, check_cause=cause)
        for cause, article, anchor in (
            ("session-ok", ARTICLE_403, "what-to-do"),
            ("session-not-closed", ARTICLE_21180, "close-refused"),
            ("propagation", ARTICLE_403, "propagation"),
            ("still-missing", ARTICLE_403, "propagation"),
            ("no-rights-for-nip", ARTICLE_403, "no-rights-for-nip"),
            ("no-permissions-at-all", ARTICLE_403, "no-permissions-at-all"),
            ("other-entity", ARTICLE_403, "other-entity"),
            ("scope", ARTICLE_403, "scope"),
            ("wrong-environment", ARTICLE_403, "wrong-environment"),
            ("token-unrecognised", ARTICLE_403, "wrong-environment"),
            ("ksef1-token", ARTICLE_TOKENS, "ksef-1-tokens"),
            ("token-status", ARTICLE_403, "token-status"),
            ("token-activated", ARTICLE_403, "token-status"),
            ("token-failed", ARTICLE_403, "token-failed"),
            ("auth-revoked", ARTICLE_AUTH_STATUS, "status-425"),
            ("ip-not-allowed", ARTICLE_403, "ip-not-allowed"),
            ("security-block", ARTICLE_403, "security-block"),
            ("portal-blocked", ARTICLE_429, "portal-side"),
            ("rate-limited", ARTICLE_429, "long-block"),
            ("portal-paced", ARTICLE_429, "portal-side"),
            ("ksef-unavailable", ARTICLE_403, "ksef-unavailable"),
            ("unexpected", ARTICLE_403, "unexpected"),
            ("signed-session-ok", ARTICLE_SIGNED, "session-ok"),
            ("signature-no-rights", ARTICLE_SIGNED, "status-415"),
            ("certificate-refused", ARTICLE_SIGNED, "status-460"),
            ("deceased-person", ARTICLE_SIGNED, "status-470"),
            ("signed-request-refused", ARTICLE_SIGNED, "rejected"),
            ("signed-login-unfinished", ARTICLE_SIGNED, "unfinished"),
            ("portal-fault", ARTICLE_429, "portal-side"),
        )
    ),
    StarterRule("401", ARTICLE_401, status=401),
    StarterRule("429", ARTICLE_429, status=429),
    StarterRule(
        "auth-status-415",
        ARTICLE_AUTH_STATUS,
        "status-415",
        code=415,
        note="Status uwierzytelnienia z GET /auth/{referenceNumber}.",
    ),
    StarterRule(
        "auth-status-425",
        ARTICLE_AUTH_STATUS,
        "status-425",
        code=425,
        note="Unieważnione uwierzytelnienie, nie token KSeF (ten daje 450).",
    ),
    # Answers only a signed login (XAdES) meets: the article on signing, which also leads to the
    # token article's section on tokens after 2026.
    StarterRule(
        "xades-signature-400",
        ARTICLE_SIGNED,
        "rejected",
        status=400,
        endpoint="/auth/xades-signature",
        note="KSeF odrzucił podpisany AuthTokenRequest (9105, 21111, 21115...).",
    ),
    StarterRule(
        "auth-status-460",
        ARTICLE_SIGNED,
        "status-460",
        code=460,
        note="Błąd certyfikatu podpisu: szczegół mówi, jaki.",
    ),
    StarterRule(
        "auth-status-470",
        ARTICLE_SIGNED,
        "status-470",
        code=470,
        note="Metody uwierzytelnienia osoby zmarłej.",
    ),
    StarterRule(
        "auth-status-450",
        ARTICLE_AUTH_STATUS,
        "status-450",
        code=450,
        note="Status uwierzytelnienia z GET /auth/{referenceNumber}.",
    ),
    StarterRule(
        "21180",
        ARTICLE_21180,
        code=21180,
        note="Status sesji nie pozwala na operację, zwykle 415 przy wysyłce faktur.",
    ),
    StarterRule(
        "21180-close",
        ARTICLE_21180,
        "close-refused",
        code=21180,
        endpoint="/sessions/online/*/close",
        note="Ten sam kod przy zamykaniu sesji.",
    ),
)


def catalogue_rules() -> tuple[StarterRule, ...]:
    """The rules that send each code the vendored OpenAPI documents to its catalogue section,
    except where a rule above already answers the same error."""
    taken = {(r.status, r.code, r.reason, r.endpoint) for r in STARTER_RULES if not r.check_cause}
    specs = catalogue.rule_specs(sorted(inventory.load(), key=catalogue.sort_key))
    return tuple(
        StarterRule(
            spec.key,
            spec.article,
            spec.anchor,
            status=spec.status,
            code=spec.code,
            reason=spec.reason,
            endpoint=spec.endpoint,
        )
        for spec in specs
        if (spec.status, spec.code, spec.reason, spec.endpoint) not in taken
    )


@dataclass
class LoadResult:
    created: list[str]
    kept: list[str]
    skipped_missing_article: list[str]
    skipped_deleted: list[str]


def find_article(slug: str) -> Article | None:
    article = Article.objects.filter(slug=slug).first()
    if article is None:
        redirect = SlugRedirect.objects.filter(old_slug=slug).select_related("article").first()
        article = redirect.article if redirect else None
    return article


def all_starter_rules() -> tuple[StarterRule, ...]:
    return STARTER_RULES + catalogue_rules()


def load_starter_rules(now: datetime, rules: tuple[StarterRule, ...] | None = None) -> LoadResult:
    if rules is None:
        rules = all_starter_rules()
    result = LoadResult([], [], [], [])
    deleted = set(
        ErrorRuleChange.objects.filter(action=ErrorRuleChange.Action.DELETED)
        .exclude(starter_key="")
        .values_list("starter_key", flat=True)
    )
    for spec in rules:
        if ErrorRule.objects.filter(starter_key=spec.key).exists():
            result.kept.append(spec.key)
            continue
        if spec.key in deleted:
            result.skipped_deleted.append(spec.key)
            continue
        article = find_article(spec.article)
        if article is None:
            result.skipped_missing_article.append(spec.key)
            continue
        with transaction.atomic():
            rule = ErrorRule.objects.create(
                starter_key=spec.key,
                status=spec.status,
                code=spec.code,
                reason_code=spec.reason,
                endpoint_pattern=spec.endpoint,
                article=article,
                anchor=spec.anchor,
                note=spec.note,
                check_cause=spec.check_cause,
            )
            audit.record(rule, ErrorRuleChange.Action.CREATED, before=None, user=None, now=now)
        result.created.append(spec.key)
    return result
