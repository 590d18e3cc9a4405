from django.urls import path

from zhurnal.journal import views

app_name = "journal"

urlpatterns = [
    path("day/", views.day, name="day"),
    path("periods/", views.periods, name="periods"),
    path("periods/<int:period_id>/", views.period_toggle, name="period_toggle"),
    path("<int:assignment_id>/", views.grid, name="grid"),
    path("<int:assignment_id>/unlock/", views.unlock, name="unlock"),
]
