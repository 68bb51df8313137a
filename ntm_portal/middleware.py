"""Requests the portal refuses before any view or query sees them."""

from __future__ import annotations

from django.core.exceptions import BadRequest


class RefuseNulBytesMiddleware:
    """400 for a NUL byte in the path, a query parameter or a form field (name or value).

    PostgreSQL cannot store or compare text holding NUL, so such a value would reach the database
    as a 500; no form of the portal has a use for it. A multipart body (file uploads) is not parsed
    here, so views keep control of its upload handlers; its text fields go through Django form
    fields, which refuse NUL themselves (ProhibitNullCharactersValidator).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET):
            raise BadRequest("NUL byte in the request")
        if request.content_type == "application/x-www-form-urlencoded" and _has_nul(request.POST):
            raise BadRequest("NUL byte in the form")
        return self.get_response(request)


def _has_nul(query) -> bool:
    for key, values in query.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return True
    return False
