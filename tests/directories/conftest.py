from tests.api.conftest import call, call_as  # noqa: F401  (the API callers)
