from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "zhurnal.messaging"
    label = "messaging"
    verbose_name = "Сообщения и объявления"

    def ready(self) -> None:
        from zhurnal.messaging import scopes

        scopes.register_all()
