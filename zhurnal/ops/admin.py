"""The Django admin as the system administrator's directories and parameters (DESIGN.md §1).

It lives at the top layer because it asks the policy: every list is limited to the schools
where the actor is director or system administrator, every foreign-key choice too, and every
save or delete writes an audit row in the same transaction, like any service.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models, transaction
from django.forms.models import model_to_dict

from zhurnal.accounts.models import ActivityEvent, RoleGrant, User
from zhurnal.core.audit import audit_record
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
            elif any(f.name == "school" for f in related._meta.fields):
                field.queryset = field.queryset.filter(school_id__in=self._school_ids(request))
        return field

    def save_model(self, request, obj, form, change):
        before = _jsonable_dict(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action=f"admin.{'change' if change else 'add'}",
                obj=obj,
                before=before,
                after=_jsonable_dict(obj),
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(actor=request.user, action="admin.delete", obj=obj, before=_jsonable_dict(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                audit_record(actor=request.user, action="admin.delete", obj=obj, before=_jsonable_dict(obj))
            super().delete_queryset(request, queryset)


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


class BellSlotInline(admin.TabularInline):
    model = BellSlot
    extra = 0
    fields = ["school", "number", "starts", "ends"]


@admin.register(BellSchedule)
class BellScheduleAdmin(PolicyAdmin):
    list_display = ["name", "school"]
    inlines = [BellSlotInline]


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


@admin.register(Enrollment)
class EnrollmentAdmin(PolicyAdmin):
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


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    fields = ["role", "school", "class_group", "authority"]


@admin.register(User)
class UserAdmin(PolicyAdmin, DjangoUserAdmin):
    school_field = ""
    list_display = ["username", "last_name", "first_name", "middle_name", "is_active", "must_change_password"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets[:1],
        ("ФИО", {"fields": ("last_name", "first_name", "middle_name", "email")}),
        ("Доступ", {"fields": ("is_active", "must_change_password", "last_login")}),
    )
    readonly_fields = ["last_login"]
    inlines = [RoleGrantInline]

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return qs
        return qs.filter(
            pk__in=RoleGrant.objects.filter(school_id__in=self._school_ids(request)).values("user_id")
        )


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
