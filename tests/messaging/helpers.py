"""Small builders shared by the messaging tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories as f
from zhurnal.accounts.models import Role
from zhurnal.messaging.services import message_post, thread_start
from zhurnal.policy.actor import actor_for

PDF = b"%PDF-1.4\n1 0 obj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name: str, content: bytes = PDF, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def write(cast, sender: str, recipient: str, subject="Вопрос", body="Здравствуйте!", **kwargs):
    return thread_start(
        actor=actor_for(cast.user(sender)),
        recipients=[cast.user(recipient).pk],
        subject=subject,
        body=body,
        **kwargs,
    )


def reply(cast, sender: str, thread, body="Добрый день!"):
    return message_post(actor=actor_for(cast.user(sender)), thread=thread, body=body)


def second_pupil_with_login(cast, username="pupil_a2"):
    """Another pupil of 2А who has a login of their own."""
    user = f.UserFactory(username=username)
    f.RoleGrantFactory(user=user, role=Role.STUDENT, school=cast.school_a)
    return f.EnrollmentFactory(class_group=cast.class_a, student__user=user).student
