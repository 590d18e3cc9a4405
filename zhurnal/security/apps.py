from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "zhurnal.security"
    label = "security"
    verbose_name = "Безопасность входа"

    def ready(self) -> None:
        from zhurnal.security import signals  # noqa: F401
