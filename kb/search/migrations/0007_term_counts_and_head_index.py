"""Per-term document counts for the IDF, and (PostgreSQL) GIN indexes over ``head``.

The counts start from the documents already indexed. Candidates are chosen first among the
articles matching in their title, headings or summary (kb.search.backends): on PostgreSQL that
is ``head @@ query``, answered by its own index per language like ``document``'s (0005).
"""

from collections import Counter
from importlib import import_module

from django.db import migrations, models

initial = import_module("kb.search.migrations.0002_full_text_index")

POSTGRESQL_CREATE = [
    f"CREATE INDEX search_head_gin_{language} ON search_searchdocument USING gin (head)"
    f" WHERE language = '{language}'"
    for language in ("pl", "en")
]
POSTGRESQL_DROP = [f"DROP INDEX IF EXISTS search_head_gin_{language}" for language in ("pl", "en")]
# kb.search.index's limit on a counted term (the column's length).
MAX_TERM = 100


def count_indexed_terms(apps, schema_editor):
    # What kb.search.index.rebuild_index counts, over the documents as they are.
    SearchDocument = apps.get_model("search", "SearchDocument")
    SearchTermCount = apps.get_model("search", "SearchTermCount")
    counts = Counter()
    fields = ("language", "norm_title", "norm_headings", "norm_summary", "norm_body")
    for language, *texts in SearchDocument.objects.values_list(*fields).iterator():
        terms = {""} | {t for t in " ".join(texts).split() if len(t) <= MAX_TERM}
        counts.update((language, term) for term in terms)
    SearchTermCount.objects.all().delete()
    SearchTermCount.objects.bulk_create(
        [
            SearchTermCount(language=lang, term=term, documents=n)
            for (lang, term), n in counts.items()
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0006_headings_and_stored_head_vector")]

    operations = [
        migrations.CreateModel(
            name="SearchTermCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(choices=[("pl", "Polski"), ("en", "English")], max_length=2),
                ),
                ("term", models.CharField(blank=True, max_length=100)),
                ("documents", models.PositiveIntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("language", "term"), name="search_term_count_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(count_indexed_terms, migrations.RunPython.noop),
        migrations.RunPython(
            initial._run({"postgresql": POSTGRESQL_CREATE}),
            initial._run({"postgresql": POSTGRESQL_DROP}),
        ),
    ]
