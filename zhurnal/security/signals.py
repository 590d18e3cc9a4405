"""At every sign-in (the password step), decide what the second factor asks of this session.

The answer is kept in the session (`TWO_FACTOR_STATE`), so that TwoFactorMiddleware decides
each request without a query: "verify" — the user has an authenticator, so nothing is open
until the code step; "enrol" — the school makes it mandatory and there is none yet, so only the
enrolment page is open. No key: nothing to ask.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from zhurnal.policy.actor import actor_for
from zhurnal.policy.rules import two_factor_required
from zhurnal.security.middleware import ENROL, TWO_FACTOR_STATE, VERIFY
from zhurnal.security.services import has_second_factor


@receiver(user_logged_in)
def _second_factor_state(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if has_second_factor(user):
        request.session[TWO_FACTOR_STATE] = VERIFY
    elif two_factor_required(actor_for(user)):
        request.session[TWO_FACTOR_STATE] = ENROL
    else:
        request.session.pop(TWO_FACTOR_STATE, None)
