"""What the admins of the site's own records share."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.options import BaseModelAdmin
from django.http import HttpRequest


class ReadOnlyAdmin(BaseModelAdmin):
    """For records the site writes itself: shown, never added or edited by hand, so history and
    counts stay true; deleted only where the admin sets ``deletable``."""

    deletable = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.deletable and super().has_delete_permission(request, obj)
