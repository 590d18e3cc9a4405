from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "zhurnal.policy"
    label = "policy"
    verbose_name = "Права доступа"

    def ready(self) -> None:
        from zhurnal.policy import scopes

        scopes.register_all()
