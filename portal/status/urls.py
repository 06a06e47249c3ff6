from django.urls import path

from portal.status import views
from portal.status.feeds import LatarniaFeed

app_name = "status"
urlpatterns = [
    path("stan-ksef/", views.page, name="page"),
    path("api/v1/ksef-status/", views.api, name="api"),
    path("stan-ksef/komunikaty.atom", LatarniaFeed(), name="feed"),
]
