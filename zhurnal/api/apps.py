from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "zhurnal.api"
    label = "api"
    verbose_name = "API"
