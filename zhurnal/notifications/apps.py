from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "zhurnal.notifications"
    label = "notifications"
    verbose_name = "Уведомления"

    def ready(self) -> None:
        from zhurnal.notifications import scopes, subscribers

        scopes.register_all()
        subscribers.connect()
