from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "zhurnal.integrations"
    label = "integrations"
    verbose_name = "Обмен данными и резервные копии"

    def ready(self) -> None:
        from zhurnal.integrations import scopes

        scopes.register_all()
