"""Admin for the knowledge base: writers edit, preview and compare; editors also publish.

One module per model. The article admin's own pages (a version's preview, the live preview, the
diff, and the confirmation that publishes, schedules or rolls back) are plain views in
article_views, over the rules in kb.revisions.
"""

# Django imports kb.admin; importing the modules registers their admins.
from kb.admin import articles, external_links, images, revisions  # noqa: F401
