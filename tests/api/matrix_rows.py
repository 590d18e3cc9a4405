"""The API's rows of the permission matrix (tests/matrix.py).

The runner calls API routes with `Authorization: Bearer <token>` (a token from
zhurnal.accounts.tokens.token_issue) for signed-in members and with nothing for "anonymous".
Anonymous on a protected route gets 401; an outsider asking for a record gets 404.
"""

from itertools import count

from tests.matrix import ADMINISTRATION, Row, each, statuses

_attempt = count()


def _wrong_password(cast) -> dict:
    # A new user name for every call, so that the runner's repeated wrong passwords never
    # reach the lockout (django-axes counts failures per user name and address).
    return {"username": f"matrix-nobody-{next(_attempt)}", "password": "wrong-password"}


ROWS: list[Row] = [
    Row(
        route="api:auth_token",
        method="POST",
        url=lambda cast: "/api/v1/auth/token",
        body=_wrong_password,
        expect=statuses(401),
        note=(
            "Public: the body decides, not the caller. With a wrong password everyone, signed in or "
            "not, gets 401 invalid_credentials; the right one gives 200 (tests/api/test_auth_token.py)."
        ),
    ),
    Row(
        route="api:openapi-json",
        url=lambda cast: "/api/v1/openapi.json",
        expect=statuses(200),
        note="The OpenAPI document is public.",
    ),
    Row(
        route="api:api-root",
        url=lambda cast: "/api/v1/",
        expect=statuses(404),
        note="ninja's root route only helps it build paths; it answers 404 to everyone.",
    ),
    Row(
        route="api:me",
        url=lambda cast: "/api/v1/me",
        expect=statuses(200, anonymous=401),
    ),
    Row(
        route="api:classes",
        url=lambda cast: "/api/v1/classes",
        expect=statuses(200, anonymous=401),
        note="Everyone gets the classes they may see; the authority an empty list.",
    ),
    Row(
        route="api:class_students",
        url=lambda cast: f"/api/v1/classes/{cast.class_a.pk}/students",
        expect=statuses(
            200,
            anonymous=401,
            parent_b=404,
            outsider=404,
            authority=404,
        ),
        note="2А: its teachers, the administration and pupil A's family; parent B's child is in 3Б.",
    ),
    Row(
        route="api:student",
        url=lambda cast: f"/api/v1/students/{cast.pupil_a.pk}",
        expect=statuses(
            200,
            anonymous=401,
            parent_b=404,
            outsider=404,
            authority=404,
        ),
        note="Pupil A: the teacher teaches their English subgroup; parent B and the outsider get 404.",
    ),
    Row(
        route="api:assignments",
        url=lambda cast: "/api/v1/assignments",
        expect={
            **statuses(403, anonymous=401),
            **each((*ADMINISTRATION, "classteacher", "teacher", "outsider"), 200),
        },
        note="Staff only (may_see_staff_area); the outsider gets their own school's assignments.",
    ),
]
