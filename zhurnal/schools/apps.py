from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "zhurnal.schools"
    label = "schools"
    verbose_name = "Школы"
