from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import last_modified
from django.views.i18n import JavaScriptCatalog

from zhurnal.web import views

app_name = "web"

# Translations change only with a new release, that is with a restart.
_STARTED_AT = timezone.now()

urlpatterns = [
    path("", views.home, name="home"),
    path("school/", views.school, name="school"),
    path("classes/", views.class_list, name="class_list"),
    path("classes/<int:class_id>/", views.class_detail, name="class_detail"),
    path("assignments/", views.assignments, name="assignments"),
    path("board/", views.board, name="board"),
    path("people/students/<int:student_id>/export/", views.person_export, name="person_export"),
    # The translation catalogue of the pages' scripts (`gettext()` in static JS, decision 0001):
    # the same for everyone, so browsers keep it for a day and then revalidate by the start time.
    path(
        "jsi18n/",
        cache_control(max_age=86400, public=True)(
            last_modified(lambda request: _STARTED_AT)(JavaScriptCatalog.as_view())
        ),
        name="jsi18n",
    ),
]
