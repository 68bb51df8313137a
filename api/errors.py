"""One error shape for every failure of the API: {"code", "message" (Vietnamese), "field", "errors"}.

`errors` lists every problem in the same shape (a form with three wrong fields gives three); the
top-level code, message and field are the first of them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response

MESSAGES = {
    "not_authenticated": lambda: _("Cần đăng nhập hoặc gửi mã API (tiêu đề Authorization: Token <mã>)."),
    "authentication_failed": lambda: _("Mã API không hợp lệ."),
    "permission_denied": lambda: _("Bạn chỉ có quyền xem, không được thay đổi dữ liệu này."),
    "not_found": lambda: _("Không tìm thấy dữ liệu (hoặc dữ liệu nằm ngoài phạm vi của bạn)."),
    "method_not_allowed": lambda: _("Phương thức không được hỗ trợ ở địa chỉ này."),
    "not_acceptable": lambda: _("Không trả được dữ liệu theo định dạng yêu cầu."),
    "unsupported_media_type": lambda: _("Định dạng nội dung gửi lên không được hỗ trợ (dùng application/json)."),
    "parse_error": lambda: _("Nội dung gửi lên không phải JSON hợp lệ."),
    "throttled": lambda: _("Quá nhiều yêu cầu; vui lòng thử lại sau."),
    "too_large": lambda: _("Nội dung gửi lên quá lớn."),
}

# DRF's own messages for a field, in Vietnamese (its catalogue has no Vietnamese).
FIELD_MESSAGES = {
    "required": lambda: _("Trường này là bắt buộc."),
    "null": lambda: _("Trường này không được để trống."),
    "blank": lambda: _("Trường này không được để trống."),
    "invalid": lambda: _("Giá trị không hợp lệ."),
    "max_value": lambda: _("Giá trị vượt quá mức cho phép."),
    "min_value": lambda: _("Giá trị nhỏ hơn mức cho phép."),
    "max_string_length": lambda: _("Giá trị vượt quá mức cho phép."),
    "max_length": lambda: _("Nội dung quá dài."),
    "min_length": lambda: _("Nội dung quá ngắn."),
    "not_a_list": lambda: _("Cần một danh sách."),
    "not_a_dict": lambda: _("Cần một đối tượng JSON."),
    "empty": lambda: _("Danh sách không được để trống."),
    "invalid_choice": lambda: _("Giá trị không nằm trong các lựa chọn cho phép."),
    "max_digits": lambda: _("Số có quá nhiều chữ số."),
    "max_decimal_places": lambda: _("Số có quá nhiều chữ số thập phân."),
    "max_whole_digits": lambda: _("Số có quá nhiều chữ số."),
    "does_not_exist": lambda: _("Không tìm thấy đối tượng được chỉ định."),
    "incorrect_type": lambda: _("Kiểu dữ liệu không đúng."),
    "unknown_field": lambda: _("Trường không được hỗ trợ."),
    "date": lambda: _("Ngày không hợp lệ (dạng YYYY-MM-DD)."),
    "non_field_errors": lambda: _("Dữ liệu không hợp lệ."),
}


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = "too_large"


def error(code: str, message: str, field: str | None = None) -> dict:
    return {"code": code, "message": str(message), "field": field}


def body(errors: list[dict]) -> dict:
    first = errors[0] if errors else error("error", _("Có lỗi xảy ra."))
    return {**first, "errors": errors}


def _field_errors(detail, field: str | None = None) -> list[dict]:
    """Flatten DRF's nested detail into [{code, message, field}], fields joined with dots."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            if isinstance(key, int):  # a list serializer's errors, by index
                name = f"{field}[{key}]" if field else f"[{key}]"
            else:
                name = None if key in ("non_field_errors", "__all__") else (f"{field}.{key}" if field else str(key))
            out += _field_errors(value, name if name is not None else field)
        return out
    if isinstance(detail, list):
        out = []
        for index, value in enumerate(detail):
            nested = isinstance(value, (dict, list))
            out += _field_errors(value, f"{field}[{index}]" if nested and field else
                                 (f"[{index}]" if nested else field))
        return out
    code = getattr(detail, "code", None) or "invalid"
    message = str(detail)
    if not _is_vietnamese(message):
        message = FIELD_MESSAGES.get(code, FIELD_MESSAGES["invalid"])()
    return [error(code, message, field)]


def _is_vietnamese(message: str) -> bool:
    """Our own messages are Vietnamese; DRF's English ones are replaced by the catalogue above."""
    return any(ord(ch) > 127 for ch in message)


def django_validation_errors(exc: DjangoValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [error(e.code or "invalid", m, field) for field, errs in exc.error_dict.items()
                for e in errs for m in e.messages]
    return [error(e.code or "invalid", m) for e in exc.error_list for m in e.messages]


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):  # Django refuses a body past DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = PayloadTooLarge()
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError("parse_error")
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        return Response(body(django_validation_errors(exc)), status=status.HTTP_400_BAD_REQUEST)
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: Django's 500 page and the error log
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
    else:
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
        message = str(exc.detail)
        if not _is_vietnamese(message):
            message = MESSAGES.get(code, MESSAGES.get(exc.default_code, lambda: message))()
        errors = [error(code, message)]
    return Response(body(errors), status=exc.status_code, headers=headers)
