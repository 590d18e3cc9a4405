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
    path("imports/", views.import_start, name="imports"),
    path("imports/<int:job_id>/", views.import_job, name="import_job"),
    path("imports/<int:job_id>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<int:job_id>/result/", views.import_result, name="import_result"),
    path("imports/templates/<slug:kind>.<slug:fmt>", views.import_template, name="import_template"),
]
