from django.urls import path, re_path

from zhurnal.people.views import credentials as views
from zhurnal.people.views import groups, records, roles, teaching

app_name = "people"

urlpatterns = [
    path("", records.search, name="search"),
    path("students/new/", records.student_new, name="student_new"),
    path("students/<int:student_id>/", records.student_detail, name="student_detail"),
    path("students/<int:student_id>/edit/", records.student_edit, name="student_edit"),
    path("students/<int:student_id>/guardians/new/", records.guardian_new, name="guardian_new"),
    path("students/<int:student_id>/consents/", records.consent_add, name="consent_add"),
    path("consents/<int:consent_id>/withdraw/", records.consent_withdraw_view, name="consent_withdraw"),
    path("consents/<int:consent_id>/scan/", records.consent_scan, name="consent_scan"),
    path("guardians/<int:guardian_id>/", records.guardian_detail, name="guardian_detail"),
    path("guardians/<int:guardian_id>/edit/", records.guardian_edit, name="guardian_edit"),
    path("staff/<int:staff_id>/edit/", records.staff_edit, name="staff_edit"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/<int:staff_id>/", views.staff_detail, name="staff_detail"),
    re_path(
        r"^(?P<kind>staff|students|guardians)/(?P<pk>[0-9]+)/credentials/$",
        views.card_credentials,
        name="card_credentials",
    ),
    path("classes/<int:class_id>/credentials/", views.class_credentials, name="class_credentials"),
    path("credentials/", views.credential_issues, name="credential_issues"),
    path("assignments/", teaching.assignments, name="assignments"),
    path("assignments/<int:assignment_id>/", teaching.assignment, name="assignment"),
    path("classes/<int:class_id>/timetable/", teaching.class_timetable, name="class_timetable"),
    path("groups/", groups.study_groups, name="study_groups"),
    path("groups/<int:group_id>/", groups.study_group, name="study_group"),
    path("accounts/<int:user_id>/block/", views.account_block_view, name="account_block"),
    path("accounts/<int:user_id>/unblock/", views.account_unblock_view, name="account_unblock"),
    path("accounts/<int:user_id>/roles/", roles.account_roles, name="account_roles"),
]
