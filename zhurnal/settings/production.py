"""Production: PostgreSQL, a real secret, no debug, HTTPS. Refuses to start otherwise."""

from django.core.exceptions import ImproperlyConfigured

from zhurnal.settings.base import *  # noqa: F401,F403
from zhurnal.settings.base import SECRET_KEY
from zhurnal.settings.env import env_bool, env_int

if env_bool("DEBUG", False):
    raise ImproperlyConfigured("DEBUG must be off in production settings")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters")

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
