"""What several apps use: the clock, the KSeF environments, charts, the rate limit, the admin
base and the JSON API's headers. It imports no app of the portal (only Django, the standard
library and portal.ksef's protocol facts), so every app may import it."""
