from django.urls import path

from zhurnal.community import views

app_name = "community"

urlpatterns = [
    path("forum/", views.forum, name="forum"),
    path("forum/settings/", views.forum_settings, name="forum_settings"),
    path("forum/<int:section_id>/", views.section, name="section"),
    path("forum/<int:section_id>/new/", views.topic_create, name="topic_create"),
    path("forum/topic/<int:topic_id>/", views.topic, name="topic"),
    path("forum/topic/<int:topic_id>/reply/", views.post_create, name="post_create"),
    path("forum/topic/<int:topic_id>/lock/", views.topic_lock, name="topic_lock"),
    path("forum/topic/<int:topic_id>/unlock/", views.topic_unlock, name="topic_unlock"),
    path("forum/topic/<int:topic_id>/delete/", views.topic_delete, name="topic_delete"),
    path("forum/post/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("forum/post/<int:post_id>/hide/", views.post_hide, name="post_hide"),
    path("forum/post/<int:post_id>/unhide/", views.post_unhide, name="post_unhide"),
    path("class/<int:class_id>/events/", views.class_events, name="class_events"),
    path("class/<int:class_id>/events/<int:event_id>/edit/", views.class_event_edit, name="class_event_edit"),
    path(
        "class/<int:class_id>/events/<int:event_id>/delete/",
        views.class_event_delete,
        name="class_event_delete",
    ),
]
