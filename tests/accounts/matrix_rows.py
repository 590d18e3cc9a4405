"""Permission matrix rows for sign-in, sign-out and the password change (STYLE.md 10)."""

from tests.matrix import Row, statuses

NEW_PASSWORD = "Новый-пароль-2026"

ROWS: list[Row] = [
    Row(
        route="accounts:login",
        url=lambda cast: "/accounts/login/",
        expect=statuses(302, anonymous=200),
        note="anyone may open it; a signed-in user is sent home",
    ),
    Row(
        route="accounts:logout",
        url=lambda cast: "/accounts/logout/",
        method="POST",
        body=lambda cast: {},
        expect=statuses(302),
        note="POST only (Django 5); always ends on the login page",
    ),
    Row(
        route="accounts:password_change",
        url=lambda cast: "/accounts/password/",
        method="POST",
        body=lambda cast: {
            "old_password": "secret-pass-123",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        expect=statuses(302, anonymous=302),
        audited=True,
        note="signed in: changed and sent to the done page (audited); anonymous: sent to login",
    ),
    Row(
        route="accounts:password_change_done",
        url=lambda cast: "/accounts/password/done/",
        expect=statuses(200, anonymous=302),
    ),
]
