from django.urls import path

from zhurnal.messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.new, name="new"),
    path("<int:thread_id>/", views.thread, name="thread"),
    path("attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("class/<int:class_id>/", views.class_broadcast, name="class_broadcast"),
    path("announcements/", views.announcements, name="announcements"),
    path("announcements/new/", views.announcement_new, name="announcement_new"),
]
