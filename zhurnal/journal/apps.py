from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "zhurnal.journal"
    label = "journal"
    verbose_name = "Журнал"

    def ready(self) -> None:
        from zhurnal.core import events
        from zhurnal.journal import schedule, scopes
        from zhurnal.journal.services import plan
        from zhurnal.planning.signals import plan_approved

        scopes.register_all()
        plan_approved.connect(plan.on_plan_approved, dispatch_uid="journal.plan_feed")
        events.subscribe("timetable.changed", schedule.on_timetable_changed)
