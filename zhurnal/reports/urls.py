from django.urls import path

from zhurnal.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("jobs/<int:job_id>/", views.job, name="job"),
    path("jobs/<int:job_id>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<int:job_id>/file/", views.job_file, name="job_file"),
    path("<slug:code>/", views.report, name="report"),
    path("<slug:code>/download/<str:fmt>/", views.download, name="download"),
    path("<slug:code>/jobs/", views.job_start, name="job_start"),
    path("<slug:code>/sign-off/", views.sign_off, name="sign_off"),
]
