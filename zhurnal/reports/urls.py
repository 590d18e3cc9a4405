from django.urls import path

from zhurnal.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:code>/", views.report, name="report"),
    path("<slug:code>/download/<str:fmt>/", views.download, name="download"),
]
