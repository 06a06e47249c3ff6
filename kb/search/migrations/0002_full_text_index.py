"""The full-text index over SearchDocument, in each database's own way.

SQLite: an FTS5 table with external content (it stores only the index, the text stays in
SearchDocument) and the three triggers the FTS5 documentation gives for keeping it in step.
PostgreSQL: a generated tsvector column with one weight class per column and a GIN index.
Column weights at query time: title > codes > summary > body (kb.search.backends).

On SQLite, Django alters a table by copying it to a new one, which drops its triggers: a later
migration that alters search_searchdocument must create the three triggers again.
"""

from django.db import migrations

SQLITE_CREATE = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        norm_title, norm_codes, norm_summary, norm_body,
        content='search_searchdocument', content_rowid='article_id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, norm_title, norm_codes, norm_summary, norm_body)
        VALUES (new.article_id, new.norm_title, new.norm_codes, new.norm_summary, new.norm_body);
    END
    """,
    """
    CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, norm_title, norm_codes, norm_summary, norm_body)
        VALUES ('delete', old.article_id, old.norm_title, old.norm_codes, old.norm_summary,
                old.norm_body);
    END
    """,
    """
    CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, norm_title, norm_codes, norm_summary, norm_body)
        VALUES ('delete', old.article_id, old.norm_title, old.norm_codes, old.norm_summary,
                old.norm_body);
        INSERT INTO search_fts(rowid, norm_title, norm_codes, norm_summary, norm_body)
        VALUES (new.article_id, new.norm_title, new.norm_codes, new.norm_summary, new.norm_body);
    END
    """,
    # Documents indexed before this migration (none in practice) join the index too.
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRESQL_CREATE = [
    """
    ALTER TABLE search_searchdocument ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, norm_title), 'A')
        || setweight(to_tsvector('simple'::regconfig, norm_codes), 'B')
        || setweight(to_tsvector('simple'::regconfig, norm_summary), 'C')
        || setweight(to_tsvector('simple'::regconfig, norm_body), 'D')
    ) STORED
    """,
    "CREATE INDEX search_document_gin ON search_searchdocument USING gin (document)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS search_document_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS document",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        )
    ]
