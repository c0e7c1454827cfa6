from django.urls import path

from . import views

app_name = "i18n"

urlpatterns = [
    path("language/", views.language_set, name="language-set"),
    path("accounts/language/", views.account_language, name="account-language"),
]
