from django.urls import path

from zhurnal.journal import views

app_name = "journal"

urlpatterns = [
    path("day/", views.day, name="day"),
    path("periods/", views.periods, name="periods"),
    path("periods/<int:period_id>/", views.period_toggle, name="period_toggle"),
    path("periods/<int:period_id>/close/", views.period_close_confirm, name="period_close"),
    path("<int:assignment_id>/", views.grid, name="grid"),
    path("<int:assignment_id>/unlock/", views.unlock, name="unlock"),
    path("lessons/<int:lesson_id>/files/", views.files_add, name="files_add"),
    path("files/<int:file_id>/", views.file_download, name="file_download"),
    path("files/<int:file_id>/delete/", views.file_remove, name="file_remove"),
]
