"""Test settings: fast hashing, plain static storage, everything else as the default."""

from zhurnal.settings.base import *  # noqa: F401,F403
from zhurnal.settings.base import SECRET_KEY

# A fixed key, so that the tests neither need the environment nor write into var/.
SECRET_KEY = SECRET_KEY or "zhurnal-tests-only-" + "x" * 40

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_AUTOREFRESH = True

# Tests run on a fixed school day (a Wednesday in the second quarter), whatever the calendar says.
ZHURNAL_TODAY = "2026-11-25"

# Tasks run at once, in the test's thread, so a test sees their effect when the commit hooks run.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Activity rows are written at once, so a test sees them after its request (the buffer has tests
# of its own).
ZHURNAL_ACTIVITY_FLUSH_SECONDS = 0
