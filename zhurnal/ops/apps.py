from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "zhurnal.ops"
    label = "ops"
    verbose_name = "Эксплуатация"

    def ready(self):
        from zhurnal.ops.admin_names import name_third_party_apps

        name_third_party_apps()
