from django.urls import path

from kb import views
from kb.feeds import PublicationsFeed
from kb.sitemaps import sitemap

app_name = "kb"
urlpatterns = [
    path("", views.home, name="home"),
    path("kategoria/<slug:slug>/", views.category, name="category"),
    path("artykul/<slug:slug>/", views.article, name="article"),
    path("artykul/<slug:slug>/historia/", views.history, name="article_history"),
    path("artykul/<slug:slug>/wersja/<int:number>/", views.article_version, name="article_version"),
    path("artykul/<slug:slug>/opinia/", views.feedback, name="feedback"),
    path("zmiany.atom", PublicationsFeed(), name="feed"),
    path("sitemap.xml", sitemap, name="sitemap"),
]
