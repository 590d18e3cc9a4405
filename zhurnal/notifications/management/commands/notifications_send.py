"""`zhurnal notifications_send`: e-mails held for quiet hours that are now over, and retries."""

from django.core.management.base import BaseCommand

from zhurnal.notifications.tasks import send_pending_emails


class Command(BaseCommand):
    help = "Send e-mails held during quiet hours once the hours are over, and retry failed sends."

    def handle(self, *args, **options):
        sent = send_pending_emails.call()
        self.stdout.write(f"e-mails sent: {sent}")
