from django.urls import path

from zhurnal.integrations import views

app_name = "integrations"

urlpatterns = [
    path("backups/", views.backup_list, name="backups"),
    path("backups/make/", views.backup_make, name="backup_make"),
    path("backups/<int:backup_id>/download/", views.backup_download, name="backup_download"),
    path("oneroster/", views.oneroster_page, name="oneroster"),
    path("oneroster/export/", views.oneroster_start, name="oneroster_start"),
    path("oneroster/<int:job_id>/download/", views.oneroster_file, name="oneroster_file"),
]
