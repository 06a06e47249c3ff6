from django.urls import path

from portal.checks import views

app_name = "checks"
urlpatterns = [
    path("sprawdz-sesje/", views.new, name="new"),
    path("sprawdz-sesje/podpis/", views.signed_new, name="signed_new"),
    path("sprawdz-sesje/<slug:public_id>/", views.detail, name="detail"),
    path(
        "sprawdz-sesje/<slug:public_id>/AuthTokenRequest.xml",
        views.signed_document,
        name="signed_document",
    ),
    path("sprawdz-sesje/<slug:public_id>/podpis/", views.signed_upload, name="signed_upload"),
]
