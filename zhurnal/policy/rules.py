"""What an actor may do: one predicate per kind of action. Views, the API and services ask here."""

from django.db.models import Q

from zhurnal.accounts.models import Role, RoleGrant, User
from zhurnal.people.models import Enrollment, Staff, Student, StudentGuardian, enrolled_between_q
from zhurnal.policy.actor import ADMIN_SITE_ROLES, SCHOOL_WIDE_JOURNAL_READERS, STAFF_ROLES, Actor
from zhurnal.policy.scopes import journal_assignment_q
from zhurnal.schools.models import School


def may_use_admin_site(actor: Actor) -> bool:
    """The Django admin holds the system administrator's directories and parameters."""
    return actor.is_authenticated and (actor.user.is_superuser or actor.has_role(*ADMIN_SITE_ROLES))


def may_see_staff_area(actor: Actor) -> bool:
    return actor.is_staff_member


def may_see_school_overview(actor: Actor) -> bool:
    return actor.has_role(Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN, Role.SECRETARY)


def may_see_contacts(actor: Actor) -> bool:
    """Phones and e-mails of parents and staff: staff only (152-ФЗ minimisation)."""
    return actor.is_staff_member


def may_teach(actor: Actor) -> bool:
    """Teachers (and class teachers) have lessons and journals of their own."""
    return actor.has_role(Role.TEACHER, Role.CLASS_TEACHER)


def may_lead_class(actor: Actor) -> bool:
    return bool(actor.led_class_ids)


def may_follow_children(actor: Actor) -> bool:
    """A parent follows their children's diaries."""
    return actor.has_role(Role.PARENT)


def may_read_own_diary(actor: Actor) -> bool:
    return actor.has_role(Role.STUDENT)


def may_see_authority_overview(actor: Actor) -> bool:
    """The education authority reads aggregate figures of the schools it oversees."""
    return bool(actor.authority_ids)


def may_read_school_journals(actor: Actor) -> bool:
    """Director and deputy read every journal of their school (completeness control)."""
    return actor.has_role(*SCHOOL_WIDE_JOURNAL_READERS)


def may_check_journal_completeness(actor: Actor) -> bool:
    """The weekly completeness board: the class teacher for their class, the director and the
    deputy for the school (the regulation: the class teacher checks the class journal weekly)."""
    return bool(actor.led_class_ids) or actor.has_role(*SCHOOL_WIDE_JOURNAL_READERS)


def school_overview_ids(actor: Actor) -> frozenset[int]:
    """The schools whose overview (aggregate figures, classes) the actor may see."""
    return actor.school_ids(Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN, Role.SECRETARY)


PERIOD_KEEPER_ROLES = (Role.DEPUTY, Role.DIRECTOR)


def period_keeper_school_ids(actor: Actor) -> frozenset[int]:
    """Where the actor closes and reopens periods, unlocks journals and names substitutes."""
    return frozenset(actor.school_ids(*PERIOD_KEEPER_ROLES))


def may_keep_periods(actor: Actor, school_id: int | None = None) -> bool:
    """Close and reopen study periods, unlock journals, assign substitutes: the deputy director
    (and director) — of the given school, or of any school when none is given (the navbar)."""
    schools = period_keeper_school_ids(actor)
    return bool(schools) if school_id is None else school_id in schools


def substitute_teachers(school_id: int):
    """Who may be named to conduct another teacher's lesson: the school's teachers."""
    from zhurnal.people.models import Staff

    return Staff.objects.filter(school_id=school_id, user__grants__role=Role.TEACHER).distinct()


# --- community: the school forum and the class events journal -----------------------------------

# The administration that moderates every forum section of its school and keeps every class's
# events journal: director, deputy, system administrator.
COMMUNITY_ADMIN_ROLES = (Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN)
FORUM_POST_EDIT_MINUTES = 30


def may_use_forum(actor: Actor) -> bool:
    """Members of a school have its forum (pupils see sections only where the school allows)."""
    return bool(actor.member_school_ids)


