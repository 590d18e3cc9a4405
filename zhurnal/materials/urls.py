from django.urls import path

from zhurnal.materials.views import materials

app_name = "materials"

urlpatterns = [
    path("", materials.library, name="library"),
    path("shared/", materials.shared, name="shared"),
    path("new/", materials.create, name="create"),
    path("<int:material_id>/", materials.detail, name="detail"),
    path("<int:material_id>/edit/", materials.edit, name="edit"),
    path("<int:material_id>/delete/", materials.delete, name="delete"),
    path("<int:material_id>/attach/", materials.attach, name="attach"),
    path("<int:material_id>/detach/<int:lesson_id>/", materials.detach, name="detach"),
    path("files/<int:file_id>/", materials.file_download, name="file"),
]
