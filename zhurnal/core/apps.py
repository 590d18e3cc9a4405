from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhurnal.core"
    label = "core"
    verbose_name = "Аудит"
