from django.urls import path

from zhurnal.materials.views import materials, portfolios, resources

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
    path("portfolios/", portfolios.index, name="portfolios"),
    path("portfolios/showcase/", portfolios.showcase, name="showcase"),
    path("portfolios/pupil/<int:student_id>/", portfolios.pupil, name="pupil_portfolio"),
    path("portfolios/pupil/<int:student_id>/add/", portfolios.pupil_entry_add, name="pupil_entry_add"),
    path("portfolios/teacher/<int:staff_id>/", portfolios.teacher, name="teacher_portfolio"),
    path("portfolios/teacher/<int:staff_id>/add/", portfolios.teacher_entry_add, name="teacher_entry_add"),
    path("portfolios/projects/new/", portfolios.project_create, name="project_create"),
    path("portfolios/projects/<int:project_id>/", portfolios.project, name="project"),
    path("portfolios/projects/<int:project_id>/add/", portfolios.project_entry_add, name="project_entry_add"),
    path("portfolios/entries/<int:entry_id>/publish/", portfolios.entry_publish, name="entry_publish"),
    path("portfolios/entries/<int:entry_id>/unpublish/", portfolios.entry_unpublish, name="entry_unpublish"),
    path("portfolios/entries/<int:entry_id>/delete/", portfolios.entry_delete, name="entry_delete"),
    path("portfolios/files/<int:file_id>/", portfolios.file_download, name="portfolio_file"),
    path("classes/", resources.resource_index, name="resource_index"),
    path("classes/<int:class_id>/resources/", resources.class_resources, name="class_resources"),
    path("classes/<int:class_id>/resources/add/", resources.class_resource_add, name="class_resource_add"),
    path(
        "resources/<int:resource_id>/delete/", resources.class_resource_delete, name="class_resource_delete"
    ),
    path("resources/<int:resource_id>/file/", resources.resource_file, name="resource_file"),
    path("documents/", resources.documents, name="documents"),
    path("documents/add/", resources.document_add, name="document_add"),
    path("documents/<int:document_id>/delete/", resources.document_delete, name="document_delete"),
    path("documents/<int:document_id>/file/", resources.document_file, name="document_file"),
]
