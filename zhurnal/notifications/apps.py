from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "zhurnal.notifications"
    label = "notifications"
    verbose_name = "Уведомления"
