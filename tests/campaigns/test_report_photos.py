"""Report photos: refused from the header over the pixel budget (no decompression bomb), HEIC accepted,
kept across an error elsewhere on the page, and never a 500 whatever bytes arrive."""

import io
import struct
import subprocess
import sys
import time
import zlib

import pillow_heif
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFile

from campaigns.models import ReportPhoto, VillageResult
from campaigns.services.photos import PHOTO_MAX_PIXELS, photo_prepare
from tests.campaigns.day_report_fixtures import jpeg_upload, report_post

pytestmark = pytest.mark.django_db


def bomb_png(width=10_000, height=10_000) -> bytes:
    """A 1-bit PNG of width × height, all black: about 12 KB on disk, 100 MP once decoded."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header announces width × height (the pixel data is one empty row)."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b""))


def edit_url(commune, day):
    return reverse("campaigns:day_report_edit", args=[commune.pk, day.pk])


class TestPixelBudget:
    def test_a_12_kb_png_of_10000_by_10000_is_refused_without_decoding(self, monkeypatch):
        data = bomb_png()
        assert len(data) < 20_000
        decoded = []
        monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append(self) or None)
        started = time.perf_counter()
        with pytest.raises(ValidationError, match="vượt mức tối đa 40 triệu điểm ảnh") as exc:
            photo_prepare(SimpleUploadedFile("bom.png", data, "image/png"))
        assert exc.value.code == "photo_pixels"
        assert decoded == []  # refused from the header alone
        assert time.perf_counter() - started < 0.5

    def test_five_bombs_stay_within_a_small_memory_budget(self, tmp_path):
        # Measured in a fresh process: before the fix five bombs grew it by ~800 MB (ru_maxrss 907 MB).
        path = tmp_path / "bom.png"
        path.write_bytes(bomb_png())
        script = (
            "import os, resource, django; os.environ['DJANGO_SETTINGS_MODULE']='ntm_portal.settings.test'; "
            "django.setup(); from django.core.files.uploadedfile import SimpleUploadedFile; "
            "from campaigns.services.photos import photo_prepare; "
            f"data=open({str(path)!r},'rb').read(); before=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "for i in range(5):\n"
            "    try: photo_prepare(SimpleUploadedFile('b.png', data, 'image/png'))\n"
            "    except Exception as exc: assert exc.code == 'photo_pixels'\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)"
        )
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                             cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]))
        grown_kb = int(out.stdout.strip().splitlines()[-1])
        assert grown_kb < 20_000, grown_kb

    @pytest.mark.parametrize("weasyprint_loaded", [False, True])
    def test_a_header_just_over_the_budget_is_refused_and_one_under_is_not_for_pixels(self, weasyprint_loaded):
        if weasyprint_loaded:  # WeasyPrint makes Pillow pad truncated images process-wide when imported
            import weasyprint  # noqa: F401
            from PIL import ImageFile

            assert ImageFile.LOAD_TRUNCATED_IMAGES is True
        side = int(PHOTO_MAX_PIXELS ** 0.5)
        with pytest.raises(ValidationError) as over:
            photo_prepare(SimpleUploadedFile("a.png", png_header_only(side + 1, side + 1), "image/png"))
        assert over.value.code == "photo_pixels"
        with pytest.raises(ValidationError) as under:  # within the budget, but the pixel data is truncated
            photo_prepare(SimpleUploadedFile("b.png", png_header_only(side - 1, side - 1), "image/png"))
        assert under.value.code == "photo_type"

    def test_a_big_jpeg_is_decoded_at_reduced_scale_and_stored_at_1600(self):
        prepared = photo_prepare(jpeg_upload("lon.jpg", size=(4000, 3000)))
        with Image.open(prepared.image) as img:
            assert img.size == (1600, 1200) and img.format == "JPEG"
        with Image.open(prepared.thumbnail) as thumb:
            assert max(thumb.size) == 480

    def test_an_iphone_heic_photo_is_accepted_and_stored_as_jpeg(self):
        buffer = io.BytesIO()
        pillow_heif.from_pillow(Image.new("RGB", (2000, 1500), (200, 30, 30))).save(buffer, quality=60)
        prepared = photo_prepare(SimpleUploadedFile("IMG_0001.HEIC", buffer.getvalue(), "image/heic"))
        with Image.open(prepared.image) as img:
            assert img.format == "JPEG" and img.size == (1600, 1200)
            assert img.getpixel((800, 600))[0] > 150  # the red survived the conversion


class TestPhotosOnThePage:
    def test_a_bomb_posted_with_the_report_is_refused_in_vietnamese_and_nothing_is_saved(
        self, login, commune_officer, hoa_ninh, action_day, villages, sunday
    ):
        data = report_post(villages, figures={villages[0]: {"residents": 10, "households": 5}})
        data[f"v{villages[0].pk}-photos"] = [SimpleUploadedFile(f"bom{i}.png", bomb_png(), "image/png")
                                             for i in range(5)]
        started = time.perf_counter()
        response = login(commune_officer).post(edit_url(hoa_ninh, action_day), data)
        assert time.perf_counter() - started < 3
        assert response.status_code == 200
        assert "vượt mức tối đa 40 triệu điểm ảnh" in response.content.decode()
        assert ReportPhoto.objects.count() == 0
        assert not VillageResult.objects.filter(residents=10).exists()  # the figures wait for a good post

    def test_a_photo_is_kept_when_another_field_has_an_error(
        self, login, commune_officer, hoa_ninh, action_day, villages, sunday
    ):
        v1, v2 = villages[0], villages[1]
        data = report_post(villages, figures={v2: {"residents": "-3"}})
        data[f"v{v1.pk}-photos"] = [jpeg_upload("a.jpg", size=(800, 600))]
        response = login(commune_officer).post(edit_url(hoa_ninh, action_day), data)
        html = response.content.decode()
        assert "Không được nhập số âm" in html
        photo = ReportPhoto.objects.get()
        assert photo.village_result.village == v1
        assert reverse("campaigns:report_photo_thumb", args=[photo.pk]) in html  # shown on the page again


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def random_image(draw_size, mode, fmt) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, draw_size).save(buffer, format=fmt)
    return buffer.getvalue()


images = st.builds(
    random_image,
    st.tuples(st.integers(1, 64), st.integers(1, 64)),
    st.sampled_from(["RGB", "L", "1", "P", "RGBA"]),
    st.sampled_from(["PNG", "GIF", "BMP", "TIFF", "WEBP"]),
)


@SETTINGS
@given(payload=st.one_of(
    st.binary(max_size=3000),
    images.map(lambda b: b[: len(b) // 2]),  # truncated images
    st.builds(png_header_only, st.integers(1, 100_000), st.integers(1, 100_000)),
    st.tuples(images, st.binary(min_size=1, max_size=40), st.integers(0, 200)).map(
        lambda t: t[0][: t[2]] + t[1] + t[0][t[2] + len(t[1]):]),  # images with bytes overwritten
))
def test_random_uploads_never_crash_and_refusals_save_nothing(
    login, commune_officer, hoa_ninh, action_day, villages, payload
):
    client = login(commune_officer)
    before = ReportPhoto.objects.count()
    data = report_post(villages)
    data[f"v{villages[0].pk}-photos"] = [SimpleUploadedFile("x.jpg", payload, "image/jpeg")]
    started = time.perf_counter()
    response = client.post(edit_url(hoa_ninh, action_day), data)
    assert time.perf_counter() - started < 3
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # refused: a Vietnamese reason and nothing stored
        assert ReportPhoto.objects.count() == before
        html = response.content.decode()
        assert "không phải là ảnh hợp lệ" in html or "chỉ nhận JPEG" in html or "điểm ảnh" in html
    ReportPhoto.objects.all().delete()
