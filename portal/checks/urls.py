from django.urls import path

from portal.checks import views

app_name = "checks"
urlpatterns = [
    path("sprawdz-sesje/", views.new, name="new"),
    path("sprawdz-sesje/<slug:public_id>/", views.detail, name="detail"),
]
