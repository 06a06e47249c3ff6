"""Admin for the knowledge base, one module per model; the article's own pages are plain views in
article_views, over the rules in kb.revisions."""

# Django imports kb.admin; importing the modules registers their admins.
from kb.admin import articles, external_links, images, revisions  # noqa: F401
