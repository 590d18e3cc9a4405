"""The permission matrix's row format (STYLE.md 10). Rows live beside each area's tests in
`tests/<area>/matrix_rows.py` as a list named ROWS; tests/test_permission_matrix.py runs them all
and fails when any route of the URL configuration has no row.

Every row names the expected status for every member of the cast (tests/cast.py) and for
"anonymous", so that nobody's access is decided by a default.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.cast import Cast

MEMBERS = (
    "anonymous",
    "director",
    "deputy",
    "sysadmin",
    "secretary",
    "classteacher",
    "teacher",
    "parent_a",
    "parent_b",
    "pupil_a",
    "outsider",
    "authority",
)
SIGNED_IN = MEMBERS[1:]
ADMINISTRATION = ("director", "deputy", "sysadmin", "secretary")
STAFF_A = (*ADMINISTRATION, "classteacher", "teacher")
FAMILY_A = ("parent_a", "parent_b", "pupil_a")


def statuses(default: int, **overrides: int) -> dict[str, int]:
    """Every member's expected status: `default`, except those named."""
    unknown = set(overrides) - set(MEMBERS)
    if unknown:
        raise ValueError(f"not in the cast: {sorted(unknown)}")
    return {member: overrides.get(member, default) for member in MEMBERS}


def each(members: tuple[str, ...], status: int) -> dict[str, int]:
    return dict.fromkeys(members, status)


@dataclass(frozen=True)
class Row:
    route: str  # the URL name, "web:home" or "api:me"
    url: Callable[[Cast], str]  # builds the URL from the cast
    expect: dict[str, int]  # status per member of MEMBERS; all must be named
    method: str = "GET"
    body: Callable[[Cast], dict] | None = None  # JSON for the API, form data for pages
    audited: bool = False  # a successful call must write an AuditEvent
    note: str = ""
    extra_headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        missing = set(MEMBERS) - set(self.expect)
        if missing:
            raise ValueError(f"{self.route}: no expectation for {sorted(missing)}")
