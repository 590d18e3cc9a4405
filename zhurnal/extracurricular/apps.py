from django.apps import AppConfig


class ExtracurricularConfig(AppConfig):
    name = "zhurnal.extracurricular"
    label = "extracurricular"
    verbose_name = "Внеурочная деятельность"

    def ready(self) -> None:
        from zhurnal.extracurricular import scopes

        scopes.register_all()
