from django.apps import AppConfig


class DirectoriesConfig(AppConfig):
    name = "zhurnal.directories"
    label = "directories"
    verbose_name = "Справочники школы"
