"""Every report, declared once: code, Russian title, group, parameters, who may run it (a policy
predicate), and its selector. The order here is the order on the reports page.

`final-marks-summary` (the summary sheet of final marks) reads the archive's selector, the one the
printed sheet and the printed journal draw from.
"""

from django.utils.translation import gettext_lazy as _

from zhurnal.policy import rules
from zhurnal.reports.registry import Group, Report, register
from zhurnal.reports.selectors import (
    attendance,
    authority_summary,
    class_results,
    class_teacher,
    curriculum_delivery,
    final_marks_summary,
    journal_filling,
    marks_count,
    parent_letter,
    progress,
    teacher_forecast,
    user_activity,
)

PERIOD = ("school", "period", "class")
# The reports the issue asks for "by month" too: a month, when chosen, sets the dates.
RANGE = ("school", "period", "class", "month", "date_from", "date_to")

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
register(
    Report(
        code="marks-count",
        title=_("Накопляемость отметок"),
        group=Group.FILLING,
        params=RANGE,
        may_run=rules.may_run_teaching_reports,
        build=marks_count.build,
        description=_(
            "Отметок у каждого обучающегося по каждому предмету за месяц или период; "
            "у кого меньше школьного минимума."
        ),
    )
)
register(
    Report(
        code="journal-filling",
        title=_("Заполнение журналов"),
        group=Group.FILLING,
        params=RANGE,
        may_run=rules.may_run_teaching_reports,
        build=journal_filling.build,
        description=_("Уроки без темы, домашнего задания, посещаемости; отметки позже срока; % заполнения."),
        landscape=True,
    )
)
register(
    Report(
        code="class-results",
        title=_("Итоги класса: отличники, хорошисты, неуспевающие"),
        group=Group.PROGRESS,
        params=PERIOD,
        may_run=rules.may_run_class_reports,
        build=class_results.build,
        description=_(
            "Отличники, хорошисты, с одной «3», с одной «4», неуспевающие, не аттестованные — поимённо."
        ),
    )
)
register(
    Report(
        code="user-activity",
        title=_("Активность пользователей"),
        group=Group.FILLING,
        params=("school", "date"),
        may_run=rules.may_run_activity_reports,
        build=user_activity.build,
        description=_("За день: входы и действия каждого пользователя по ролям; кто ни разу не входил."),
    )
)
register(
    Report(
        code="parent-letter",
        title=_("Информационное письмо родителям"),
        group=Group.FINAL,
        params=("school", "period", "class", "student", "date_from", "date_to"),
        may_run=rules.may_get_parent_letter,
        build=parent_letter.build,
        description=_(
            "Отметки, средние баллы, отметки за период и посещаемость одного обучающегося "
            "или всего класса (по странице на каждого)."
        ),
    )
)
register(
    Report(
        code="teacher-forecast",
        title=_("Прогноз отметок за период и год"),
        group=Group.PROGRESS,
        params=("school", "period", "class", "date_to"),
        may_run=rules.may_run_teaching_reports,
        build=teacher_forecast.build,
        description=_(
            "По текущим средним и порогам школы; кому грозит «2» или н/а и сколько отметок не хватает."
        ),
    )
)
register(
    Report(
        code="class-teacher",
        title=_("Отчёт классного руководителя за период"),
        group=Group.FINAL,
        params=PERIOD,
        may_run=rules.may_run_class_reports,
        build=class_teacher.build,
        needs_class=True,
        description=_("Движение, успеваемость, посещаемость и итоги класса."),
        landscape=True,
    )
)
register(
    Report(
        code="final-marks-summary",
        title=_("Сводная ведомость итоговых отметок"),
        group=Group.FINAL,
        params=("school", "class"),
        may_run=rules.may_run_class_reports,
        build=final_marks_summary.build,
        needs_class=True,
        description=_(
            "Отметки класса за периоды, год, экзамен и итоговые по всем предметам, пропущенные уроки "
            "и итоги класса по каждому столбцу."
        ),
        landscape=True,
    )
)
register(
    Report(
        code="curriculum-delivery",
        title=_("Выполнение учебного плана"),
        group=Group.FILLING,
        params=PERIOD,
        may_run=rules.may_run_teaching_reports,
        build=curriculum_delivery.build,
        description=_("Часы по плану против проведённых и оставшихся по расписанию уроков; отставание."),
        landscape=True,
    )
)
register(
    Report(
        code="authority-summary",
        title=_("Сводка для органа управления образованием"),
        group=Group.FINAL,
        params=("school",),
        may_run=rules.may_run_authority_reports,
        build=authority_summary.build,
        description=_("Успеваемость и посещаемость по школам, без персональных данных."),
        landscape=True,
        long=True,
    )
)
