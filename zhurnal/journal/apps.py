from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "zhurnal.journal"
    label = "journal"
    verbose_name = "Журнал"

    def ready(self) -> None:
        from zhurnal.core import events
        from zhurnal.journal import schedule, scopes

        scopes.register_all()
        events.subscribe("timetable.changed", schedule.on_timetable_changed)
