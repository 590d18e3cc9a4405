"""Settings for the embedded default: one school on one machine, no environment needed.

Environment is read once, here, and a malformed value stops start-up with a message that
names the variable. Production adds its own checks in `zhurnal.settings.production`.
"""

from zhurnal.settings.base import *  # noqa: F401,F403
