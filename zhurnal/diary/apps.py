from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "zhurnal.diary"
    label = "diary"
    verbose_name = "Дневник"
