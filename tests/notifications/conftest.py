"""A real SMTP server on 127.0.0.1 (aiosmtpd) and the journal's directories for the cast."""

import email
import email.policy
import socket
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

from tests.journal.conftest import directories  # noqa: F401  (a fixture)


@dataclass
class Mailbox:
    """What the SMTP server received: (envelope recipients, parsed message)."""

    received: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [message for rcpt, message in self.received if address in rcpt]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield mailbox
    controller.stop()


@pytest.fixture
def dead_smtp(settings):
    """A mail server that is not there: nothing listens on the port."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    return settings


@pytest.fixture
def addresses(cast):
    """Parents and the pupil have e-mail addresses."""
    found = {}
    for name in ("parent_a", "parent_b", "pupil_a", "classteacher", "teacher"):
        user = cast.user(name)
        user.email = f"{name}@example.ru"
        user.save(update_fields=["email"])
        found[name] = user.email
    return found


@pytest.fixture
def as_actor(actor_of):
    return actor_of