def forum_member_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose forum the actor belongs to whatever the school's settings: staff and parents."""
    return actor.school_ids(*STAFF_ROLES, Role.PARENT)


def forum_pupil_school_ids(actor: Actor) -> frozenset[int]:
    """Schools where the actor is a pupil: their forum is open to them only if the school allows."""
    return actor.school_ids(Role.STUDENT)


def community_admin_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose every forum section the actor moderates and every class's events they keep."""
    return actor.school_ids(*COMMUNITY_ADMIN_ROLES)


def may_moderate_forum_section(actor: Actor, section) -> bool:
    """The administration in any section of its school; a class teacher in their class's section."""
    return section.school_id in community_admin_school_ids(actor) or (
        section.class_group_id is not None and section.class_group_id in actor.led_class_ids
    )


def may_edit_forum_post(actor: Actor, post, now) -> bool:
    """Authors correct their own visible post within 30 minutes of writing it."""
    return (
        actor.user is not None
        and post.author_id == actor.user.pk
        and not post.is_hidden
        and (now - post.created_at).total_seconds() <= FORUM_POST_EDIT_MINUTES * 60
    )


def may_keep_class_events(actor: Actor, class_group) -> bool:
    """The class teacher records and deletes their class's events."""
    return class_group.pk in actor.led_class_ids


def may_edit_class_event(actor: Actor, class_group) -> bool:
    """The class teacher, and the administration of the school, correct a class's events."""
    return may_keep_class_events(actor, class_group) or class_group.school_id in community_admin_school_ids(
        actor
    )


def may_open_diaries(actor: Actor) -> bool:
    """Whose diary a person may open is the student scope; this says who reads diaries at all:
    families, and the staff who read journals (teachers, class teachers, director, deputy)."""
    return actor.has_role(
        Role.PARENT, Role.STUDENT, Role.TEACHER, Role.CLASS_TEACHER, *SCHOOL_WIDE_JOURNAL_READERS
    )


# --- credentials and accounts (issue 10 item 1) -------------------------------------------------

# Who issues credentials to anyone of their school, and blocks accounts: the system administrator
# (and the director, who has the system administrator's rights, DESIGN.md §1).
CREDENTIAL_ADMIN_ROLES = (Role.SYSADMIN, Role.DIRECTOR)
FAMILY_ROLES = frozenset({Role.PARENT, Role.STUDENT})


def credential_admin_school_ids(actor: Actor) -> frozenset[int]:
    return actor.school_ids(*CREDENTIAL_ADMIN_ROLES)


def may_see_credential_issues(actor: Actor) -> bool:
    """The issuance log: the administrators, and class teachers (the issues they made)."""
    return bool(credential_admin_school_ids(actor)) or bool(actor.led_class_ids)


def led_pupils_q(actor: Actor, on) -> Q:
    """Students enrolled on `on` in a class the actor leads (as `Student` rows)."""
    if not actor.led_class_ids:
        return Q(pk__in=[])
    return Q(
        pk__in=Enrollment.objects.filter(
            enrolled_between_q(on, on), class_group_id__in=actor.led_class_ids
        ).values("student_id")
    )


def may_keep_class_credentials(actor: Actor, class_group) -> bool:
    """Issue and reissue the logins of a class's pupils and parents: its class teacher, and the
    administrators of its school."""
    return class_group.pk in actor.led_class_ids or class_group.school_id in credential_admin_school_ids(
        actor
    )


def may_open_account(actor: Actor, person, on) -> bool:
    """Give a person's card a login: an administrator of its school for anyone; a class teacher
    for a pupil of their class (today) and that pupil's parents."""
    if person.school_id in credential_admin_school_ids(actor):
        return True
    if isinstance(person, Staff) or not actor.led_class_ids:
        return False
    pupils = Student.objects.filter(led_pupils_q(actor, on))
    if isinstance(person, Student):
        return pupils.filter(pk=person.pk).exists()
    return StudentGuardian.objects.filter(guardian_id=person.pk, student__in=pupils.values("pk")).exists()


