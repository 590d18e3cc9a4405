from django.apps import AppConfig


class MaterialsConfig(AppConfig):
    name = "zhurnal.materials"
    label = "materials"
    verbose_name = "Материалы, портфолио, ресурсы и документы"

    def ready(self) -> None:
        from zhurnal.materials import scopes

        scopes.register_all()
