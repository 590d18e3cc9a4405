"""Permission matrix rows for two-factor login and the security event log (STYLE.md 10)."""

from tests.matrix import FAMILY_A, Row, each, statuses

PASSWORD = "secret-pass-123"  # every factory user's password
NOT_STAFF = (*FAMILY_A, "authority")

ROWS: list[Row] = [
    Row(
        route="security:login_code",
        url=lambda cast: "/accounts/login/code/",
        expect=statuses(302),
        note="only a session that owes its code sees the form (tests/security); others are sent on",
    ),
    Row(
        route="security:two_factor",
        url=lambda cast: "/accounts/two-factor/",
        expect=statuses(200, anonymous=302, **each(NOT_STAFF, 403)),
        note="staff see their own second factor; families and the authority have none",
    ),
    Row(
        route="security:two_factor_enrol",
        url=lambda cast: "/accounts/two-factor/enrol/",
        expect=statuses(200, anonymous=302, **each(NOT_STAFF, 403)),
        note="shows a new QR code of the actor's own, not yet confirmed",
    ),
    Row(
        route="security:two_factor_recovery_codes",
        url=lambda cast: "/accounts/two-factor/recovery-codes/",
        method="POST",
        body=lambda cast: {},
        expect=statuses(302, **each(NOT_STAFF, 403)),
        note="staff without an authenticator are sent back with a message (codes: tests/security)",
    ),
    Row(
        route="security:two_factor_remove",
        url=lambda cast: "/accounts/two-factor/remove/",
        method="POST",
        body=lambda cast: {"password": PASSWORD},
        expect=statuses(302, **each(NOT_STAFF, 403)),
        audited=True,
        note="the actor's own devices, after the password; audited",
    ),
    Row(
        route="security:log",
        url=lambda cast: "/accounts/security-log/",
        expect=statuses(403, anonymous=302, director=200, sysadmin=200),
        note="the system administrator and the director only (152-ФЗ, УЗ-3)",
    ),
    Row(
        route="security:log_export",
        url=lambda cast: "/accounts/security-log/export/?format=csv",
        expect=statuses(403, anonymous=302, director=200, sysadmin=200),
        note="CSV and XLSX of the filtered log; the same readers",
    ),
]
