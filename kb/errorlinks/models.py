"""Rules that send an error to the right article, their audit trail, and the errors no rule
answered yet. Which rule wins is decided in ``kb.errorlinks.matching``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kb.errorlinks import catalogue
from kb.errorlinks.catalogue import TABLE_NAMES
from kb.errorlinks.inventory import Table
from kb.errorlinks.params import HTTP_METHODS
from kb.models import Article


class EnvironmentChoice(models.TextChoices):
    TEST = "test", "TEST"
    DEMO = "demo", "DEMO"
    PROD = "prod", _("Produkcja")


class ErrorRule(models.Model):
    """Empty fields match anything; the most specific matching active rule wins."""

    status = models.PositiveSmallIntegerField(
        _("status HTTP"), null=True, blank=True, help_text=_("Np. 403. Puste: dowolny.")
    )
    code = models.PositiveIntegerField(
        _("kod KSeF"),
        null=True,
        blank=True,
        help_text=_("Kod wyjątku (np. 21470) albo status uwierzytelnienia (np. 450)."),
    )
    reason_code = models.CharField(
        _("reasonCode"),
        max_length=64,
        blank=True,
        help_text=_("Z odpowiedzi 403, np. missing-permissions. Puste: dowolny."),
    )
    method = models.CharField(
        _("metoda"),
        max_length=6,
        blank=True,
        choices=[(m, m) for m in HTTP_METHODS],
        help_text=_("Puste: dowolna."),
    )
    endpoint_pattern = models.CharField(
        _("endpoint"),
        max_length=200,
        default="*",
        help_text=_(
            "Ścieżka bez /v2, np. /sessions/online. Gwiazdka zastępuje jeden segment "
            "(/sessions/online/*/close); sama gwiazdka: dowolny endpoint."
        ),
    )
    environment = models.CharField(
        _("środowisko"),
        max_length=4,
        blank=True,
        choices=EnvironmentChoice.choices,
        help_text=_("Puste: dowolne."),
    )
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="error_rules", verbose_name=_("artykuł")
    )
    anchor = models.SlugField(
        _("kotwica"),
        max_length=80,
        blank=True,
        help_text=_("Id nagłówka w artykule, np. propagation. Puste: cały artykuł."),
    )
    priority = models.SmallIntegerField(
        _("priorytet"),
        default=0,
        help_text=_("Rozstrzyga tylko między regułami równie szczegółowymi; wyższy wygrywa."),
    )
    note = models.TextField(_("notatka dla redakcji"), blank=True)
    active = models.BooleanField(_("aktywna"), default=True)
    # A rule with a verdict answers the session check's page for that verdict, never an error.
    check_cause = models.CharField(
        _("werdykt sprawdzenia sesji"),
        max_length=32,
        blank=True,
        db_index=True,
        help_text=_("Np. scope: sekcja, do której prowadzi ten werdykt. Puste: reguła błędu."),
    )
    # Set for rules loaded by ``load_starter_rules``, so loading again finds them.
    starter_key = models.CharField(
        max_length=80, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["status", "code", "endpoint_pattern", "reason_code", "id"]
        verbose_name = _("reguła błędu")
        verbose_name_plural = _("reguły błędów")

    def __str__(self) -> str:
        parts = [
            str(self.status) if self.status else "",
            f"kod {self.code}" if self.code else "",
            self.reason_code,
            f"{self.method} {self.endpoint_pattern}".strip(),
            self.environment,
        ]
        target = f"{self.article.slug}#{self.anchor}" if self.anchor else self.article.slug
        return f"{' '.join(p for p in parts if p)} → {target}"


class ErrorRuleChange(models.Model):
    """One change to a rule, written by every admin save and delete and by the loader."""

    class Action(models.TextChoices):
        CREATED = "created", _("utworzono")
        CHANGED = "changed", _("zmieniono")
        DELETED = "deleted", _("usunięto")

    # Not a foreign key: the record must outlive the rule it describes.
    rule_id = models.BigIntegerField(_("reguła"), db_index=True)
    starter_key = models.CharField(max_length=80, blank=True, db_index=True)
    action = models.CharField(_("zmiana"), max_length=8, choices=Action.choices)
    before = models.JSONField(_("przed"), null=True, blank=True)
    after = models.JSONField(_("po"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kto"),
    )
    changed_at = models.DateTimeField(_("kiedy"))

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("zmiana reguły")
        verbose_name_plural = _("historia reguł")

    def __str__(self) -> str:
        return f"#{self.rule_id} {self.action} {self.changed_at:%Y-%m-%d %H:%M}"


class ErrorLinkMiss(models.Model):
    """An error no rule answered, counted. Only the normalised error: no NIP, no trace id,
    no time, nothing that points at a person or company. Empty strings (not NULL) stand for
    "not given", so the unique constraint holds on every database."""

    status = models.CharField(_("status HTTP"), max_length=3, blank=True)
    code = models.CharField(_("kod KSeF"), max_length=6, blank=True)
    reason_code = models.CharField(_("reasonCode"), max_length=64, blank=True)
    method = models.CharField(_("metoda"), max_length=6, blank=True)
    endpoint = models.CharField(_("endpoint"), max_length=200, blank=True)
    environment = models.CharField(_("środowisko"), max_length=4, blank=True)
    count = models.PositiveIntegerField(_("liczba"), default=0)
    first_seen = models.DateTimeField(_("pierwszy raz"))
    last_seen = models.DateTimeField(_("ostatnio"))

    class Meta:
        ordering = ["-count", "-last_seen"]
        constraints = [
            models.UniqueConstraint(
                fields=["status", "code", "reason_code", "method", "endpoint", "environment"],
                name="errorlinkmiss_unique_error",
            )
        ]
        verbose_name = _("błąd bez reguły")
        verbose_name_plural = _("błędy bez reguły")

    def __str__(self) -> str:
        parts = [self.status, self.code, self.reason_code, self.method, self.endpoint]
        return " ".join(p for p in parts if p) or "—"

    def add_rule_url(self) -> str:
        """The admin's form for a rule that answers this error, prefilled (the add form takes
        initial values from the query string)."""
        initial = {
            "status": self.status,
            "code": self.code,
            "reason_code": self.reason_code,
            "method": self.method,
            "endpoint_pattern": self.endpoint.replace("{ref}", "*") or "*",
            "environment": self.environment,
        }
        query = urlencode({k: v for k, v in initial.items() if v})
        return f"{reverse('admin:errorlinks_errorrule_add')}?{query}"


class KsefCode(models.Model):
    """One code the ministry's OpenAPI documents (kb.errorlinks.inventory), as the last document
    read by ``sync_error_catalogue`` gives it, and what changed since: the catalogue's record of
    what it answers. The answer itself is an article section that a rule points at."""

    table = models.CharField(
        _("tabela"),
        max_length=12,
        choices=[(table.value, name) for table, name in TABLE_NAMES.items()],
    )
    code = models.CharField(_("kod"), max_length=64)
    description = models.TextField(_("opis Ministerstwa"))
    details = models.TextField(_("szczegóły"), blank=True)
    endpoints = models.JSONField(_("endpointy"), default=list, blank=True)
    first_seen = models.CharField(_("pierwszy raz w wersji"), max_length=40)
    last_seen = models.CharField(_("ostatnio w wersji"), max_length=40)
    # The version of the first document that no longer lists the code; empty while it does.
    gone_since = models.CharField(_("usunięty w wersji"), max_length=40, blank=True)
    # Set when a document changed the description or details: the answer was written for the
    # previous ones, so it is due for review until its article is reviewed on or after this day.
    changed_in = models.CharField(_("opis zmieniony w wersji"), max_length=40, blank=True)
    changed_on = models.DateField(_("opis zmieniony dnia"), null=True, blank=True)
    previous_description = models.TextField(_("poprzedni opis"), blank=True)
    previous_details = models.TextField(_("poprzednie szczegóły"), blank=True)

    class Meta:
        ordering = ["table", "code"]
        constraints = [
            models.UniqueConstraint(fields=["table", "code"], name="ksefcode_one_per_table")
        ]
        verbose_name = _("kod KSeF z dokumentacji")
        verbose_name_plural = _("kody KSeF z dokumentacji")

    def __str__(self) -> str:
        return f"{self.get_table_display()} {self.code}"

    @property
    def slug(self) -> str:
        return catalogue.slug(Table(self.table), self.code)

    def add_rule_url(self) -> str:
        """The admin's form for the rule that would answer this code, prefilled as the
        catalogue's starter rules are (with the section id the skeleton gives it)."""
        table = Table(self.table)
        by_endpoint = table not in (Table.EXCEPTION, Table.REASON, Table.AUTH)
        initial = {
            "status": "403" if table == Table.REASON else "",
            "code": "" if table == Table.REASON else self.code,
            "reason_code": self.code if table == Table.REASON else "",
            "endpoint_pattern": catalogue.TABLE_ENDPOINTS[table][0].split(" ", 1)[1]
            if by_endpoint
            else "",
            "anchor": catalogue.anchor(table, self.code),
        }
        query = urlencode({k: v for k, v in initial.items() if v})
        return f"{reverse('admin:errorlinks_errorrule_add')}?{query}"
