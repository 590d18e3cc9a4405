from tests.api.conftest import bearer, call, call_as  # noqa: F401  (the API callers)
