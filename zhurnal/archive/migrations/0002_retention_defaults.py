"""The retention table shipped as data (DOMAIN.md §2, «(set)»): the defaults every school starts
from; a school's system administrator overrides a row on the archive's retention page."""

from django.db import migrations

NOTE = "Приказ Росархива от 20.12.2019 № 236 (практика школ)"
YEAR_END = "1 января года, следующего за окончанием учебного года"

DEFAULTS = [
    ("class_journal", 5, NOTE, YEAR_END),
    ("final_marks_summary", 25, NOTE, YEAR_END),
    ("report", 5, NOTE + "; итоговые отчёты, подписанные заместителем директора", YEAR_END),
    ("orders_main", None, NOTE + "; хранится постоянно", "издание приказа"),
    ("orders_movement", 50, NOTE + "; 75 лет для документов, созданных до 2003 года", "издание приказа"),
    ("alphabetical_book", 50, NOTE + "; 75 лет для документов, созданных до 2003 года", "последняя запись в книге"),
    ("personal_file", 3, NOTE + "; срок устанавливает школа", "выбытие обучающегося"),
]


def ship(apps, schema_editor):
    RetentionRule = apps.get_model("archive", "RetentionRule")
    for kind, years, note, start in DEFAULTS:
        RetentionRule.objects.update_or_create(
            school=None, kind=kind, defaults={"years": years, "legal_note": note, "start_event": start}
        )


def unship(apps, schema_editor):
    apps.get_model("archive", "RetentionRule").objects.filter(school__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_printed_records_and_archive")]

    operations = [migrations.RunPython(ship, unship)]
