"""KSeF API v2: protocol facts, crypto helpers and the HTTP client.

This package has no Django imports so that it reads (and tests) as a plain library; the portal
passes it base URLs and timeouts from settings.
"""
