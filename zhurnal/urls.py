from django.contrib import admin
from django.urls import include, path

from zhurnal.api.urls import api

# Django tries these in order: the busiest prefixes come first (the API, the journal, the diary),
# so their requests do not test every other app's patterns. No two prefixes share a path.
urlpatterns = [
    path("api/v1/", api.urls),
    path("journal/", include("zhurnal.journal.urls")),
    path("diary/", include("zhurnal.diary.urls")),
    path("", include("zhurnal.web.urls")),
    path("accounts/", include("zhurnal.accounts.urls")),
    path("accounts/", include("zhurnal.security.urls")),
    path("planning/", include("zhurnal.planning.urls")),
    path("messages/", include("zhurnal.messaging.urls")),
    path("notifications/", include("zhurnal.notifications.urls")),
    path("community/", include("zhurnal.community.urls")),
    path("materials/", include("zhurnal.materials.urls")),
    path("extracurricular/", include("zhurnal.extracurricular.urls")),
    path("people/", include("zhurnal.people.urls")),
    path("reports/", include("zhurnal.reports.urls")),
    path("", include("zhurnal.archive.urls")),
    path("office/", include("zhurnal.office.urls")),
    path("directories/", include("zhurnal.directories.urls")),
    path("integrations/", include("zhurnal.integrations.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "zhurnal.core.http.page_not_found"
