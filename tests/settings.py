"""Test settings: production's (DEBUG off, from the environment) with the slow parts swapped out.

Password hashing with PBKDF2 at a million iterations is most of the time of a test that
creates users; MD5 takes microseconds. A deploy check (accounts.E001) refuses MD5 outside
tests, and the tests of hashing and log-in timing switch back to PBKDF2 themselves.
"""

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PRODUCTION_PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
