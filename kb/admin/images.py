"""Images writers upload, with the Markdown that shows one in an article (kb.images keeps the
files)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kb import images
from kb.models import Image


class ImageForm(forms.ModelForm):
    upload = forms.FileField(
        label=gettext_lazy("plik"),
        help_text=gettext_lazy("PNG, JPEG albo WebP; zrzuty ekranu najlepiej jako PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    class Meta:
        model = Image
        fields = ["alt"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["upload"]  # a stored file never changes: upload a new image instead

    def clean_upload(self) -> Any:
        upload = self.cleaned_data["upload"]
        self.inspected = images.inspect(upload)
        same = images.existing(self.inspected)
        if same is not None:
            raise forms.ValidationError(already_on_the_portal(same))
        return upload


def already_on_the_portal(image: Image) -> str:
    return _("Ten obraz już jest w portalu; wklej: %(markdown)s") % {"markdown": image.markdown}


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "alt", "markdown_code", "dimensions", "uploaded_at"]
    list_display_links = ["thumbnail", "alt"]
    search_fields = ["alt", "name"]
    readonly_fields = [
        "markdown_code",
        "thumbnail",
        "dimensions",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
        "used_in",
    ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["upload", "alt"]
        return ["alt", *self.readonly_fields]

    @admin.display(description=gettext_lazy("Markdown do wklejenia"))
    def markdown_code(self, obj: Image) -> str:
        return format_html('<code class="kb-image-markdown">{}</code>', obj.markdown)

    @admin.display(description=gettext_lazy("obraz"))
    def thumbnail(self, obj: Image) -> str:
        return format_html(
            '<img src="{}" alt="{}" width="160" class="kb-image-thumbnail">', obj.page_url, obj.alt
        )

    @admin.display(description=gettext_lazy("wymiary"))
    def dimensions(self, obj: Image) -> str:
        size = f"{obj.width} x {obj.height}"
        if obj.page_name == obj.name:
            return size
        page = f"{obj.page_width} x {obj.page_height}"
        return _("%(size)s (na stronie %(page)s)") % {"size": size, "page": page}

    @admin.display(description=gettext_lazy("używają go wersje"))
    def used_in(self, obj: Image) -> str:
        return ", ".join(str(revision) for revision in images.revisions_using(obj)) or "—"

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        try:
            return super().add_view(request, form_url, extra_context)
        except images.AlreadyStored as exc:
            # The same upload at the same moment got in first (the form's check saw nothing);
            # the add has been rolled back, and the writer gets the image that was stored.
            self.message_user(request, already_on_the_portal(exc.image), messages.WARNING)
            return HttpResponseRedirect(reverse("admin:kb_image_change", args=[exc.image.pk]))

    def save_model(self, request: HttpRequest, obj: Image, form: Any, change: bool) -> None:
        if change:
            obj.save()
        else:
            images.store(obj, form.inspected, request.user)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        # Revisions that refer to an image are listed as what protects it, so Django's own
        # delete page (and the bulk action) refuses with the list instead of deleting.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            protected += [
                format_html(
                    '{}: <a href="{}">{}</a>',
                    image.alt,
                    reverse("admin:kb_article_change", args=[revision.article_id]),
                    revision,
                )
                for revision in images.revisions_using(image)
            ]
        return deleted, counts, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: Image) -> None:
        images.delete_image(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Image]) -> None:
        for image in queryset:
            images.delete_image(image)
