"""Subjects, the curriculum by grade level, and who teaches what.

Primary school (grades 1–4) follows ФОП НОО, the 5-day variant WITH the native language
(DOMAIN.md §6), hours per week:

- grade 1: Русский язык 5, Литературное чтение 4, Родной язык 1, Математика 4, Окружающий мир 2,
  ИЗО 1, Музыка 1, Труд 1, Физическая культура 2 = 21; taught without marks (grading mode none);
- grades 2–3: Русский язык 4, Литературное чтение 4, Родной язык 1, Литературное чтение на родном
  языке 1, Иностранный язык (английский) 2, Математика 4, Окружающий мир 2, ИЗО 1, Музыка 1, Труд 1,
  Физическая культура 2 = 23;
- grade 4: as grades 2–3 with Литературное чтение 3 and ОРКСЭ 1 (pass/fail) = 23.

Grades 5–11 (used by the generator) follow a plausible ФОП ООО / СОО 5-day plan (29–33 hours).
Native-language subjects are taught in two language subgroups of each class; the foreign language
in two groups when a class has more than 20 pupils. In primary school the class teacher teaches
everything except music, PE, the foreign and the native language.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhurnal.schools.models import GradingMode

NATIVE = "native"
FOREIGN = "foreign"
CLASS_TEACHER = "class"

NATIVE_GROUPS = ("Кабардино-черкесский язык", "Балкарский язык")
FOREIGN_GROUPS = ("Английский язык, гр. 1", "Английский язык, гр. 2")


@dataclass(frozen=True)
class SubjectInfo:
    short: str
    pool: str  # who teaches it: a specialist pool, or CLASS_TEACHER in primary school
    split: str = ""  # NATIVE, FOREIGN or "" (the whole class)


RUS, READ, NAT, NATREAD = (
    "Русский язык",
    "Литературное чтение",
    "Родной язык",
    "Литературное чтение на родном языке",
)
ENG, MATH, WORLD = "Иностранный язык (английский)", "Математика", "Окружающий мир"
ORKSE, ART, MUSIC, TECH, PE = (
    "Основы религиозных культур и светской этики",
    "Изобразительное искусство",
    "Музыка",
    "Труд (технология)",
    "Физическая культура",
)

SUBJECTS: dict[str, SubjectInfo] = {
    RUS: SubjectInfo("Рус. яз.", "russian"),
    READ: SubjectInfo("Лит. чтение", CLASS_TEACHER),
    NAT: SubjectInfo("Родн. яз.", "native", NATIVE),
    NATREAD: SubjectInfo("Лит. чт. на родн.", "native", NATIVE),
    ENG: SubjectInfo("Англ. яз.", "english", FOREIGN),
    MATH: SubjectInfo("Матем.", "math"),
    WORLD: SubjectInfo("Окр. мир", CLASS_TEACHER),
    ORKSE: SubjectInfo("ОРКСЭ", CLASS_TEACHER),
    ART: SubjectInfo("ИЗО", "art"),
    MUSIC: SubjectInfo("Музыка", "music"),
    TECH: SubjectInfo("Труд", "tech"),
    PE: SubjectInfo("Физ-ра", "pe"),
    "Литература": SubjectInfo("Лит-ра", "russian"),
    "Родная литература": SubjectInfo("Родн. лит.", "native", NATIVE),
    "Алгебра": SubjectInfo("Алгебра", "math"),
    "Геометрия": SubjectInfo("Геом.", "math"),
    "Вероятность и статистика": SubjectInfo("Вер. и стат.", "math"),
    "Информатика": SubjectInfo("Информ.", "informatics"),
    "История": SubjectInfo("История", "history"),
    "Обществознание": SubjectInfo("Общ.", "history"),
    "ОДНКНР": SubjectInfo("ОДНКНР", "history"),
    "География": SubjectInfo("Геогр.", "geography"),
    "Физика": SubjectInfo("Физика", "physics"),
    "Химия": SubjectInfo("Химия", "chemistry"),
    "Биология": SubjectInfo("Биол.", "biology"),
    "Основы безопасности и защиты Родины": SubjectInfo("ОБЗР", "pe"),
    "Индивидуальный проект": SubjectInfo("Инд. проект", "informatics"),
}

# Subjects the primary class teacher keeps; the rest go to specialists.
PRIMARY_CLASS_TEACHER_SUBJECTS = {RUS, READ, MATH, WORLD, ORKSE, ART, TECH}

POSITIONS = {
    CLASS_TEACHER: "Учитель начальных классов",
    "russian": "Учитель русского языка и литературы",
    "native:0": "Учитель родного (кабардино-черкесского) языка и литературы",
    "native:1": "Учитель родного (балкарского) языка и литературы",
    "english": "Учитель английского языка",
    "math": "Учитель математики",
    "art": "Учитель изобразительного искусства",
    "music": "Учитель музыки",
    "tech": "Учитель труда (технологии)",
    "pe": "Учитель физической культуры",
    "informatics": "Учитель информатики",
    "history": "Учитель истории и обществознания",
    "geography": "Учитель географии",
    "physics": "Учитель физики",
    "chemistry": "Учитель химии",
    "biology": "Учитель биологии",
}

M, PF, NONE = GradingMode.MARKS, GradingMode.PASS_FAIL, GradingMode.NONE

_PRIMARY_2_3 = [
    (RUS, 4), (READ, 4), (NAT, 1), (NATREAD, 1), (ENG, 2), (MATH, 4), (WORLD, 2),
    (ART, 1), (MUSIC, 1), (TECH, 1), (PE, 2),
]  # fmt: skip

_PLAN: dict[int, list[tuple[str, int]]] = {
    1: [(RUS, 5), (READ, 4), (NAT, 1), (MATH, 4), (WORLD, 2), (ART, 1), (MUSIC, 1), (TECH, 1), (PE, 2)],
    2: _PRIMARY_2_3,
    3: _PRIMARY_2_3,
    4: [
        (RUS, 4),
        (READ, 3),
        (NAT, 1),
        (NATREAD, 1),
        (ENG, 2),
        (MATH, 4),
        (WORLD, 2),
        (ORKSE, 1),
        (ART, 1),
        (MUSIC, 1),
        (TECH, 1),
        (PE, 2),
    ],
    5: [
        (RUS, 5),
        ("Литература", 3),
        (ENG, 3),
        (MATH, 5),
        ("История", 2),
        ("География", 1),
        ("Биология", 1),
        (ART, 1),
        (MUSIC, 1),
        (TECH, 2),
        (PE, 2),
        ("ОДНКНР", 1),
        (NAT, 1),
        ("Родная литература", 1),
    ],
    6: [
        (RUS, 6),
        ("Литература", 3),
        (ENG, 3),
        (MATH, 5),
        ("История", 2),
        ("Обществознание", 1),
        ("География", 1),
        ("Биология", 1),
        (ART, 1),
        (MUSIC, 1),
        (TECH, 2),
        (PE, 2),
        (NAT, 1),
        ("Родная литература", 1),
    ],
    7: [
        (RUS, 4),
        ("Литература", 2),
        (ENG, 3),
        ("Алгебра", 3),
        ("Геометрия", 2),
        ("Вероятность и статистика", 1),
        ("Информатика", 1),
        ("История", 2),
        ("Обществознание", 1),
        ("География", 2),
        ("Физика", 2),
        ("Биология", 1),
        (ART, 1),
        (MUSIC, 1),
        (TECH, 2),
        (PE, 2),
        (NAT, 1),
        ("Родная литература", 1),
    ],
    8: [
        (RUS, 3),
        ("Литература", 2),
        (ENG, 3),
        ("Алгебра", 3),
        ("Геометрия", 2),
        ("Вероятность и статистика", 1),
        ("Информатика", 1),
        ("История", 2),
        ("Обществознание", 1),
        ("География", 2),
        ("Физика", 2),
        ("Химия", 2),
        ("Биология", 2),
        (MUSIC, 1),
        (TECH, 1),
        ("Основы безопасности и защиты Родины", 1),
        (PE, 2),
        (NAT, 1),
        ("Родная литература", 1),
    ],
    9: [
        (RUS, 3),
        ("Литература", 3),
        (ENG, 3),
        ("Алгебра", 3),
        ("Геометрия", 2),
        ("Вероятность и статистика", 1),
        ("Информатика", 1),
        ("История", 2),
        ("Обществознание", 1),
        ("География", 2),
        ("Физика", 3),
        ("Химия", 2),
        ("Биология", 2),
        (TECH, 1),
        ("Основы безопасности и защиты Родины", 1),
        (PE, 2),
        (NAT, 1),
    ],
}
_PLAN[10] = _PLAN[11] = [
    (RUS, 3), ("Литература", 3), (ENG, 3), ("Алгебра", 4), ("Геометрия", 2),
    ("Вероятность и статистика", 1), ("Информатика", 1), ("История", 2), ("Обществознание", 2),
    ("География", 1), ("Физика", 2), ("Химия", 1), ("Биология", 1), (PE, 2),
    ("Основы безопасности и защиты Родины", 1), ("Индивидуальный проект", 1), (NAT, 1),
]  # fmt: skip


@dataclass(frozen=True)
class PlanLine:
    subject: str
    hours: int
    mode: str


def grading_mode(grade: int, subject: str) -> str:
    if grade == 1:
        return NONE
    if subject in (ORKSE, "ОДНКНР", "Индивидуальный проект"):
        return PF
    return M


def plan(grade: int) -> list[PlanLine]:
    return [PlanLine(s, h, grading_mode(grade, s)) for s, h in _PLAN[grade]]


def pool_for(grade: int, subject: str) -> str:
    """Who teaches a subject in a grade: the class teacher (primary) or a specialist pool."""
    if grade <= 4 and subject in PRIMARY_CLASS_TEACHER_SUBJECTS:
        return CLASS_TEACHER
    return SUBJECTS[subject].pool


def bell_minutes(grade: int) -> int:
    return 35 if grade == 1 else 40 if grade <= 4 else 45
