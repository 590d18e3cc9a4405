from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "zhurnal.office"
    label = "office"
    verbose_name = "Делопроизводство: приказы, движение, личные дела"

    def ready(self) -> None:
        from zhurnal.office import scopes

        scopes.register_all()
