from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "zhurnal.journal"
    label = "journal"
    verbose_name = "Журнал"

    def ready(self) -> None:
        from zhurnal.journal import scopes

        scopes.register_all()
