from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "zhurnal.community"
    label = "community"
    verbose_name = "Форум и классные мероприятия"

    def ready(self) -> None:
        from zhurnal.community import scopes

        scopes.register_all()
