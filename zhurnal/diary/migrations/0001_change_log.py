from django.db import migrations, models

from zhurnal.diary import triggers


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("journal", "0008_directory_entries_is_active"),
    ]

    operations = [
        migrations.CreateModel(
            name="Change",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("scope", models.CharField(choices=[("p", "pupil"), ("j", "journal")], max_length=1)),
                ("scope_id", models.BigIntegerField()),
                ("day", models.DateField()),
                ("weight", models.IntegerField(default=1)),
            ],
            options={
                "db_table": "diary_change",
                "indexes": [
                    models.Index(fields=["scope", "scope_id", "day", "weight"], name="diary_change_scope_day")
                ],
            },
        ),
        # The rows already there need none: an ETag only has to change with what changes next.
        migrations.RunPython(triggers.install_unpausable, triggers.remove),
    ]
