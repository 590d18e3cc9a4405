from django.urls import path

from zhurnal.planning import views

app_name = "planning"

urlpatterns = [
    path("", views.index, name="index"),
    path("review/", views.review, name="review"),
    path("template/<str:fmt>/", views.template, name="template"),
    path("<int:assignment_id>/", views.plan, name="plan"),
    path("<int:assignment_id>/items/add/", views.item_add, name="item_add"),
    path("<int:assignment_id>/reorder/", views.reorder, name="reorder"),
    path("<int:assignment_id>/import/", views.plan_import, name="import"),
    path("<int:assignment_id>/copy/", views.plan_copy, name="copy"),
    path("<int:assignment_id>/submit/", views.plan_submit, name="submit"),
    path("<int:assignment_id>/decide/", views.plan_decide, name="decide"),
    path("items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:item_id>/<str:action>/", views.item_action, name="item_action"),
]
