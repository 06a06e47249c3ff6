from django.urls import path

from portal.status import views

app_name = "status"
urlpatterns = [
    path("stan-ksef/", views.page, name="page"),
    path("api/v1/ksef-status/", views.api, name="api"),
]
