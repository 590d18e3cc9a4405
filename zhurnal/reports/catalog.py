"""Every report, declared once: code, Russian title, group, parameters, who may run it (a policy
predicate), and its selector. The order here is the order on the reports page.

`final-marks-summary` (the summary sheet of final marks) belongs to the archive app and is
registered from there.
"""

from django.utils.translation import gettext_lazy as _

from zhurnal.policy import rules
from zhurnal.reports.registry import Group, Report, register
from zhurnal.reports.selectors import attendance, progress

PERIOD = ("school", "period", "class")
RANGE = ("school", "period", "class", "date_from", "date_to")

register(
    Report(
        code="progress",
        title=_("Итоги успеваемости за период"),
        group=Group.PROGRESS,
        params=PERIOD,
        may_run=rules.may_run_teaching_reports,
        build=progress.build,
        description=_(
            "По классам, параллелям и школе, по предметам и учителям: «5»/«4»/«3»/«2»/н/а/осв., "
            "% успеваемости, % качества, СОУ, средний балл."
        ),
        landscape=True,
    )
)
register(
    Report(
        code="attendance",
        title=_("Посещаемость"),
        group=Group.ATTENDANCE,
        params=RANGE,
        may_run=rules.may_run_teaching_reports,
        build=attendance.build,
        description=_(
            "Пропущено дней и уроков (по болезни, по уважительной причине, без уважительной причины), "
            "опоздания — по обучающимся, классам и школе."
        ),
        landscape=True,
    )
)
