from django.urls import path

from zhurnal.office import views

app_name = "office"

urlpatterns = [
    path("orders/", views.orders, name="orders"),
    path("orders/register/", views.orders_register, name="orders_register"),
    path("orders/<int:order_id>/", views.order, name="order"),
    path("orders/files/<int:file_id>/", views.order_file, name="order_file"),
    path("movements/", views.movements, name="movements"),
    path("movements/promotion/", views.promotion, name="promotion"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:application_id>/", views.application, name="application"),
    path("alphabet/", views.alphabet, name="alphabet"),
    path("classes/", views.classes, name="classes"),
    path("classes/<int:class_id>/subgroups/", views.subgroups, name="subgroups"),
    path("pupils/<int:student_id>/file/", views.personal_file, name="personal_file"),
    path("documents/<int:document_id>/", views.document, name="document"),
]
