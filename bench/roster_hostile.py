"""Measure the roster reader on hostile files (issue 12 B): a zip bomb (300 MB unpacked), one just
under the unpacked-size limit (7 MB of repeated rows), and a good roster with a stray last column.

    DJANGO_SETTINGS_MODULE=ntm_portal.settings.test .venv/bin/python bench/roster_hostile.py bomb|stray|bomb-under-limit

Prints wall time and the peak memory Python allocated (tracemalloc) while reading; run it under
`/usr/bin/time -v` for the process's maximum resident set size.
"""

import sys
import time
import tracemalloc
from types import SimpleNamespace

import django


def main(kind: str) -> None:
    django.setup()
    from campaigns.services import roster_import
    from tests.campaigns.roster_files import stray_last_column, zip_bomb

    data = {"bomb": zip_bomb, "stray": stray_last_column, "bomb-under-limit": lambda: zip_bomb(7)}[kind]()
    # No database: the reader refuses or checks rows before it looks anybody up.
    roster_import._match_people = lambda rows, agency: None
    roster_import.conflicts_for = lambda **kwargs: {}
    roster_import.Roster.objects.filter = lambda **kwargs: SimpleNamespace(first=lambda: None)
    tracemalloc.start()
    started = time.perf_counter()
    result = roster_import.roster_file_read(data=data, filename="ds.xlsx", agency=None, commune=None, action_day=None)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    print(f"{kind}: {len(data) / 1024:.0f} KB file, {elapsed:.2f} s, peak {peak / 2**20:.1f} MiB (tracemalloc); "
          f"ok={result.ok}, rows={len(result.rows)}, errors={result.errors[:2]}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bomb")
