from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhurnal.core"
    label = "core"
    verbose_name = "Аудит"

    def ready(self) -> None:
        from zhurnal.core import prepared  # noqa: F401  (its receiver sets each new connection's plans)
