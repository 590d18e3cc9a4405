from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhurnal.accounts"
    label = "accounts"
    verbose_name = "Учётные записи"

    def ready(self) -> None:
        from zhurnal.accounts import signals  # noqa: F401  (login and failed-login events)