def may_issue_credentials(actor: Actor, user: User, on) -> bool:
    """Issue a one-time password: the administration of every school where the user holds a role
    (never to a superuser); a class teacher to a pupil of their class or a pupil's parent, when
    the user holds nothing but family roles in the class's school."""
    if user.is_superuser:
        return False
    grants = list(RoleGrant.objects.filter(user=user).values_list("role", "school_id"))
    if not grants:
        return False
    admin_schools = credential_admin_school_ids(actor)
    if all(school_id in admin_schools for _, school_id in grants):
        return True
    if not actor.led_class_ids or any(role not in FAMILY_ROLES for role, _ in grants):
        return False
    pupils = Student.objects.filter(led_pupils_q(actor, on))
    schools = set(pupils.values_list("school_id", flat=True))
    if any(school_id not in schools for _, school_id in grants):
        return False
    return (
        pupils.filter(user=user).exists()
        or StudentGuardian.objects.filter(guardian__user=user, student__in=pupils.values("pk")).exists()
    )


def may_block_account(actor: Actor, user: User) -> bool:
    """Block and unblock a login: the administration of every school where it holds a role."""
    if user.is_superuser or (actor.user is not None and user.pk == actor.user.pk):
        return False
    schools = set(RoleGrant.objects.filter(user=user).values_list("school_id", flat=True))
    return bool(schools) and schools <= credential_admin_school_ids(actor)


# --- people records (issue 10 item 3) -----------------------------------------------------------

STAFF_RECORD_KEEPERS = (Role.SYSADMIN, Role.DIRECTOR, Role.SECRETARY)
# Roles the system administrator hands out in their school (never the authority's, never Django's).
GRANTABLE_ROLES = (
    Role.DIRECTOR,
    Role.DEPUTY,
    Role.SYSADMIN,
    Role.SECRETARY,
    Role.CLASS_TEACHER,
    Role.TEACHER,
)


