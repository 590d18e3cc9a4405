"""`zhurnal restore ARCHIVE [--force]`: bring an archive back into the configured database."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhurnal.integrations.backup import databases, operations
from zhurnal.integrations.backup.errors import BackupError
from zhurnal.integrations.management.commands.backup import TqdmProgress


class Command(BaseCommand):
    help = "Восстановить базу данных и файлы из архива резервной копии (в пустую базу; --force заменяет)"
    # The database may be empty: no check may ask it for tables.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true", help="заменить непустую базу данных и файлы")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        progress = TqdmProgress(not options["no_progress"])
        try:
            manifest = operations.restore(
                options["archive"],
                db=databases.Database.of_alias(),
                media_root=Path(settings.MEDIA_ROOT),
                force=options["force"],
                progress=progress,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            progress.close()
        self.stdout.write(
            f"Восстановлено из {options['archive']}: снимок {manifest.made_at:%Y-%m-%d %H:%M:%S} UTC, "
            f"таблиц {len(manifest.tables)}, строк {sum(manifest.tables.values())}, файлов {len(manifest.files)}"
        )
