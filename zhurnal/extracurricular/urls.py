from django.urls import path

from zhurnal.extracurricular import views

app_name = "extracurricular"

urlpatterns = [
    path("", views.index, name="index"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:course_id>/", views.course, name="course"),
    path("courses/<int:course_id>/plan/", views.plan_topic_add, name="plan_topic_add"),
    path(
        "courses/<int:course_id>/plan/<int:topic_id>/delete/",
        views.plan_topic_delete,
        name="plan_topic_delete",
    ),
    path("courses/<int:course_id>/groups/", views.group_create, name="group_create"),
    path("groups/<int:group_id>/", views.group, name="group"),
    path("groups/<int:group_id>/members/", views.member_add, name="member_add"),
    path("groups/<int:group_id>/members/<int:membership_id>/end/", views.member_end, name="member_end"),
    path("groups/<int:group_id>/sessions/", views.session_create, name="session_create"),
    path("groups/<int:group_id>/sessions/<int:session_id>/", views.session_update, name="session_update"),
    path(
        "groups/<int:group_id>/sessions/<int:session_id>/delete/", views.session_delete, name="session_delete"
    ),
    path("groups/<int:group_id>/attendance/", views.attendance_save, name="attendance_save"),
    path("groups/<int:group_id>/print/", views.group_print, name="group_print"),
    path("pupils/<int:student_id>/", views.pupil, name="pupil"),
]
