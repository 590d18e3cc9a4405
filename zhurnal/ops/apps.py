from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "zhurnal.ops"
    label = "ops"
    verbose_name = "Эксплуатация"