def staff_record_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose staff records the actor creates and edits: the secretary, the system
    administrator and the director."""
    return actor.school_ids(*STAFF_RECORD_KEEPERS)


def may_keep_staff_records(actor: Actor) -> bool:
    return bool(staff_record_school_ids(actor))


def may_grant_roles(actor: Actor, school_id: int) -> bool:
    """Grant staff roles of a school: its system administrator (and director)."""
    return school_id in credential_admin_school_ids(actor)


# --- two-factor login (issue 8 item 12, decision 0011) ------------------------------------------

# Roles for whom a school may make the second factor mandatory (School.two_factor_required).
TWO_FACTOR_MANDATORY_ROLES = frozenset({Role.DIRECTOR, Role.SYSADMIN, Role.DEPUTY})


def may_use_two_factor(actor: Actor) -> bool:
    """Staff may enrol a second factor; families (parents, pupils) and the authority may not."""
    return actor.is_staff_member


def two_factor_required(actor: Actor) -> bool:
    """The director, the system administrator and the deputy of a school that demands it.

    Reads the schools that came with the grants (no query)."""
    return any(
        g.role in TWO_FACTOR_MANDATORY_ROLES and g.school is not None and g.school.two_factor_required
        for g in actor.grants
    )


# --- the security event log (issue 8 item 13) --------------------------------------------------


def may_read_security_log(actor: Actor) -> bool:
    """The system administrator and the director, no one else (the rows: SecurityEvent's scope)."""
    return actor.has_role(Role.SYSADMIN, Role.DIRECTOR)


# --- reports (issue 9): who runs which report, over which rows ----------------------------------
# A report names one of these predicates; its rows come from `report_assignment_q` (a subject
# teacher's own assignments, a class teacher's class, the school for the director and deputy) or,
# for the authority, from `report_authority_school_ids`.


def may_run_teaching_reports(actor: Actor) -> bool:
    """Progress, attendance, marks, filling, forecast, delivery: over the journals the actor reads."""
    return actor.has_role(Role.TEACHER, Role.CLASS_TEACHER, *SCHOOL_WIDE_JOURNAL_READERS)


def may_run_class_reports(actor: Actor) -> bool:
    """Class results and the class teacher's period report: a class teacher, the director, the deputy."""
    return bool(actor.led_class_ids) or actor.has_role(*SCHOOL_WIDE_JOURNAL_READERS)


def may_run_school_reports(actor: Actor) -> bool:
    """School-wide reports about staff and users (user activity): the director and the deputy."""
    return actor.has_role(*SCHOOL_WIDE_JOURNAL_READERS)


def may_run_activity_reports(actor: Actor) -> bool:
    """User activity reads the activity log: the director and the system administrator."""
    return actor.has_role(Role.DIRECTOR, Role.SYSADMIN)


def may_run_authority_reports(actor: Actor) -> bool:
    """Aggregates without personal data: the authority over its schools, the director and deputy
    over their own school."""
    return bool(actor.authority_ids) or actor.has_role(*SCHOOL_WIDE_JOURNAL_READERS)


def may_get_parent_letter(actor: Actor) -> bool:
    """The letter to parents: the family of the pupil, the class teacher, the director, the deputy."""
    return bool(actor.own_student_ids) or may_run_class_reports(actor)


def may_read_class_summary(actor: Actor, class_group) -> bool:
    """The summary sheet of final marks holds every subject of a class: its class teacher, and
    the director and deputy of its school (a subject teacher of the class does not read it)."""
    return class_group.pk in actor.led_class_ids or class_group.school_id in report_wide_school_ids(actor)


def may_see_reports(actor: Actor) -> bool:
    """The reports page is for those who run reports beyond their own child's letter."""
    return (
        may_run_teaching_reports(actor)
        or may_run_class_reports(actor)
        or may_run_school_reports(actor)
        or may_run_authority_reports(actor)
        or may_run_activity_reports(actor)
    )


def report_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose reports the actor may run at all (the default school is the first of them)."""
    return actor.school_ids(Role.TEACHER, Role.CLASS_TEACHER, Role.SYSADMIN, *SCHOOL_WIDE_JOURNAL_READERS)


def report_wide_school_ids(actor: Actor) -> frozenset[int]:
    """Schools the actor reports on as a whole (every class, every teacher, every user)."""
    return actor.school_ids(*SCHOOL_WIDE_JOURNAL_READERS)


def report_authority_school_ids_q(actor: Actor):
    """Schools whose aggregates the actor reads: the authority's schools and the actor's own
    school-wide ones. A Q on School."""
    condition = Q(pk__in=report_wide_school_ids(actor))
    if actor.authority_ids:
        condition |= Q(authority_id__in=actor.authority_ids)
    return condition


def report_assignment_q(actor: Actor):
    """Teaching assignments a report may read: exactly the journals the actor reads (DESIGN.md §1)."""
    return journal_assignment_q(actor)


def parent_letter_student_ids_q(actor: Actor):
    """Pupils whose letter to parents the actor may make (a Q on Student): the family's own,
    the class teacher's class, the school for the director and deputy."""
    condition = Q(pk__in=actor.own_student_ids) if actor.own_student_ids else Q(pk__in=[])
    if actor.led_class_ids:
        condition |= Q(
            pk__in=Enrollment.objects.filter(class_group_id__in=actor.led_class_ids).values("student_id")
        )
    wide = report_wide_school_ids(actor)
    if wide:
        condition |= Q(school_id__in=wide)
    return condition


# --- archive: printed records, verification, retention and destruction -------------------------


def archive_reader_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose archive the actor reads: the director, the deputy, the system administrator.
    Teachers, families and the authority have none."""
    return actor.school_ids(Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN)


def record_printer_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose printed journal and summary sheet the actor makes: the deputy (and director)."""
    return actor.school_ids(Role.DEPUTY, Role.DIRECTOR)


def may_sign_off_documents(actor: Actor, school_id: int) -> bool:
    """The deputy director signs printed records off into the archive (the regulation)."""
    return school_id in actor.school_ids(Role.DEPUTY)


def may_keep_retention(actor: Actor, school_id: int) -> bool:
    """The retention table and the printed journal's signers: the system administrator."""
    return school_id in actor.school_ids(Role.SYSADMIN)


def may_destroy_documents(actor: Actor, school_id: int) -> bool:
    """Destroying a document past its retention, by an act: the system administrator."""
    return school_id in actor.school_ids(Role.SYSADMIN)


# --- office: the orders book, movement of pupils, personal files --------------------------------

# The orders book is kept by the secretary and the system administrator (regulation §3), who also
# record the pupils' movement it orders; the director and the deputy read it.
ORDER_KEEPER_ROLES = (Role.SECRETARY, Role.SYSADMIN)
ORDER_READER_ROLES = (Role.DIRECTOR, Role.DEPUTY, Role.SECRETARY, Role.SYSADMIN)
# Personal files are opened by the administration (DESIGN.md §1); the class teacher keeps their
# class's files too.
PERSONAL_FILE_SCHOOL_ROLES = (Role.SYSADMIN, Role.DIRECTOR, Role.DEPUTY, Role.SECRETARY)


def order_keeper_school_ids(actor: Actor) -> frozenset[int]:
    return actor.school_ids(*ORDER_KEEPER_ROLES)


def order_reader_school_ids(actor: Actor) -> frozenset[int]:
    return actor.school_ids(*ORDER_READER_ROLES)


def may_read_orders(actor: Actor) -> bool:
    return bool(order_reader_school_ids(actor))


def may_keep_orders(actor: Actor, school_id: int) -> bool:
    """Create orders, attach their files and record the movement they order."""
    return school_id in order_keeper_school_ids(actor)


def personal_file_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose every personal file the actor may open."""
    return actor.school_ids(*PERSONAL_FILE_SCHOOL_ROLES)


def may_add_to_personal_file(actor: Actor, school_id: int, class_ids) -> bool:
    """Upload into a file: the system administrator and the secretary of the school, or the class
    teacher of a class the pupil is (or was) enrolled in."""
    return school_id in actor.school_ids(Role.SYSADMIN, Role.SECRETARY) or bool(
        actor.led_class_ids.intersection(class_ids)
    )


def class_manager_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose classes (and class teachers) the actor sets up: the system administrator,
    and the director, who holds the system administrator's rights (DESIGN.md §1)."""
    return actor.school_ids(Role.SYSADMIN, Role.DIRECTOR)


def may_manage_classes(actor: Actor) -> bool:
    return bool(class_manager_school_ids(actor))


def may_split_class(actor: Actor, class_group) -> bool:
    """The class teacher splits their class into subgroups; the system administrator may too."""
    return class_group.pk in actor.led_class_ids or class_group.school_id in class_manager_school_ids(actor)


# --- integrations: backups, the state-portal feed ------------------------------------------------


def may_open_backups(actor: Actor) -> bool:
    """Who is shown the way to the backups page (no query: the navbar asks on every page). The
    page itself asks `may_keep_backups`."""
    return actor.is_authenticated and (actor.user.is_superuser or actor.has_role(Role.SYSADMIN))


def may_keep_backups(actor: Actor) -> bool:
    """A backup holds the whole database, every school's data: the superuser keeps them, or a
    system administrator of every school the database holds (on one school's machine, its own).
    A system administrator of one school in a region's database gets nothing (404)."""
    if not may_open_backups(actor):
        return False
    if actor.user.is_superuser:
        return True
    return not School.objects.exclude(pk__in=actor.school_ids(Role.SYSADMIN)).exists()


def may_export_oneroster(actor: Actor, school_id: int | None) -> bool:
    """A school's records as a OneRoster package: its system administrator, or the superuser.
    `school_id=None` is the whole database (a region's package): whoever keeps its backups."""
    if not may_open_backups(actor):
        return False
    if school_id is None:
        return may_keep_backups(actor)
    return actor.user.is_superuser or school_id in actor.school_ids(Role.SYSADMIN)


def portal_export_school_ids(actor: Actor) -> frozenset[int]:
    """The system administrator sends the school's data to the state portal (DOMAIN.md §1)."""
    return actor.school_ids(Role.SYSADMIN, Role.DIRECTOR)


# --- the calendar-thematic plan (planning) -------------------------------------------------------

PLAN_APPROVER_ROLES = (Role.DEPUTY, Role.DIRECTOR)
# Who reads every plan of the school besides the journal's readers: the system administrator too.
PLAN_SCHOOL_READER_ROLES = (Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN)


def plan_reader_school_ids(actor: Actor) -> frozenset[int]:
    return frozenset(actor.school_ids(*PLAN_SCHOOL_READER_ROLES))


def may_keep_plans(actor: Actor) -> bool:
    """A teacher keeps the КТП of their own assignments (the navbar's «Мои КТП»)."""
    return may_teach(actor)


def may_write_plan(actor: Actor, assignment) -> bool:
    """The assignment's own teacher edits, imports, copies and submits its plan."""
    return may_teach(actor) and assignment.teacher_id in actor.staff_ids


def plan_approver_school_ids(actor: Actor) -> frozenset[int]:
    return frozenset(actor.school_ids(*PLAN_APPROVER_ROLES))


def may_approve_plans(actor: Actor, school_id: int | None = None) -> bool:
    """The deputy director (and the director) approve or return submitted plans (DESIGN.md §1) —
    of the given school, or of any school when none is given (the navbar)."""
    schools = plan_approver_school_ids(actor)
    return bool(schools) if school_id is None else school_id in schools


# --- integrations: spreadsheet imports ----------------------------------------------------------


def import_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose people, classes and timetable the actor loads from spreadsheets: the system
    administrator, and the director, who holds the system administrator's rights (DESIGN.md §1)."""
    return actor.school_ids(Role.SYSADMIN, Role.DIRECTOR)


def may_open_imports(actor: Actor) -> bool:
    return bool(import_school_ids(actor))


def may_import(actor: Actor, school_id: int) -> bool:
    return school_id in import_school_ids(actor)


# --- materials, portfolios, the class's resources, the school's documents (issue 12, 4–6) -------

# Study materials are written by teachers; shared ones are read by the school's teachers and by
# the director and deputy, who control teaching (DESIGN.md §1).
MATERIAL_AUTHOR_ROLES = (Role.TEACHER, Role.CLASS_TEACHER)
SHARED_MATERIAL_READER_ROLES = (Role.TEACHER, Role.CLASS_TEACHER, *SCHOOL_WIDE_JOURNAL_READERS)
# The administration that sees every portfolio of its school and publishes pupils' entries.
PORTFOLIO_ADMIN_ROLES = tuple(SCHOOL_WIDE_JOURNAL_READERS)
# The school's documents store is kept by the administration; there is no methodist role, so the
# deputy (зам. по УВР) keeps the methodical documents with the rest (decision 0025).
DOCUMENT_KEEPER_ROLES = (Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN, Role.SECRETARY)
# Whom a document may be opened to: every role of a school (the authority belongs to none).
DOCUMENT_READER_ROLES = (
    Role.DIRECTOR,
    Role.DEPUTY,
    Role.SYSADMIN,
    Role.SECRETARY,
    Role.CLASS_TEACHER,
    Role.TEACHER,
    Role.PARENT,
    Role.STUDENT,
)


def material_author_school_ids(actor: Actor) -> frozenset[int]:
    return actor.school_ids(*MATERIAL_AUTHOR_ROLES)


def may_keep_materials(actor: Actor) -> bool:
    """A teacher keeps a library of their own materials."""
    return bool(material_author_school_ids(actor)) and bool(actor.staff_ids)


def shared_material_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose shared library the actor reads."""
    return actor.school_ids(*SHARED_MATERIAL_READER_ROLES)


def may_read_shared_materials(actor: Actor) -> bool:
    return bool(shared_material_school_ids(actor))


def may_edit_material(actor: Actor, material) -> bool:
    """Only its author changes, deletes and attaches a material."""
    return material.owner_id in actor.staff_ids


def may_use_portfolios(actor: Actor) -> bool:
    """Everyone of a school has portfolios to open (their own, their children's, their class's)."""
    return bool(actor.member_school_ids)


def portfolio_admin_school_ids(actor: Actor) -> frozenset[int]:
    return actor.school_ids(*PORTFOLIO_ADMIN_ROLES)


def may_add_to_pupil_portfolio(actor: Actor, student, on) -> bool:
    """The pupil, their parents, and the class teacher of the pupil's class (on the day)."""
    if student.pk in actor.own_student_ids:
        return True
    return Student.objects.filter(led_pupils_q(actor, on), pk=student.pk).exists()


def may_publish_pupil_entry(actor: Actor, student, on) -> bool:
    """Publication is the school's act: the class teacher or the administration (with consent)."""
    if student.school_id in portfolio_admin_school_ids(actor):
        return True
    return Student.objects.filter(led_pupils_q(actor, on), pk=student.pk).exists()


def may_keep_teacher_portfolio(actor: Actor, staff) -> bool:
    """A teacher keeps (and publishes) their own portfolio."""
    return staff.pk in actor.staff_ids and actor.has_role(*MATERIAL_AUTHOR_ROLES)


def may_lead_projects(actor: Actor) -> bool:
    """A teacher opens a project and supervises it."""
    return may_keep_materials(actor)


def may_add_to_project(actor: Actor, project) -> bool:
    """The supervising teacher adds to a project's portfolio."""
    return project.supervisor_id in actor.staff_ids


def may_publish_project_entry(actor: Actor, project) -> bool:
    return may_add_to_project(actor, project) or project.school_id in portfolio_admin_school_ids(actor)


def may_keep_class_resources(actor: Actor, class_group) -> bool:
    """The class teacher keeps the class's resource catalogue."""
    return class_group.pk in actor.led_class_ids


def class_resource_admin_school_ids(actor: Actor) -> frozenset[int]:
    """The administration reads every class's resources."""
    return actor.school_ids(*PORTFOLIO_ADMIN_ROLES, Role.SYSADMIN)


def document_keeper_school_ids(actor: Actor) -> frozenset[int]:
    return actor.school_ids(*DOCUMENT_KEEPER_ROLES)


def may_keep_documents(actor: Actor, school_id: int | None = None) -> bool:
    """Add and remove the school's documents: its administration (any school when none is named)."""
    schools = document_keeper_school_ids(actor)
    return bool(schools) if school_id is None else school_id in schools


def may_read_documents(actor: Actor) -> bool:
    return bool(actor.member_school_ids)


def document_reader_schools(actor: Actor) -> dict[str, frozenset[int]]:
    """role → the schools where the actor holds it, for the roles a document may be opened to."""
    found = {role: actor.school_ids(role) for role in DOCUMENT_READER_ROLES}
    return {role: schools for role, schools in found.items() if schools}


def may_open_class_resources(actor: Actor) -> bool:
    """Who is shown the way to the class resources (no query: the navbar asks on every page)."""
    return actor.has_role(Role.PARENT, Role.STUDENT, *MATERIAL_AUTHOR_ROLES) or bool(
        class_resource_admin_school_ids(actor)
    )


# --- teaching assignments and the timetable (issue 10 item 7, decision 0030) ---------------------

# The deputy for teaching (зам. по УВР) draws up the load and the timetable in most schools; the
# system administrator and the director hold the same right (DESIGN.md §1).
SCHEDULE_KEEPER_ROLES = (Role.SYSADMIN, Role.DIRECTOR, Role.DEPUTY)
SCHEDULE_READER_ROLES = (*SCHEDULE_KEEPER_ROLES, Role.SECRETARY)


def schedule_keeper_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose teaching assignments and timetable the actor edits."""
    return actor.school_ids(*SCHEDULE_KEEPER_ROLES)


def schedule_reader_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose whole load and timetable the actor reads: the administration."""
    return actor.school_ids(*SCHEDULE_READER_ROLES)


def may_read_schedules(actor: Actor) -> bool:
    return bool(schedule_reader_school_ids(actor))


def may_keep_schedule(actor: Actor, school_id: int) -> bool:
    return school_id in schedule_keeper_school_ids(actor)


# --- cross-class study groups (issue 10 item 7, decision 0036) ------------------------------------

STUDY_GROUP_KEEPER_ROLES = (Role.SYSADMIN, Role.DIRECTOR)
STUDY_GROUP_READER_ROLES = (Role.SYSADMIN, Role.DIRECTOR, Role.DEPUTY)


def study_group_reader_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose study groups and their members the actor lists: the administration."""
    return actor.school_ids(*STUDY_GROUP_READER_ROLES)


def may_read_study_groups(actor: Actor) -> bool:
    return bool(study_group_reader_school_ids(actor))


def may_keep_study_groups(actor: Actor, school_id: int) -> bool:
    """The system administrator and the director create groups and keep their members."""
    return school_id in actor.school_ids(*STUDY_GROUP_KEEPER_ROLES)


# --- the school's card and directories (issue 10 item 8, decision 0030) --------------------------

DIRECTORY_KEEPER_ROLES = (Role.SYSADMIN, Role.DIRECTOR)


def directory_keeper_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose card and directories the actor keeps in the app's pages: the system
    administrator, and the director, who holds the same rights (DESIGN.md §1)."""
    return actor.school_ids(*DIRECTORY_KEEPER_ROLES)


def may_keep_directories(actor: Actor) -> bool:
    return bool(directory_keeper_school_ids(actor))


# --- the extracurricular journal (decision 0026) ----------------------------------------------------

EXTRACURRICULAR_KEEPER_ROLES = (Role.DEPUTY, Role.DIRECTOR)


def extracurricular_keeper_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose extracurricular courses, groups and members the actor keeps (and reads all of)."""
    return actor.school_ids(*EXTRACURRICULAR_KEEPER_ROLES)


def may_open_extracurricular(actor: Actor) -> bool:
    """The extracurricular pages: staff (their courses, or the school's for its keepers) and families."""
    return actor.is_staff_member or actor.has_role(Role.PARENT, Role.STUDENT)


def may_keep_extracurricular(actor: Actor, school_id: int) -> bool:
    """Create courses and groups, add and remove members: the deputy director and the director."""
    return school_id in extracurricular_keeper_school_ids(actor)


def may_conduct_course(actor: Actor, teacher_ids) -> bool:
    """The course's teachers hold its sessions; `teacher_ids` are the course's staff cards."""
    return bool(actor.staff_ids & frozenset(teacher_ids))


def may_keep_course_plan(actor: Actor, school_id: int, teacher_ids) -> bool:
    """The course's plan is written by its teachers (their work programme) or by the keepers."""
    return may_keep_extracurricular(actor, school_id) or may_conduct_course(actor, teacher_ids)


def may_record_session_attendance(actor: Actor, school, teacher_ids, day, today) -> bool:
    """Attendance of a session already held: its teacher within the school's edit window (the
    journal's `edit_window_days`), the keepers at any time to correct it."""
    if day > today:
        return False
    if may_keep_extracurricular(actor, school.pk):
        return True
    return may_conduct_course(actor, teacher_ids) and (today - day).days <= school.edit_window_days
