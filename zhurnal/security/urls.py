from django.urls import path

from zhurnal.security import views

app_name = "security"

# Mounted under /accounts/ beside the accounts app's sign-in pages (zhurnal/urls.py).
urlpatterns = [
    path("login/code/", views.login_code, name="login_code"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/enrol/", views.two_factor_enrol, name="two_factor_enrol"),
    path("two-factor/recovery-codes/", views.two_factor_recovery_codes, name="two_factor_recovery_codes"),
    path("two-factor/remove/", views.two_factor_remove, name="two_factor_remove"),
    path("security-log/", views.security_log_page, name="log"),
    path("security-log/export/", views.security_log_export, name="log_export"),
]
