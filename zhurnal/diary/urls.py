from django.urls import path

from zhurnal.diary import views

app_name = "diary"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:student_id>/", views.week, name="week"),
    path("<int:student_id>/marks/", views.marks, name="marks"),
    path("<int:student_id>/extract/", views.extract, name="extract"),
]
