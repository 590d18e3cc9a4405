from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "zhurnal.planning"
    label = "planning"
    verbose_name = "Тематическое планирование"

    def ready(self) -> None:
        from zhurnal.planning import scopes

        scopes.register_all()
