"""`zhurnal report CODE [--param value …] --format xlsx --output FILE --user LOGIN`.

Runs a report as the named user would (their scope and defaults), writes the file.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from zhurnal.accounts.models import Role, User
from zhurnal.core.errors import ServiceError
from zhurnal.policy.actor import actor_for
from zhurnal.reports import params, registry, renderers, running


class Command(BaseCommand):
    help = "Сформировать отчёт в файл (xlsx, pdf, csv, json) от имени пользователя."

    def add_arguments(self, parser):
        parser.add_argument("code", help="код отчёта: " + ", ".join(r.code for r in registry.all_reports()))
        parser.add_argument(
            "--user", default="", help="логин: отчёт строится в его правах (по умолчанию — первый директор)"
        )
        parser.add_argument("--format", default="xlsx", choices=registry.FORMATS)
        parser.add_argument("--output", required=True, help="файл для записи; «-» — стандартный вывод")
        for name in params.LABELS:
            parser.add_argument(f"--{name.replace('_', '-')}", dest=f"param_{name}", default=None)

    def handle(self, *args, code, user, format, output, **options):
        if user:
            account = User.objects.filter(username=user).first()
        else:
            account = User.objects.filter(grants__role=Role.DIRECTOR).order_by("pk").first()
            user = account.username if account else "—"
        if account is None:
            raise CommandError(f"Пользователь «{user}» не найден.")
        actor = actor_for(account)
        raw = {name: options[f"param_{name}"] for name in params.LABELS if options.get(f"param_{name}")}
        try:
            report = running.report_for_runner(actor, code)
            result = running.run(actor, report, raw)
        except ServiceError as error:
            raise CommandError(f"{code}: {error.message}") from None
        if format == "json":
            body = json.dumps(renderers.to_json(result), ensure_ascii=False, indent=1).encode("utf-8")
        else:
            body = renderers.render(result, format, actor=actor)
        if output == "-":
            self.stdout.buffer.write(body) if hasattr(self.stdout, "buffer") else self.stdout.write(
                body.decode()
            )
        else:
            with open(output, "wb") as handle:
                handle.write(body)
            self.stdout.write(f"{output}: {len(body)} байт")
