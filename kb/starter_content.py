"""Loading the starter articles (kb/starter/, described in its README.md), idempotently.

An article is found by its starter key, not its slug, so a writer may rename it. An updated
starter text becomes a new revision only while no writer has touched the article.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from kb import revisions
from kb.models import Article, Category, Language, Revision
from kb.slugs import slug_in_use

FILE_NAME = re.compile(r"^(?P<key>[a-z0-9][a-z0-9-]*)\.(?P<language>pl|en)\.md$")
REQUIRED = ("slug", "category", "title", "summary", "change_note")
CATEGORY_FIELDS = ("name_pl", "name_en", "description_pl", "description_en", "position")


class StarterError(ValueError):
    """A starter file that cannot be loaded; the message names the file and the problem."""


@dataclass(frozen=True)
class StarterArticle:
    key: str
    language: str
    slug: str
    category: str
    title: str
    summary: str
    change_note: str
    body: str
    reviewed_on: date | None

    @property
    def starter_key(self) -> str:
        return f"{self.key}:{self.language}"


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    categories_created: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _max_length(name: str) -> int:
    return Revision._meta.get_field(name).max_length or 0  # type: ignore[union-attr]


def parse_article(path: Path) -> StarterArticle:
    match = FILE_NAME.match(path.name)
    if match is None:
        raise StarterError(f"{path.name}: the name must be <key>.<pl|en>.md")
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        raise StarterError(f"{path.name}: no header between '---' lines at the top")
    header_text, body = text[4:].split("\n---\n", 1)
    header: dict[str, str] = {}
    for number, line in enumerate(header_text.splitlines(), start=2):
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise StarterError(f"{path.name}:{number}: expected 'name: value', got {line!r}")
        header[name.strip()] = value.strip()
    missing = [name for name in REQUIRED if not header.get(name)]
    if missing:
        raise StarterError(f"{path.name}: missing header field(s): {', '.join(missing)}")
    if slugify(header["slug"]) != header["slug"]:
        raise StarterError(f"{path.name}: slug {header['slug']!r} is not a valid slug")
    for name in ("title", "summary", "change_note"):
        if len(header[name]) > _max_length(name):
            raise StarterError(
                f"{path.name}: {name} is {len(header[name])} characters, "
                f"at most {_max_length(name)} allowed"
            )
    if not body.strip():
        raise StarterError(f"{path.name}: the article has no body")
    reviewed_on = None
    if header.get("reviewed_on"):
        try:
            reviewed_on = date.fromisoformat(header["reviewed_on"])
        except ValueError as exc:
            raise StarterError(f"{path.name}: reviewed_on must be YYYY-MM-DD") from exc
    return StarterArticle(
        key=match["key"],
        language=match["language"],
        slug=header["slug"],
        category=header["category"],
        title=header["title"],
        summary=header["summary"],
        change_note=header["change_note"],
        body=body.strip() + "\n",
        reviewed_on=reviewed_on,
    )


def load(directory: Path, now: datetime | None = None) -> LoadReport:
    """Create the categories and articles from ``directory`` that do not exist yet."""
    report = LoadReport()
    _load_categories(directory / "categories.json", report)
    parsed: list[StarterArticle] = []
    for path in sorted(directory.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        try:
            parsed.append(parse_article(path))
        except StarterError as error:
            report.errors.append(str(error))
    # Polish originals first, so each translation finds the article it translates.
    for item in sorted(parsed, key=lambda a: (a.language != Language.PL, a.key)):
        try:
            _load_article(item, report, now)
        except StarterError as error:
            report.errors.append(str(error))
    return report


def _load_categories(path: Path, report: LoadReport) -> None:
    if not path.exists():
        return
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        report.errors.append(f"{path.name}: not valid JSON ({exc})")
        return
    for entry in entries:
        slug = entry.get("slug") if isinstance(entry, dict) else None
        if not slug or not entry.get("name_pl"):
            report.errors.append(f"{path.name}: every category needs 'slug' and 'name_pl'")
            continue
        defaults = {name: entry[name] for name in CATEGORY_FIELDS if name in entry}
        _, created = Category.objects.get_or_create(slug=slug, defaults=defaults)
        if created:
            report.categories_created.append(slug)


def _load_article(item: StarterArticle, report: LoadReport, now: datetime | None) -> None:
    existing = Article.objects.filter(starter_key=item.starter_key).first()
    if existing is not None:
        _update_article(existing, item, report, now)
        return
    category = Category.objects.filter(slug=item.category).first()
    if category is None:
        raise StarterError(f"{item.key}.{item.language}.md: unknown category {item.category!r}")
    if slug_in_use(item.slug):
        raise StarterError(
            f"{item.key}.{item.language}.md: slug {item.slug!r} already belongs to another article"
        )
    original = None
    if item.language != Language.PL:
        original = Article.objects.filter(starter_key=f"{item.key}:{Language.PL}").first()
        if original is not None and original.translations.filter(language=item.language).exists():
            original = None  # a writer already linked another translation: keep theirs
    with transaction.atomic():
        article = Article.objects.create(
            slug=item.slug,
            language=item.language,
            category=category,
            translation_of=original,
            reviewed_on=item.reviewed_on,
            starter_key=item.starter_key,
        )
        _publish_item(article, item, now)
    report.created.append(item.starter_key)


def _publish_item(article: Article, item: StarterArticle, now: datetime | None) -> None:
    """The starter text as a new revision of ``article``, published by the loader (no user)."""
    revision = revisions.create_revision(
        article,
        title=item.title,
        summary=item.summary,
        body=item.body,
        change_note=item.change_note,
        now=now,
    )
    revisions.publish(revision, user=None, now=now)


def _update_article(
    article: Article, item: StarterArticle, report: LoadReport, now: datetime | None
) -> None:
    latest = revisions.latest_revision(article)
    # Untouched by writers: the latest revision has no author (a writer's save or roll back
    # carries one), restores nothing, is the published one, and only the loader published it.
    if (
        latest is None
        or (latest.title, latest.summary, latest.body) == (item.title, item.summary, item.body)
        or latest.author_id is not None
        or latest.restored_from_id is not None
        or article.published_revision_id != latest.pk
        or latest.publications.exclude(published_by=None).exists()
    ):
        report.unchanged.append(item.starter_key)
        return
    with transaction.atomic():
        _publish_item(article, item, now)
    report.updated.append(item.starter_key)
