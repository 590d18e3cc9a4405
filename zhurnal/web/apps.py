from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zhurnal.web"
    label = "web"
    verbose_name = "Страницы"
