"""Knowledge-base data: articles, their immutable revisions and publications (the rules of
history are kb.revisions), images, links to other sites and weekly views."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    PL = "pl", "Polski"
    EN = "en", "English"


class Category(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_pl = models.CharField(_("nazwa (pl)"), max_length=120)
    name_en = models.CharField(_("nazwa (en)"), max_length=120, blank=True)
    description_pl = models.TextField(_("opis (pl)"), blank=True)
    description_en = models.TextField(_("opis (en)"), blank=True)
    position = models.PositiveSmallIntegerField(_("kolejność"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("kategoria")
        verbose_name_plural = _("kategorie")

    def __str__(self) -> str:
        return self.name_pl

    def get_absolute_url(self) -> str:
        return reverse("kb:category", kwargs={"slug": self.slug})


class Article(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    language = models.CharField(
        _("język"), max_length=2, choices=Language.choices, default=Language.PL
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("kategoria")
    )
    # A translation points at the Polish original; the original has none. The pair is how a page
    # offers "the other language" and how an English reader falls back to Polish.
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("tłumaczenie artykułu"),
    )
    published_revision = models.ForeignKey(
        "Revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opublikowana wersja"),
    )
    # When the published revision went live (publish or roll back): "updated on" for readers.
    published_at = models.DateTimeField(_("opublikowano"), null=True, blank=True, editable=False)
    reviewed_on = models.DateField(_("sprawdzono merytorycznie"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("wyświetlenia"), default=0)
    # Identifies articles that came from the starter content, so loading it again finds them
    # even after a writer renamed the slug. Empty for articles written in admin.
    starter_key = models.CharField(
        max_length=80, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("artykuł")
        verbose_name_plural = _("artykuły")
        permissions = [("publish_article", _("Can publish and roll back articles"))]

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        # An article lives under its own language's prefix (/en/... for English), whatever the
        # language of the page that links to it.
        with translation.override(self.language):
            return reverse("kb:article", kwargs={"slug": self.slug})

    def url_in(self, name: str, **kwargs: object) -> str:
        """Reverse one of the article's own URLs (history, feedback...) in its language."""
        with translation.override(self.language):
            return reverse(name, kwargs={"slug": self.slug, **kwargs})

    @property
    def is_published(self) -> bool:
        return self.published_revision_id is not None


