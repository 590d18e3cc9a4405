"""`zhurnal backup [--output DIR]`, `--verify ARCHIVE`, `--drill [ARCHIVE]`, `--prune`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from zhurnal.integrations.backup.errors import BackupError
from zhurnal.integrations.services import backups

LABELS = {
    "database": "снимок базы данных",
    "files": "файлы",
    "check": "проверка",
    "restore": "восстановление",
}


class TqdmProgress:
    """One tqdm bar per phase of the work, on stderr."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bars: dict[str, tqdm] = {}

    def __call__(self, what: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        bar = self.bars.get(what)
        if bar is None:
            unit = "B" if what == "check" else "it"
            bar = self.bars[what] = tqdm(
                total=total, desc=LABELS.get(what, what), unit=unit, unit_scale=unit == "B", leave=False
            )
        bar.total = total
        bar.n = done
        bar.refresh()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


class Command(BaseCommand):
    help = (
        "Резервная копия базы данных и загруженных файлов; --verify проверяет архив, "
        "--drill восстанавливает последний архив во временную базу и сверяет"
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="папка для архива (по умолчанию BACKUP_DIR)")
        what = parser.add_mutually_exclusive_group()
        what.add_argument("--verify", type=Path, metavar="ARCHIVE", help="проверить архив, не восстанавливая")
        what.add_argument(
            "--drill",
            nargs="?",
            const="latest",
            metavar="ARCHIVE",
            help="учебное восстановление последнего (или указанного) архива",
        )
        what.add_argument("--prune", action="store_true", help="удалить архивы с истёкшим сроком хранения")
        parser.add_argument("--no-progress", action="store_true", help="без индикатора хода работы")

    def handle(self, *args, **options):
        progress = TqdmProgress(not options["no_progress"])
        try:
            if options["verify"]:
                manifest = backups.backup_verify(path=options["verify"], progress=progress)
                self.stdout.write(
                    f"Архив цел: {options['verify']} (снимок {manifest.made_at:%Y-%m-%d %H:%M:%S} UTC, "
                    f"таблиц {len(manifest.tables)}, файлов {len(manifest.files)})"
                )
            elif options["drill"]:
                path = None if options["drill"] == "latest" else Path(options["drill"])
                result = backups.backup_drill(path=path, progress=progress)
                if not result.ok:
                    raise CommandError(f"Учебное восстановление не удалось: {result.message}")
                self.stdout.write(f"Учебное восстановление удалось: {result.message}")
            elif options["prune"]:
                self.stdout.write(f"Удалено архивов по сроку хранения: {backups.backups_prune()}")
            else:
                record = backups.backup_make(output_dir=options["output"], progress=progress)
                self.stdout.write(f"{record.path}\t{record.size} байт\tSHA-256 {record.sha256}")
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            progress.close()
