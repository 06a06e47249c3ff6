from django.urls import path

from kb.errorlinks import views

app_name = "errorlinks"
urlpatterns = [
    path("pomoc/blad/", views.landing, name="landing"),
    path("blad/<slug:slug>/", views.code_page, name="code"),
    path("api/v1/help/", views.api, name="api"),
    path("pomoc/dla-integratorow/", views.docs, name="docs"),
]
