"""Permission matrix rows for messages and announcements: the pages and the API (tests/matrix.py).

The conversation every row uses is parent A's letter to the class teacher of 2А, with a file;
only those two take part in it, so everyone else gets 404 for it and for its file.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix import Row, statuses
from zhurnal.messaging.models import Attachment, Thread
from zhurnal.messaging.services import thread_start
from zhurnal.policy.actor import actor_for

PDF = b"%PDF-1.4\n%test\n"


def letter(cast) -> Thread:
    """Parent A's conversation with the class teacher (made once per test)."""
    existing = Thread.objects.filter(subject="Письмо классному руководителю").first()
    if existing is not None:
        return existing
    message = thread_start(
        actor=actor_for(cast.user("parent_a")),
        recipients=[cast.user("classteacher").pk],
        subject="Письмо классному руководителю",
        body="Добрый день!",
        attachments=[SimpleUploadedFile("справка.pdf", PDF, content_type="application/pdf")],
    )
    return message.thread


def letter_file(cast) -> Attachment:
    return Attachment.objects.get(message__thread=letter(cast))


def to_class_teacher(cast) -> dict:
    return {"recipients": [cast.user("classteacher").pk], "subject": "Вопрос", "body": "Здравствуйте!"}


# Everyone signed in who is staff or family has messages; the authority has none.
EVERY_MEMBER = statuses(200, anonymous=302, authority=403)
# Only the two participants of the letter; to everyone else it does not exist.
PARTICIPANTS_ONLY = statuses(404, anonymous=302, parent_a=200, classteacher=200)
# Writing to the class teacher of 2А: staff of school A and 2А's family may; the class teacher
# cannot write to themself, parent B (3Б) and the outsider (school Б) are refused by name (400).
WRITE_TO_CLASS_TEACHER = statuses(
    302, anonymous=302, classteacher=400, parent_b=400, outsider=400, authority=403
)
# 2А's broadcast form: its class teacher only; those who see 2А are refused (403), the rest 404.
BROADCAST = statuses(403, anonymous=302, classteacher=200, parent_b=404, outsider=404, authority=404)
ANNOUNCERS = statuses(403, anonymous=302, director=200, deputy=200, classteacher=200, outsider=200)


def api(expect: dict[str, int]) -> dict[str, int]:
    """The same expectations for the API: 401 for anonymous instead of a redirect to login."""
    return {**expect, "anonymous": 401}


ROWS: list[Row] = [
    Row(route="messaging:inbox", url=lambda cast: "/messages/", expect=EVERY_MEMBER),
    Row(route="messaging:new", url=lambda cast: "/messages/new/", expect=EVERY_MEMBER),
    Row(
        route="messaging:new",
        method="POST",
        url=lambda cast: "/messages/new/",
        body=to_class_teacher,
        expect=WRITE_TO_CLASS_TEACHER,
        audited=True,
        note="a refused recipient re-shows the form with 400",
    ),
    Row(
        route="messaging:thread",
        url=lambda cast: f"/messages/{letter(cast).pk}/",
        expect=PARTICIPANTS_ONLY,
    ),
    Row(
        route="messaging:thread",
        method="POST",
        url=lambda cast: f"/messages/{letter(cast).pk}/",
        body=lambda cast: {"body": "Спасибо!"},
        expect=statuses(404, anonymous=302, parent_a=302, classteacher=302),
        audited=True,
    ),
    Row(
        route="messaging:attachment",
        url=lambda cast: f"/messages/attachments/{letter_file(cast).pk}/",
        expect=PARTICIPANTS_ONLY,
    ),
    Row(
        route="messaging:class_broadcast",
        url=lambda cast: f"/messages/class/{cast.class_a.pk}/",
        expect=BROADCAST,
    ),
    Row(
        route="messaging:class_broadcast",
        method="POST",
        url=lambda cast: f"/messages/class/{cast.class_a.pk}/",
        body=lambda cast: {"subject": "Собрание", "body": "Родительское собрание в четверг."},
        expect={**BROADCAST, "classteacher": 302},
        audited=True,
    ),
    Row(route="messaging:announcements", url=lambda cast: "/messages/announcements/", expect=EVERY_MEMBER),
    Row(
        route="messaging:announcement_new", url=lambda cast: "/messages/announcements/new/", expect=ANNOUNCERS
    ),
    Row(
        route="messaging:announcement_new",
        method="POST",
        url=lambda cast: "/messages/announcements/new/",
        body=lambda cast: {
            "audience": "class",
            "class_group": cast.class_a.pk,
            "title": "Экскурсия",
            "body": "В пятницу.",
        },
        expect={**ANNOUNCERS, "director": 302, "deputy": 302, "classteacher": 302, "outsider": 400},
        audited=True,
        note="the outsider leads a class in school Б, not 2А",
    ),
    Row(route="api:messages", url=lambda cast: "/api/v1/messages", expect=api(EVERY_MEMBER)),
    Row(
        route="api:message_post",
        method="POST",
        url=lambda cast: "/api/v1/messages",
        body=to_class_teacher,
        expect=api(
            {
                **WRITE_TO_CLASS_TEACHER,
                **dict.fromkeys([m for m, s in WRITE_TO_CLASS_TEACHER.items() if s == 302], 201),
            }
        ),
        audited=True,
    ),
    Row(
        route="api:message_post",
        method="POST",
        url=lambda cast: "/api/v1/messages",
        body=lambda cast: {"thread": letter(cast).pk, "body": "Ответ"},
        expect=statuses(404, anonymous=401, parent_a=201, classteacher=201),
        audited=True,
        note="a reply in a conversation not theirs is 404",
    ),
    Row(
        route="api:message_thread",
        url=lambda cast: f"/api/v1/messages/{letter(cast).pk}",
        expect=api(PARTICIPANTS_ONLY),
    ),
]
