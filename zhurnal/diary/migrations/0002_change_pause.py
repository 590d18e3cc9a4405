from django.db import migrations, models

from zhurnal.diary import triggers


class Migration(migrations.Migration):
    dependencies = [
        ("diary", "0001_change_log"),
    ]

    operations = [
        migrations.CreateModel(
            name="ChangePause",
            fields=[("id", models.BigAutoField(primary_key=True, serialize=False))],
            options={"db_table": "diary_change_pause"},
        ),
        # The triggers, again, each now first asking whether its transaction paused the log.
        migrations.RunPython(triggers.install, triggers.install_unpausable),
    ]
