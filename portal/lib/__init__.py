"""What several apps use; it imports no app of the portal (only Django, the standard library and
portal.ksef's protocol facts), so every app may import it."""
