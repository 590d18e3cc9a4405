"""The Django admin as the system administrator's directories and parameters (DESIGN.md §1).

It lives at the top layer because it asks the policy: every list is limited to the schools
where the actor is director or system administrator, every foreign-key choice too, and every
save or delete writes an audit row in the same transaction, like any service.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.forms.models import BaseInlineFormSet, model_to_dict
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters

from zhurnal.accounts.models import ActivityEvent, Role, RoleGrant, User
from zhurnal.accounts.passwords import credentials_issue
from zhurnal.accounts.tokens import revoke_all
from zhurnal.core.audit import audit_record
from zhurnal.core.errors import ServiceError
from zhurnal.core.models import AuditEvent
from zhurnal.journal.models import AttendanceCode, LessonType, WorkType
from zhurnal.people.models import (
    Enrollment,
    Guardian,
    Staff,
    Student,
    StudentGuardian,
    SubgroupMembership,
    TeachingAssignment,
    TimetableEntry,
)
from zhurnal.people.selectors import overlap_message, overlapping_enrollment
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
            for obj in formset.new_objects:
                self.prepare_inline_object(formset, obj)
                obj.save()
                audit_record(actor=request.user, action=f"{prefix}_add", obj=obj, after=_jsonable_dict(obj))
            formset.save_m2m()

    def prepare_inline_object(self, formset, obj) -> None:
        """Fill what an inline row takes from its parent (a bell slot's school) before saving."""


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


@admin.register(LessonType)
class LessonTypeAdmin(PolicyAdmin):
    list_display = ["name"]


@admin.register(WorkType)
class WorkTypeAdmin(PolicyAdmin):
    list_display = ["name", "short_name", "weight"]


@admin.register(AttendanceCode)
class AttendanceCodeAdmin(PolicyAdmin):
    list_display = ["code", "name", "is_absence", "is_illness", "is_excused", "is_late"]


@admin.register(Staff)
class StaffAdmin(PolicyAdmin):
    list_display = ["__str__", "position", "user"]
    search_fields = ["last_name", "first_name"]
    raw_id_fields = ["user"]


@admin.register(Student)
class StudentAdmin(PolicyAdmin):
    list_display = ["__str__", "birth_date", "user"]
    search_fields = ["last_name", "first_name"]
    raw_id_fields = ["user"]


@admin.register(Guardian)
class GuardianAdmin(PolicyAdmin):
    list_display = ["__str__", "phone", "user"]
    search_fields = ["last_name", "first_name"]
    raw_id_fields = ["user"]


@admin.register(StudentGuardian)
class StudentGuardianAdmin(PolicyAdmin):
    list_display = ["student", "guardian", "relation"]
    raw_id_fields = ["student", "guardian"]


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
    raw_id_fields = ["student"]


@admin.register(SubgroupMembership)
class SubgroupMembershipAdmin(PolicyAdmin):
    list_display = ["subgroup", "student"]
    raw_id_fields = ["student"]


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
