from django.urls import path, re_path

from zhurnal.people import views

app_name = "people"

urlpatterns = [
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/<int:staff_id>/", views.staff_detail, name="staff_detail"),
    re_path(
        r"^(?P<kind>staff|students|guardians)/(?P<pk>[0-9]+)/credentials/$",
        views.card_credentials,
        name="card_credentials",
    ),
    path("classes/<int:class_id>/credentials/", views.class_credentials, name="class_credentials"),
    path("credentials/", views.credential_issues, name="credential_issues"),
    path("accounts/<int:user_id>/block/", views.account_block_view, name="account_block"),
    path("accounts/<int:user_id>/unblock/", views.account_unblock_view, name="account_unblock"),
]
