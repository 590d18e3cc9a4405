"""Office files are taken for what their name claims only when the archive is that document."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhurnal.core.errors import InvalidInput
from zhurnal.core.uploads import UploadRules, check_files


def package(*parts: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts:
            archive.writestr(name, content)
    return buffer.getvalue()


TYPES = ("[Content_Types].xml", b"<Types/>")
WORD = ("word/document.xml", b"<w:document/>")


def check(name: str, content: bytes):
    return check_files([SimpleUploadedFile(name, content)], UploadRules())


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("план.docx", [TYPES, WORD]),
        ("оценки.xlsx", [TYPES, ("xl/workbook.xml", b"<workbook/>")]),
        ("урок.pptx", [TYPES, ("ppt/presentation.xml", b"<p:presentation/>")]),
        ("текст.odt", [("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<x/>")]),
    ],
)
def test_a_real_office_document_is_accepted(name, parts):
    [checked] = check(name, package(*parts))
    assert checked.extension == name.rsplit(".", 1)[1]


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("virus.docx", package(("setup.exe", b"MZ\x90\x00")), "содержимое не похоже на файл .docx"),
        ("table.xlsx", package(TYPES, WORD), "содержимое не похоже на файл .xlsx"),
        ("homework.docx", package(TYPES, WORD, ("word/media/run.exe", b"MZ")), "есть программа"),
        ("homework.docx", package(TYPES, WORD, ("word/media/image1.png", b"MZ\x90\x00")), "есть программа"),
        ("homework.docx", package(TYPES, WORD, ("word/vbaProject.bin", b"\xd0\xcf")), "есть макросы"),
        ("broken.docx", b"PK\x03\x04 and then nothing of a zip", "содержимое не похоже на файл .docx"),
    ],
)
def test_a_zip_that_is_not_the_document_it_claims_is_refused_by_name(name, content, says):
    with pytest.raises(InvalidInput) as refused:
        check(name, content)
    assert f"Файл «{name}»" in refused.value.message and says in refused.value.message
