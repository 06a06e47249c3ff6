"""KSeF API v2: protocol facts, crypto helpers and the HTTP client, with no Django imports so
that it reads (and tests) as a plain library; the portal passes it settings' values."""
