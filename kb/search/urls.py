from django.urls import path

from kb.search import views

app_name = "search"
urlpatterns = [
    path("szukaj/", views.results, name="results"),
    path("szukaj/podpowiedzi/", views.suggest, name="suggest"),
]
