from django.urls import path, re_path

from zhurnal.archive import views

app_name = "archive"

urlpatterns = [
    path("archive/", views.archive_list, name="list"),
    path("archive/print/", views.print_page, name="print"),
    path("archive/print/<int:stamp_id>/", views.print_status, name="print_status"),
    path("archive/print/<int:stamp_id>/file/", views.print_file, name="print_file"),
    path("archive/retention/", views.retention, name="retention"),
    path("archive/<int:document_id>/file/", views.document_file, name="document_file"),
    path("archive/<int:document_id>/destroy/", views.document_destroy, name="document_destroy"),
    # The address printed on every document, with or without a trailing slash (people type it).
    re_path(r"^verify/(?P<code>[0-9A-Za-z-]{1,24})/?$", views.verify, name="verify"),
]
