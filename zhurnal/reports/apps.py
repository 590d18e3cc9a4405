from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zhurnal.reports"
    label = "reports"
    verbose_name = "Отчёты"

    def ready(self) -> None:
        # Each report is declared once, in zhurnal/reports/catalog.py.
        from zhurnal.reports import catalog  # noqa: F401
