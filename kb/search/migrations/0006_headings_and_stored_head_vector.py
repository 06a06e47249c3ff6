"""The index gets the body's headings as a field of their own and drops the codes field.

Ranking (kb.search.ranking) weighs a word by where it stands: title, headings, summary, body. An
error code counts where it stands like any word, so the separate field of every code in the
article (which let a long article mentioning a code in passing outrank the article about it) goes.

SQLite: the FTS5 table is created again over the new columns. PostgreSQL: ``document`` (every
field, what the per-language GIN indexes answer ``@@`` from) and ``head`` (title, headings and
summary only: small enough to stay inside the row, so ranking the candidates by it never reads
the whole article's vector from TOAST).

Existing documents keep their headings inside norm_body until ``manage.py rebuild_search_index``
runs; search works meanwhile, with headings weighing as body.
"""

from importlib import import_module

from django.db import migrations, models

initial = import_module("kb.search.migrations.0002_full_text_index")
language_column = import_module("kb.search.migrations.0003_fts_language_column")
per_language = import_module("kb.search.migrations.0005_gin_index_per_language")

SQLITE_CREATE = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        language, norm_title, norm_headings, norm_summary, norm_body,
        content='search_searchdocument', content_rowid='article_id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, language, norm_title, norm_headings, norm_summary, norm_body)
        VALUES (new.article_id, new.language, new.norm_title, new.norm_headings,
                new.norm_summary, new.norm_body);
    END
    """,
    """
    CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, language, norm_title, norm_headings,
                               norm_summary, norm_body)
        VALUES ('delete', old.article_id, old.language, old.norm_title, old.norm_headings,
                old.norm_summary, old.norm_body);
    END
    """,
    """
    CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, language, norm_title, norm_headings,
                               norm_summary, norm_body)
        VALUES ('delete', old.article_id, old.language, old.norm_title, old.norm_headings,
                old.norm_summary, old.norm_body);
        INSERT INTO search_fts(rowid, language, norm_title, norm_headings, norm_summary, norm_body)
        VALUES (new.article_id, new.language, new.norm_title, new.norm_headings,
                new.norm_summary, new.norm_body);
    END
    """,
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]

_HEAD = """
    setweight(to_tsvector('simple'::regconfig, norm_title), 'A')
    || setweight(to_tsvector('simple'::regconfig, norm_headings), 'B')
    || setweight(to_tsvector('simple'::regconfig, norm_summary), 'C')
"""
POSTGRESQL_CREATE = [
    f"ALTER TABLE search_searchdocument ADD COLUMN head tsvector GENERATED ALWAYS AS ({_HEAD}) STORED",
    f"""
    ALTER TABLE search_searchdocument ADD COLUMN document tsvector GENERATED ALWAYS AS (
        {_HEAD} || setweight(to_tsvector('simple'::regconfig, norm_body), 'D')
    ) STORED
    """,
    *per_language.CREATE,
]
POSTGRESQL_DROP = [
    *per_language.DROP,
    "DROP INDEX IF EXISTS search_document_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS document",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS head",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0005_gin_index_per_language")]

    operations = [
        # The old index depends on the columns that change: out of the way first, back after.
        migrations.RunPython(
            initial._run({"sqlite": initial.SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
            initial._run(
                {
                    "sqlite": language_column.CREATE,
                    "postgresql": initial.POSTGRESQL_CREATE[:1] + per_language.CREATE,
                }
            ),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="norm_headings",
            field=models.TextField(default=""),
        ),
        migrations.RemoveField(model_name="searchdocument", name="norm_codes"),
        migrations.RunPython(
            initial._run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            initial._run({"sqlite": initial.SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        ),
    ]
