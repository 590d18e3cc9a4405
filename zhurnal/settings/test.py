"""Test settings: fast hashing, plain static storage, everything else as the default."""

from zhurnal.settings.base import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = True
WHITENOISE_AUTOREFRESH = True
