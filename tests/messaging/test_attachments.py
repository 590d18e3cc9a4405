"""Attachments: allowed types checked by extension and content, size and count limits, and
downloads only by the conversation's participants."""

import pytest

from tests.messaging.helpers import PNG, upload, write
from zhurnal.core.errors import InvalidInput
from zhurnal.messaging.models import Attachment, Message, Thread

pytestmark = pytest.mark.django_db


def test_a_pdf_and_a_picture_are_kept_and_downloaded_by_a_participant(cast, login):
    message = write(
        cast, "parent_a", "classteacher", attachments=[upload("справка.pdf"), upload("фото.PNG", PNG)]
    )
    files = list(message.attachments.order_by("pk"))
    assert [(a.original_name, a.content_type) for a in files] == [
        ("справка.pdf", "application/pdf"),
        ("фото.PNG", "image/png"),
    ]
    assert files[0].file.name.startswith(f"messages/{cast.school_a.pk}/")
    assert "справка" not in files[0].file.name
    response = login(cast.user("classteacher")).get(f"/messages/attachments/{files[0].pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_outsiders_get_404_for_the_file_and_the_conversation(cast, login):
    message = write(cast, "parent_a", "classteacher", attachments=[upload("справка.pdf")])
    file = message.attachments.get()
    for name in ("parent_b", "director", "teacher", "outsider"):
        client = login(cast.user(name))
        assert client.get(f"/messages/attachments/{file.pk}/").status_code == 404, name
        assert client.get(f"/messages/{message.thread_id}/").status_code == 404, name


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("virus.exe", b"MZ\x90\x00", "такой тип файла не принимается"),
        ("script.html", b"<script>", "такой тип файла не принимается"),
        ("fake.pdf", b"<html>not a pdf", "содержимое не похоже на файл .pdf"),
        ("fake.jpg", PNG, "содержимое не похоже на файл .jpg"),
        ("binary.txt", b"ab\x00cd", "это не текстовый файл"),
        ("empty.docx", b"", "файл пустой"),
    ],
)
def test_a_file_of_a_wrong_type_is_refused_by_name_and_nothing_is_saved(cast, name, content, says):
    with pytest.raises(InvalidInput) as refused:
        write(cast, "parent_a", "classteacher", attachments=[upload("good.pdf"), upload(name, content)])
    assert f"Файл «{name}»" in refused.value.message and says in refused.value.message
    assert refused.value.field == "attachments"
    assert not Thread.objects.exists() and not Message.objects.exists() and not Attachment.objects.exists()


def test_a_file_over_the_size_limit_is_refused(cast, settings):
    settings.MESSAGING_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(InvalidInput, match="«big.pdf»: файл больше"):
        write(cast, "parent_a", "classteacher", attachments=[upload("big.pdf", b"%PDF-" + b"0" * 200)])
    assert not Thread.objects.exists()


def test_the_default_limit_is_five_megabytes(cast):
    five_mb = b"%PDF-" + b"0" * (5 * 1024 * 1024 - 5)
    write(cast, "parent_a", "classteacher", attachments=[upload("ok.pdf", five_mb)])
    with pytest.raises(InvalidInput, match="больше 5.0 МБ"):
        write(cast, "parent_a", "classteacher", attachments=[upload("big.pdf", five_mb + b"0")])


def test_at_most_three_files_go_with_one_message(cast):
    files = [upload(f"{n}.pdf") for n in range(4)]
    with pytest.raises(InvalidInput, match="не больше 3 файлов"):
        write(cast, "parent_a", "classteacher", attachments=files)
    assert not Thread.objects.exists()


def test_a_bad_file_on_the_page_shows_the_form_again_with_the_message(cast, login):
    client = login(cast.user("parent_a"))
    response = client.post(
        "/messages/new/",
        {
            "recipients": [cast.user("classteacher").pk],
            "subject": "Справка",
            "body": "Прилагаю",
            "attachments": [upload("справка.exe", b"MZ")],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Файл «справка.exe»: такой тип файла не принимается" in html
    assert 'value="Справка"' in html
    assert not Thread.objects.exists()


def test_a_file_name_with_a_folder_keeps_only_its_own_name(cast):
    message = write(cast, "parent_a", "classteacher", attachments=[upload("../../etc/справка.pdf")])
    assert message.attachments.get().original_name == "справка.pdf"
