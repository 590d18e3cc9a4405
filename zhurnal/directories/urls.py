from django.urls import path

from zhurnal.directories import views

app_name = "directories"

urlpatterns = [
    path("", views.card, name="card"),
    path("rules/", views.school_rules, name="rules"),
    path("<slug:slug>/", views.directory, name="directory"),
]