class Revision(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("artykuł")
    )
    number = models.PositiveIntegerField(_("numer"))
    title = models.CharField(_("tytuł"), max_length=200)
    summary = models.CharField(_("streszczenie"), max_length=300)
    body = models.TextField(_("treść (Markdown)"))
    change_note = models.CharField(_("opis zmiany"), max_length=300)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("autor"),
    )
    created_at = models.DateTimeField(_("utworzono"))
    # Set when this revision is a rollback: the revision whose text it republishes.
    restored_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique")
        ]
        verbose_name = _("wersja")
        verbose_name_plural = _("wersje")

    def __str__(self) -> str:
        return f"{self.article.slug} v{self.number}"

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise ValueError("A revision is immutable once written; create a new one instead.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.article.url_in("kb:article_version", number=self.number)


class Publication(models.Model):
    """One act of publishing: which revision went live, when, and by whom."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="publications")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="publications")
    published_at = models.DateTimeField(_("opublikowano"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("publikacja")
        verbose_name_plural = _("publikacje")

    def __str__(self) -> str:
        return f"{self.revision} @ {self.published_at:%Y-%m-%d %H:%M}"


class ScheduledPublication(models.Model):
    """A revision an editor set to go live at a given time (kb.revisions.publish_due). The row
    stays once done: the record of who scheduled it, and of why it failed if it did."""

    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="schedules", verbose_name=_("wersja")
    )
    publish_at = models.DateTimeField(_("publikacja o"))
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("zaplanował(a)"),
    )
    scheduled_at = models.DateTimeField(_("zaplanowano"))
    done_at = models.DateTimeField(_("wykonano"), null=True, blank=True)
    publication = models.OneToOneField(
        Publication, on_delete=models.SET_NULL, null=True, related_name="schedule"
    )
    failure = models.CharField(_("powód niepowodzenia"), max_length=300, blank=True)

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("zaplanowana publikacja")
        verbose_name_plural = _("zaplanowane publikacje")

    def __str__(self) -> str:
        return f"{self.revision} @ {self.publish_at:%Y-%m-%d %H:%M}"


class SlugRedirect(models.Model):
    """A slug an article used to have; its URLs redirect permanently to the current slug."""

    old_slug = models.SlugField(max_length=120, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.article.slug}"


class Feedback(models.Model):
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField(_("pomogło"))
    comment = models.TextField(_("komentarz"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("wysłano"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("opinia")
        verbose_name_plural = _("opinie")

    def __str__(self) -> str:
        return f"{self.revision}: {'tak' if self.helpful else 'nie'}"


class Image(models.Model):
    """An image a writer uploaded for articles (kb.images). ``page_name`` is the copy the page
    shows when the original is wider than the page; for a narrow image, the original itself."""

    name = models.CharField(_("plik"), max_length=100, unique=True, editable=False)
    page_name = models.CharField(_("kopia na stronę"), max_length=100, editable=False)
    alt = models.CharField(
        _("tekst alternatywny"),
        max_length=300,
        help_text=_(
            "Co widać na obrazie, dla kogoś, kto go nie widzi (czytnik ekranu, słabe łącze)."
        ),
    )
    content_type = models.CharField(_("typ"), max_length=20, editable=False)
    width = models.PositiveIntegerField(_("szerokość"), editable=False)
    height = models.PositiveIntegerField(_("wysokość"), editable=False)
    page_width = models.PositiveIntegerField(editable=False)
    page_height = models.PositiveIntegerField(editable=False)
    size = models.PositiveIntegerField(_("rozmiar (bajty)"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("wgrał(a)"),
    )
    uploaded_at = models.DateTimeField(_("wgrano"), editable=False)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("obraz")
        verbose_name_plural = _("obrazy")

    def __str__(self) -> str:
        return self.alt

    @property
    def url(self) -> str:
        return settings.MEDIA_URL + self.name

    @property
    def page_url(self) -> str:
        return settings.MEDIA_URL + self.page_name

    @property
    def markdown(self) -> str:
        """What a writer pastes into an article to show this image."""
        alt = self.alt.replace("[", "(").replace("]", ")")
        return f"![{alt}]({self.url})"


class LinkStatus(models.TextChoices):
    OK = "ok", _("działa")
    BROKEN = "broken", _("nie działa")
    # A time-out or 429: the other site may be fine, so it is not reported as broken.
    UNKNOWN = "unknown", _("nie udało się sprawdzić")


class ExternalLink(models.Model):
    """A link to another site in published articles, and what the weekly check
    (kb.external_links) last found at it."""

    url = models.URLField(_("adres"), max_length=2000, unique=True)
    revisions = models.ManyToManyField(
        Revision, related_name="external_links", verbose_name=_("wersje, które go zawierają")
    )
    status = models.CharField(
        _("stan"), max_length=10, choices=LinkStatus.choices, default=LinkStatus.UNKNOWN
    )
    detail = models.CharField(_("szczegóły"), max_length=300, blank=True)
    checked_at = models.DateTimeField(_("sprawdzono"), null=True, blank=True)
    # Kept while the link stays broken (or cannot be checked), cleared once it works again.
    broken_since = models.DateTimeField(_("nie działa od"), null=True, blank=True)

    class Meta:
        ordering = ["url"]
        verbose_name = _("link zewnętrzny")
        verbose_name_plural = _("linki zewnętrzne")

    def __str__(self) -> str:
        return self.url


class WeeklyViews(models.Model):
    """An article's views in one week (Monday to Sunday, Polish time), for the insights page.
    kb.readership counts them and deletes rows older than a year as a new week begins."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="weekly_views")
    week = models.DateField(_("tydzień od"))
    views = models.PositiveIntegerField(_("wyświetlenia"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "week"], name="weeklyviews_one_per_week")
        ]
        # Nobody edits these rows; the model carries the insights page's permission instead.
        default_permissions = ()
        permissions = [("view_insights", _("Can see the insights page"))]
        verbose_name = _("wyświetlenia w tygodniu")
        verbose_name_plural = _("wyświetlenia w tygodniach")

    def __str__(self) -> str:
        return f"{self.article_id} {self.week}: {self.views}"
