"""UI text in the pages' own scripts goes through the translation machinery (`gettext()` from the
catalogue at /jsi18n/, decision 0001), like the templates' — only data codes stay literal."""

import re
from pathlib import Path

import zhurnal

# Journal codes and keyboard keys: data the server defines, not text to translate.
DATA_LITERALS = {"н", "Н", "б", "Б", "у", "У", "п", "П", "о", "н/а", "ОП"}
CYRILLIC_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*[\u0400-\u04ff](?:[^"\\]|\\.)*)"')


def _own_scripts() -> list[Path]:
    root = Path(zhurnal.__file__).parent
    return sorted(p for p in root.glob("*/static/**/*.js") if "vendor" not in p.parts)


def test_the_scripts_are_found():
    assert any(p.name == "grid.js" for p in _own_scripts())


def test_every_russian_string_in_a_script_is_translated_or_a_code():
    untranslated = []
    for path in _own_scripts():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("//"):
                continue
            for match in CYRILLIC_LITERAL.finditer(line):
                translated = line[: match.start()].endswith("gettext(")
                if not translated and match.group(1) not in DATA_LITERALS:
                    untranslated.append(f"{path.name}:{number}: {match.group(0)}")
    assert not untranslated, "\n".join(untranslated)
