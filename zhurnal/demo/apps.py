from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "zhurnal.demo"
    label = "demo"
    verbose_name = "Демонстрационные данные"
