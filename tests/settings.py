"""The test suite's settings: the local defaults (SQLite unless DATABASE_URL says otherwise, the
KSeF simulator mounted), which portal.settings gives only when DEBUG is set; it fails closed
without it. Worker processes started by tests inherit the variable."""

import os

os.environ.setdefault("DEBUG", "1")

from portal.settings import *  # noqa: F403

# Tests log in with force_login; django-axes has its own tests, which turn it on again.
AXES_ENABLED = False
# Hashing is not under test here; the default hasher spends about half a second a password.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
