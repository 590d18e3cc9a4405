"""The Django admin as the system administrator's directories and parameters (DESIGN.md §1).

It lives at the top layer because it asks the policy: every list is limited to the schools
where the actor is director or system administrator, every foreign-key choice too, and every
save or delete writes an audit row in the same transaction, like any service.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.forms.models import BaseInlineFormSet, model_to_dict
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from zhurnal.accounts.models import ActivityEvent, Role, RoleGrant, SecurityEvent, User
from zhurnal.accounts.security import role_grant_log, security_log
from zhurnal.accounts.tokens import revoke_all
from zhurnal.archive.models import Signer
from zhurnal.core import clock
from zhurnal.core.audit import audit_record
from zhurnal.core.errors import ServiceError
from zhurnal.core.models import AuditEvent
from zhurnal.journal.models import AttendanceCode, LessonType, WorkType
from zhurnal.ops.admin_names import accusative, field_label
from zhurnal.people.models import (
    Enrollment,
    Guardian,
    Staff,
    Student,
    StudentGuardian,
    SubgroupMembership,
    TeachingAssignment,
    TimetableEntry,
    enrolled_between_q,
)
from zhurnal.people.selectors import overlap_message, overlapping_enrollment
from zhurnal.people.services.credentials import credentials_issue
from zhurnal.policy.rules import may_use_admin_site
from zhurnal.schools.models import (
    AcademicYear,
    Authority,
    BellSchedule,
    BellSlot,
    ClassGroup,
    CurriculumPlan,
    Holiday,
    School,
    StudyPeriod,
    Subgroup,
    Subject,
)

admin.site.site_header = "Журнал — администрирование"
admin.site.site_title = "Журнал"
admin.site.index_title = "Справочники и параметры школы"


def _site_has_permission(request):
    return request.user.is_active and may_use_admin_site(request.actor)


admin.site.has_permission = _site_has_permission


def _site_login(request, extra_context=None):
    # The site's own sign-in, so that the lockout (accounts.lockout) and the two-factor step
    # (zhurnal.security) apply here too; the admin's form would skip both.
    if request.user.is_authenticated:
        # Signed in without the admin's rights (else the admin would not have sent them here).
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = _site_login


# Never copied into the audit log.
_SECRET_FIELDS = {"password"}


def _jsonable_dict(obj: models.Model) -> dict:
    data = {k: v for k, v in model_to_dict(obj).items() if k not in _SECRET_FIELDS}
    return {
        k: (v if isinstance(v, int | str | bool | float | type(None)) else str(v)) for k, v in data.items()
    }


class PolicyAdmin(admin.ModelAdmin):
    """Permissions come from the policy, not from Django's per-model permission rows."""

    school_field = "school"

    def _allowed(self, request) -> bool:
        return may_use_admin_site(request.actor)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)

    def _school_ids(self, request):
        return request.actor.school_ids_for_admin()

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser or not self.school_field:
            return qs
        return qs.filter(**{f"{self.school_field}__in": self._school_ids(request)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        related = db_field.related_model
        if field is not None and not request.user.is_superuser:
            if related is School:
                field.queryset = field.queryset.filter(pk__in=self._school_ids(request))
            elif related is User:
                # A staff, pupil or parent card links only to a login of the actor's own schools.
                field.queryset = field.queryset.filter(
                    is_superuser=False,
                    pk__in=RoleGrant.objects.filter(school_id__in=self._school_ids(request)).values(
                        "user_id"
                    ),
                )
            elif any(f.name == "school" for f in related._meta.fields):
                field.queryset = field.queryset.filter(school_id__in=self._school_ids(request))
        return field

    def audit_school_id(self, obj) -> int | None:
        """The school an audit row about `obj` belongs to (the school's log shows it)."""
        return getattr(obj, "school_id", None)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and (label := field_label(db_field)):
            field.label = label
        return field

    def get_list_display(self, request):
        """The change list's columns: a field with no Russian name of its own gets the admin's
        label (admin_names.FIELD_LABELS) as its header, still sortable by the field."""
        return [_labelled_column(self.model, name) for name in super().get_list_display(request)]

    # Titles with the model's name in the accusative (admin_names, decision 0012).
    def changelist_view(self, request, extra_context=None):
        name = accusative(self.model)
        title = _("Выберите %s для изменения") if self.has_change_permission(request) else None
        title = title or _("Выберите %s для просмотра")
        context = {"title": title % name, "add_title": _("Добавить %s") % name}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def add_view(self, request, form_url="", extra_context=None):
        context = {"title": _("Добавить %s") % accusative(self.model)}
        return super().add_view(request, form_url, {**context, **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        title = _("Изменить %s") if self.has_change_permission(request) else _("Просмотреть %s")
        context = {"title": title % accusative(self.model)}
        return super().change_view(request, object_id, form_url, {**context, **(extra_context or {})})

    def save_model(self, request, obj, form, change):
        before = _jsonable_dict(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action=f"admin.{'change' if change else 'add'}",
                obj=obj,
                school_id=self.audit_school_id(obj),
                before=before,
                after=_jsonable_dict(obj),
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action="admin.delete",
                obj=obj,
                school_id=self.audit_school_id(obj),
                before=_jsonable_dict(obj),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                audit_record(
                    actor=request.user,
                    action="admin.delete",
                    obj=obj,
                    school_id=self.audit_school_id(obj),
                    before=_jsonable_dict(obj),
                )
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        """Inline rows are saved one by one, each with its audit row, in the same transaction."""
        prefix = getattr(formset, "audit_action_prefix", "admin.inline")
        model = formset.model
        with transaction.atomic():
            formset.save(commit=False)
            touched = [obj.pk for obj in formset.deleted_objects] + [
                obj.pk for obj, _ in formset.changed_objects
            ]
            before = {pk: _jsonable_dict(obj) for pk, obj in model._default_manager.in_bulk(touched).items()}
            for obj in formset.deleted_objects:
                audit_record(
                    actor=request.user, action=f"{prefix}_delete", obj=obj, before=before.get(obj.pk)
                )
                self.inline_security_log(request, obj, "delete", before.get(obj.pk))
                obj.delete()
            for obj, _ in formset.changed_objects:
                self.prepare_inline_object(formset, obj)
                obj.save()
                audit_record(
                    actor=request.user,
                    action=f"{prefix}_change",
                    obj=obj,
                    before=before.get(obj.pk),
                    after=_jsonable_dict(obj),
                )
                self.inline_security_log(request, obj, "change", before.get(obj.pk))
            for obj in formset.new_objects:
                self.prepare_inline_object(formset, obj)
                obj.save()
                audit_record(actor=request.user, action=f"{prefix}_add", obj=obj, after=_jsonable_dict(obj))
                self.inline_security_log(request, obj, "add", None)
            formset.save_m2m()

    def prepare_inline_object(self, formset, obj) -> None:
        """Fill what an inline row takes from its parent (a bell slot's school) before saving."""

    def inline_security_log(self, request, obj, change: str, before: dict | None) -> None:
        """Role grants are changes of access rights: each goes to the security event log too."""
        if not isinstance(obj, RoleGrant):
            return
        if change == "delete":
            role_grant_log(kind=SecurityEvent.Kind.ROLE_REVOKED, actor=request.actor, grant=obj)
        else:
            role_grant_log(
                kind=SecurityEvent.Kind.ROLE_GRANTED, actor=request.actor, grant=obj, before=before
            )


class PersonalRecordViewLog:
    """Opening a pupil's, guardian's or staff member's card in the admin is a view of personal
    data: the security event log records whose card it was (152-ФЗ)."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and getattr(response, "status_code", None) == 200:
            record = self.get_object(request, unquote(object_id))
            if record is not None:
                security_log(
                    kind=SecurityEvent.Kind.RECORD_VIEWED,
                    actor=request.actor,
                    subject=record,
                    detail={"where": "admin"},
                )
        return response


def _labelled_column(model, name):
    if not isinstance(name, str):
        return name
    try:
        db_field = model._meta.get_field(name)
    except Exception:  # a method or an attribute of the admin: it names itself
        return name
    label = field_label(db_field)
    if label is None:
        return name

    @admin.display(description=label, ordering=name)
    def column(obj):
        return getattr(obj, name)

    column.__name__ = name
    return column


class ReadOnlyLogAdmin(PolicyAdmin):
    school_field = "school_id"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return qs
        return qs.filter(school_id__in=self._school_ids(request))


@admin.register(Authority)
class AuthorityAdmin(PolicyAdmin):
    school_field = ""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(School)
class SchoolAdmin(PolicyAdmin):
    school_field = "pk"
    list_display = ["short_name", "authority", "edit_window_days", "min_marks_for_period"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        # Which authority oversees a school is the superuser's business, not the school's.
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, "authority"]


@admin.register(AcademicYear)
class AcademicYearAdmin(PolicyAdmin):
    list_display = ["name", "start", "end", "school"]


@admin.register(StudyPeriod)
class StudyPeriodAdmin(PolicyAdmin):
    list_display = ["name", "kind", "grade_from", "grade_to", "start", "end", "closed"]
    list_filter = ["year", "kind", "closed"]


@admin.register(Holiday)
class HolidayAdmin(PolicyAdmin):
    list_display = ["name", "start", "end", "grade_from", "grade_to"]
    list_filter = ["year"]


class PolicyInlineMixin:
    """Inlines too take their permissions from the policy and their choices from the actor's schools.

    The formset class carries the actor (`get_formset` builds a fresh class per request) so that
    its `clean` can apply the rules and show a refusal as an ordinary form error.
    """

    audit_action_prefix = "admin.inline"

    def _allowed(self, request) -> bool:
        return may_use_admin_site(request.actor)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is None or request.user.is_superuser:
            return field
        related = db_field.related_model
        school_ids = request.actor.school_ids_for_admin()
        if related is Authority:
            field.queryset = field.queryset.none()
        elif related is School:
            field.queryset = field.queryset.filter(pk__in=school_ids)
        elif any(f.name == "school" for f in related._meta.fields):
            field.queryset = field.queryset.filter(school_id__in=school_ids)
        return field

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.actor = request.actor
        formset.audit_action_prefix = self.audit_action_prefix
        return formset


class BellSlotInline(PolicyInlineMixin, admin.TabularInline):
    model = BellSlot
    extra = 0
    # A slot belongs to its schedule's school: taken from the schedule, never chosen.
    fields = ["number", "starts", "ends"]


@admin.register(BellSchedule)
class BellScheduleAdmin(PolicyAdmin):
    list_display = ["name", "school"]
    inlines = [BellSlotInline]

    def prepare_inline_object(self, formset, obj) -> None:
        obj.school_id = formset.instance.school_id

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A schedule moved to another school takes its slots along.
        BellSlot.objects.filter(schedule=form.instance).exclude(school_id=form.instance.school_id).update(
            school_id=form.instance.school_id
        )


@admin.register(ClassGroup)
class ClassGroupAdmin(PolicyAdmin):
    list_display = ["__str__", "year", "bell_schedule"]
    list_filter = ["year", "grade"]


@admin.register(Subgroup)
class SubgroupAdmin(PolicyAdmin):
    list_display = ["name", "class_group"]
    list_filter = ["class_group__grade"]


@admin.register(Subject)
class SubjectAdmin(PolicyAdmin):
    list_display = ["name", "short_name"]
    search_fields = ["name"]


@admin.register(CurriculumPlan)
class CurriculumPlanAdmin(PolicyAdmin):
    list_display = ["grade", "subject", "hours_per_week", "grading_mode", "year"]
    list_filter = ["year", "grade", "grading_mode"]


@admin.register(Signer)
class SignerAdmin(PolicyAdmin):
    """Who signs the printed journal's certification page (default: the deputy for УВР)."""

    list_display = ["order", "position", "full_name"]


@admin.register(LessonType)
class LessonTypeAdmin(PolicyAdmin):
    list_display = ["name", "is_control_work"]


@admin.register(WorkType)
class WorkTypeAdmin(PolicyAdmin):
    list_display = ["name", "short_name", "weight"]


@admin.register(AttendanceCode)
class AttendanceCodeAdmin(PolicyAdmin):
    list_display = ["code", "name", "is_absence", "is_illness", "is_excused", "is_late"]


@admin.register(Staff)
class StaffAdmin(PersonalRecordViewLog, PolicyAdmin):
    list_display = ["__str__", "position", "user"]
    search_fields = ["last_name", "first_name"]
    autocomplete_fields = ["user"]


class StudentClassFilter(admin.SimpleListFilter):
    """Pupils by the class they are enrolled in today (classes of the actor's schools, latest
    year first)."""

    title = _("класс")
    parameter_name = "class_group"

    def lookups(self, request, model_admin):
        classes = ClassGroup.objects.select_related("year").order_by("-year__start", "grade", "letter")
        if not request.user.is_superuser:
            classes = classes.filter(school_id__in=request.actor.school_ids_for_admin())
        return [(str(c.pk), f"{c} ({c.year.name})") for c in classes]

    def queryset(self, request, queryset):
        if not self.value() or not self.value().isdigit():
            return queryset
        today = clock.today()
        enrolled = Enrollment.objects.filter(
            enrolled_between_q(today, today), class_group_id=int(self.value())
        )
        return queryset.filter(pk__in=enrolled.values("student_id"))


@admin.register(Student)
class StudentAdmin(PersonalRecordViewLog, PolicyAdmin):
    list_display = ["__str__", "birth_date", "user"]
    list_filter = [StudentClassFilter]
    search_fields = ["last_name", "first_name", "middle_name"]
    autocomplete_fields = ["user"]


@admin.register(Guardian)
class GuardianAdmin(PersonalRecordViewLog, PolicyAdmin):
    list_display = ["__str__", "phone", "user"]
    search_fields = ["last_name", "first_name"]
    autocomplete_fields = ["user"]


@admin.register(StudentGuardian)
class StudentGuardianAdmin(PolicyAdmin):
    list_display = ["student", "guardian", "relation"]
    autocomplete_fields = ["student", "guardian"]


class EnrollmentAdminForm(forms.ModelForm):
    """Refuses an enrolment that overlaps another of the same student (issue 8 item 4), with the
    message naming the other class, before the database's own refusal would."""

    class Meta:
        model = Enrollment
        fields = ["school", "student", "class_group", "start", "end"]

    def clean(self):
        data = super().clean()
        student, start = data.get("student"), data.get("start")
        if student is not None and start is not None:
            existing = overlapping_enrollment(student.pk, start, data.get("end"), exclude_pk=self.instance.pk)
            if existing is not None:
                raise forms.ValidationError(overlap_message(existing))
        return data


@admin.register(Enrollment)
class EnrollmentAdmin(PolicyAdmin):
    form = EnrollmentAdminForm
    list_display = ["student", "class_group", "start", "end"]
    list_filter = ["class_group__grade"]
    autocomplete_fields = ["student"]


@admin.register(SubgroupMembership)
class SubgroupMembershipAdmin(PolicyAdmin):
    list_display = ["subgroup", "student"]
    autocomplete_fields = ["student"]


@admin.register(TeachingAssignment)
class TeachingAssignmentAdmin(PolicyAdmin):
    list_display = ["subject", "class_group", "subgroup", "teacher"]
    list_filter = ["class_group__grade"]


@admin.register(TimetableEntry)
class TimetableEntryAdmin(PolicyAdmin):
    list_display = ["assignment", "weekday", "slot", "room", "valid_from", "valid_to"]
    list_filter = ["weekday"]


# Roles that hand out the admin site itself: granted, changed or revoked only by the school's
# director (or a superuser), never by a system administrator.
_DIRECTOR_GRANTED_ROLES = frozenset({Role.DIRECTOR, Role.SYSADMIN})


def _grant_refusal(actor, role, school_id) -> str:
    """Why `actor` may not hold `role` in `school_id` out or take it back ("" when they may)."""
    if actor.user.is_superuser:
        return ""
    if role == Role.AUTHORITY:
        return "Роль органа управления образованием назначает только суперпользователь."
    if school_id not in actor.school_ids_for_admin():
        return "Можно назначать роли только в своей школе."
    if role in _DIRECTOR_GRANTED_ROLES and school_id not in actor.school_ids(Role.DIRECTOR):
        return "Роли директора и системного администратора назначает только директор школы."
    return ""


def _grant_key(role, school_id, class_group_id, authority_id) -> tuple:
    """What the unique constraints of RoleGrant compare (they are conditional: checked here)."""
    if class_group_id:
        return ("class", class_group_id)
    if authority_id:
        return ("authority", authority_id)
    return ("school", role, school_id)


class RoleGrantFormSet(BaseInlineFormSet):
    actor = None  # set per request by PolicyInlineMixin.get_formset

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        actor = self.actor
        refusals: list[str] = []
        keys: dict[tuple, forms.Form] = {}
        kept_pks = []
        for form in self.forms:
            initial = form.initial
            existing = form.instance.pk is not None
            if self._should_delete_form(form):
                # Taking a grant back needs the same right as giving it.
                if existing and (why := _grant_refusal(actor, initial.get("role"), initial.get("school"))):
                    refusals.append(why)
                continue
            data = form.cleaned_data
            if not data:
                continue
            if existing:
                kept_pks.append(form.instance.pk)
            role, school, class_group = data.get("role"), data.get("school"), data.get("class_group")
            authority = data.get("authority")
            school_id = school.pk if school else None
            if form.has_changed():
                if existing and (why := _grant_refusal(actor, initial.get("role"), initial.get("school"))):
                    form.add_error(None, why)
                    continue
                if why := _grant_refusal(actor, role, school_id):
                    form.add_error("role", why)
                    continue
                if class_group is not None and class_group.school_id != school_id:
                    form.add_error("class_group", "Класс должен быть из той же школы.")
                    continue
            key = _grant_key(role, school_id, class_group.pk if class_group else None, authority)
            if key in keys:
                form.add_error(None, "Такая роль уже назначена.")
                continue
            keys[key] = form
        if refusals:
            raise forms.ValidationError(refusals)
        if self.instance.pk is not None and keys:
            # Grants not shown in this formset still count for uniqueness.
            others = RoleGrant.objects.filter(user=self.instance).exclude(pk__in=kept_pks)
            others = others.exclude(pk__in=[f.instance.pk for f in self.deleted_forms if f.instance.pk])
            for g in others.only("role", "school_id", "class_group_id", "authority_id"):
                form = keys.get(_grant_key(g.role, g.school_id, g.class_group_id, g.authority_id))
                if form is not None and form.instance.pk != g.pk:
                    form.add_error(None, "Такая роль уже назначена.")
        if actor is not None and not actor.user.is_superuser and self.instance._state.adding and not keys:
            # A user with no grant in the actor's schools would vanish from their list at once.
            raise forms.ValidationError("Назначьте новому пользователю хотя бы одну роль в своей школе.")


class RoleGrantInline(PolicyInlineMixin, admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    formset = RoleGrantFormSet
    extra = 0
    fields = ["role", "school", "class_group", "authority"]
    audit_action_prefix = "admin.grant"

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("school", "class_group", "authority")
        if request.user.is_superuser:
            return qs
        return qs.filter(school_id__in=request.actor.school_ids_for_admin())

    def get_fields(self, request, obj=None):
        if request.user.is_superuser:
            return self.fields
        return [name for name in self.fields if name != "authority"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "role" and not request.user.is_superuser:
            field.choices = [(value, label) for value, label in field.choices if value != Role.AUTHORITY]
        return field


def _editable_users(qs, actor):
    """Users a non-superuser may edit (and whose password they may set) in the admin.

    Not superusers; at least one grant and every grant in a school where the actor is director
    or system administrator (authority grants count as outside); and the holders of a director or
    system administrator grant only for the director of that school.
    """
    admin_ids = actor.school_ids_for_admin()
    director_ids = actor.school_ids(Role.DIRECTOR)
    grants = RoleGrant.objects.filter(user_id=OuterRef("pk"))
    inside = grants.filter(school_id__in=admin_ids)
    outside = grants.filter(Q(school__isnull=True) | ~Q(school_id__in=admin_ids))
    above = grants.filter(role__in=_DIRECTOR_GRANTED_ROLES).filter(
        Q(school__isnull=True) | ~Q(school_id__in=director_ids)
    )
    return qs.filter(Exists(inside), is_superuser=False).exclude(Exists(outside)).exclude(Exists(above))


@admin.register(User)
class UserAdmin(PolicyAdmin, DjangoUserAdmin):
    school_field = ""
    list_display = ["username", "last_name", "first_name", "middle_name", "is_active", "must_change_password"]
    list_filter = ["is_active", "must_change_password"]
    # is_superuser, is_staff, groups and user_permissions are deliberately absent: the admin never
    # hands out Django's own powers (superusers are made from the command line).
    fieldsets = (
        *DjangoUserAdmin.fieldsets[:1],
        ("ФИО", {"fields": ("last_name", "first_name", "middle_name", "email")}),
        ("Доступ", {"fields": ("is_active", "must_change_password", "last_login")}),
    )
    readonly_fields = ["last_login"]
    inlines = [RoleGrantInline]
    actions = ["issue_one_time_passwords"]

    @admin.action(description="Выдать временный пароль (сменить при первом входе)")
    def issue_one_time_passwords(self, request, queryset):
        # The passwords are shown once, here, to be handed over on paper; they are kept nowhere.
        for user in queryset:
            try:
                password = credentials_issue(actor=request.actor, user=user)
            except ServiceError as error:
                self.message_user(request, f"{user.username}: {error.message}", messages.ERROR)
            else:
                self.message_user(
                    request, f"{user.username} ({user.full_name}): {password}", messages.WARNING
                )

    def _log_grants_revoked(self, request, user_ids) -> None:
        # Deleting a login takes its roles with it (cascade): each is a revocation to log.
        for grant in RoleGrant.objects.filter(user_id__in=user_ids).select_related("user"):
            role_grant_log(kind=SecurityEvent.Kind.ROLE_REVOKED, actor=request.actor, grant=grant)

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._log_grants_revoked(request, [obj.pk])
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            self._log_grants_revoked(request, list(queryset.values_list("pk", flat=True)))
            super().delete_queryset(request, queryset)

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return qs
        return _editable_users(qs, request.actor)

    def audit_school_id(self, obj) -> int | None:
        return (
            RoleGrant.objects.filter(user_id=obj.pk, school__isnull=False)
            .order_by("school_id")
            .values_list("school_id", flat=True)
            .first()
        )

    @method_decorator(sensitive_post_parameters())
    def user_change_password(self, request, id, form_url=""):
        if request.method != "POST":
            return super().user_change_password(request, id, form_url)
        with transaction.atomic():
            target = self.get_object(request, unquote(id))
            before = target.password if target is not None else None
            response = super().user_change_password(request, id, form_url)
            if target is not None:
                target.refresh_from_db(fields=["password"])
                if target.password != before:
                    # A new password ends the old API sessions too.
                    revoked = revoke_all(target)
                    # Never the password nor its hash: only that it was set, and whether it is usable.
                    audit_record(
                        actor=request.user,
                        action="admin.password_change",
                        obj=target,
                        school_id=self.audit_school_id(target),
                        after={
                            "usable_password": target.has_usable_password(),
                            "api_tokens_revoked": revoked,
                        },
                    )
                    security_log(
                        kind=SecurityEvent.Kind.PASSWORD_CHANGED,
                        actor=request.actor,
                        subject=target,
                        school_id=self.audit_school_id(target),
                        detail={"by": "admin", "api_tokens_revoked": revoked},
                    )
            return response


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyLogAdmin):
    list_display = ["created_at", "actor_repr", "action", "object_type", "object_repr", "reason"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_repr", "object_repr", "reason"]


@admin.register(ActivityEvent)
class ActivityEventAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "username", "role", "kind", "route", "status", "ip"]
    list_filter = ["kind", "role"]
    search_fields = ["username"]
