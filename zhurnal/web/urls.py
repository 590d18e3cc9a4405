from django.urls import path

from zhurnal.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("school/", views.school, name="school"),
    path("classes/", views.class_list, name="class_list"),
    path("classes/<int:class_id>/", views.class_detail, name="class_detail"),
    path("assignments/", views.assignments, name="assignments"),
]
