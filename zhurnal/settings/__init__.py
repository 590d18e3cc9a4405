"""Settings for the embedded default: one school on one machine, no environment needed.

Environment is read once, here, and a malformed value stops start-up with a message that
names the variable. Production adds its own checks in `zhurnal.settings.production`.
"""

from zhurnal.settings.base import *  # noqa: F401,F403
from zhurnal.settings.base import SECRET_KEY, VAR_DIR
from zhurnal.settings.env import embedded_secret_key

if not SECRET_KEY:
    SECRET_KEY = embedded_secret_key(VAR_DIR / "secret_key")
