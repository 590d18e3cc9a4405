from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "zhurnal.archive"
    label = "archive"
    verbose_name = "Печатные документы и архив"

    def ready(self) -> None:
        from zhurnal.archive import scopes

        scopes.register_all()
