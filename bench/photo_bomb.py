"""Benchmark: a decompression bomb at the photo check (issue 12, A4).

A 1-bit PNG of 10000 × 10000 pixels is about 12 KB on disk and 100 MP (≥ 100 MB, up to 400 MB in RGBA)
once decoded. The script feeds five of them to `photo_prepare` — what one day-report POST with five
photos does — in this process, and prints the wall time and the growth of the process's peak memory
(ru_maxrss: Pillow decodes in C, which tracemalloc does not see). Usage:

    .venv/bin/python bench/photo_bomb.py
"""

from __future__ import annotations

import io
import os
import pathlib
import resource
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings.test")


def main() -> None:
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from campaigns.services.photos import photo_prepare

    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, format="PNG", optimize=True)
    data = buffer.getvalue()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    outcomes = []
    for i in range(5):
        try:
            photo_prepare(SimpleUploadedFile(f"bom-{i}.png", data, "image/png"))
            outcomes.append("accepted")
        except ValidationError as exc:
            outcomes.append(f"refused ({exc.code})")
    elapsed = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(f"bomb: {len(data) / 1024:.1f} KB PNG, 10000 × 10000, 1 bit")
    print(f"5 bombs: {', '.join(outcomes)}")
    print(f"time: {elapsed:.3f} s, peak memory growth: {grown:.1f} MB")


if __name__ == "__main__":
    main()
