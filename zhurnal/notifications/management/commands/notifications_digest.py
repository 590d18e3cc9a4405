"""`zhurnal notifications_digest [--week YYYY-MM-DD]`: the weekly digest to every parent, per child."""

from django.core.management.base import BaseCommand

from zhurnal.notifications.tasks import send_weekly_digest


class Command(BaseCommand):
    help = "Send each parent one e-mail per child with the week's marks, absences and homework (once a week)."

    def add_arguments(self, parser):
        parser.add_argument("--week", help="any day of the week to report (default: this week)")
        parser.add_argument("--enqueue", action="store_true", help="hand it to the task worker instead")

    def handle(self, *args, week=None, enqueue=False, **options):
        if enqueue:
            send_weekly_digest.enqueue(week)
            self.stdout.write("enqueued")
            return
        count = send_weekly_digest.call(week)
        self.stdout.write(f"digests queued: {count}")
