"""Report photos: check an upload is a real photo within a pixel budget, then make the stored sizes.

A photo is refused from its header alone (format, width × height) before any pixel is decoded, so
a 12 KB PNG announcing 10000 × 10000 pixels costs nothing. Accepted photos are decoded at reduced
scale where the format allows it (JPEG `draft`), shrunk in place and re-encoded as a JPEG without
EXIF; the caller handles them one at a time, so a whole day report holds at most one decoded photo.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import threading
import uuid
import warnings

import pillow_heif
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

pillow_heif.register_heif_opener()  # iPhone photos (HEIC/HEIF)

MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000  # 40 MP: every phone camera in use, far below a decompression bomb
PHOTO_MAX_SIDE = 1600
THUMB_MAX_SIDE = 480
PHOTO_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "HEIF"}
# Pillow itself only raises above 2 × MAX_IMAGE_PIXELS (and merely warns below); our own check in
# photo_prepare refuses anything over the budget before decoding.
Image.MAX_IMAGE_PIXELS = PHOTO_MAX_PIXELS


_truncated_lock = threading.Lock()


@contextlib.contextmanager
def _truncated_images_refused():
    """Decode with Pillow refusing truncated data. WeasyPrint sets the process-wide
    `ImageFile.LOAD_TRUNCATED_IMAGES = True` when it is imported (any PDF), after which Pillow pads a
    cut-off upload with grey instead of raising; a photo must be whole, so it is refused instead."""
    with _truncated_lock:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


@dataclasses.dataclass
class PreparedPhoto:
    image: ContentFile
    thumbnail: ContentFile
    original_name: str


def _jpeg(img: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def _not_a_photo(name: str) -> ValidationError:
    return ValidationError(_("Tệp “%(name)s” không phải là ảnh hợp lệ.") % {"name": name}, code="photo_type")


def _too_many_pixels(name: str, width: int | None = None, height: int | None = None) -> ValidationError:
    size = f"{width} × {height}" if width and height else _("quá nhiều")
    return ValidationError(
        _("Ảnh “%(name)s” có %(size)s điểm ảnh, vượt mức tối đa %(mp)s triệu điểm ảnh; hãy chụp hoặc "
          "lưu ảnh ở cỡ nhỏ hơn.") % {"name": name, "size": size, "mp": PHOTO_MAX_PIXELS // 1_000_000},
        code="photo_pixels")


def photo_prepare(upload) -> PreparedPhoto:
    """Check an upload is a real photo of acceptable size and make the stored sizes (no EXIF kept)."""
    name = (getattr(upload, "name", "") or "anh.jpg")[:200]
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("Ảnh “%(name)s” quá lớn (%(mb).1f MB); tối đa 10 MB.") % {
            "name": name, "mb": upload.size / 1024 / 1024}, code="photo_size")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(upload)  # reads the header only
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(name) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise _not_a_photo(name) from None
    with img:
        fmt = img.format
        if fmt not in PHOTO_FORMATS:
            raise ValidationError(_("Ảnh “%(name)s” có định dạng %(fmt)s; chỉ nhận JPEG, PNG, WEBP, HEIC.") % {
                "name": name, "fmt": fmt}, code="photo_type")
        width, height = img.size
        if width < 1 or height < 1 or width * height > PHOTO_MAX_PIXELS:
            raise _too_many_pixels(name, width, height)
        try:
            img.draft("RGB", (PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))  # JPEG: decode at 1/2, 1/4 or 1/8 scale
            with _truncated_images_refused():
                img.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
            photo = ImageOps.exif_transpose(img).convert("RGB")
        except (OSError, SyntaxError, ValueError, EOFError, TypeError, IndexError, KeyError,
                Image.DecompressionBombError):
            raise _not_a_photo(name) from None
    image_bytes = _jpeg(photo, 80)
    photo.thumbnail((THUMB_MAX_SIDE, THUMB_MAX_SIDE), Image.Resampling.LANCZOS)
    stem = uuid.uuid4().hex
    return PreparedPhoto(
        image=ContentFile(image_bytes, name=f"{stem}.jpg"),
        thumbnail=ContentFile(_jpeg(photo, 70), name=f"{stem}-nho.jpg"),
        original_name=name,
    )
