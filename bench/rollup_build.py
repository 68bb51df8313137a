"""Benchmark: build the Monday roll-up (data + PDF + XLSX) beside WeasyPrint alone on the same HTML.

Run bench/generate.py first (same database settings). Usage:

    .venv/bin/python bench/rollup_build.py [--repeat 3] [--all-districts]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ntm_bench_national \
        .venv/bin/python bench/rollup_build.py --province N01 --data-only    # the data step, province by province

For the last action day of each district (Di Linh only unless --all-districts) it measures:
- data: build_weekly_rollup (and the number of SQL queries it makes),
- pdf: rollup_pdf (template + WeasyPrint), xlsx: rollup_xlsx,
- total = data + pdf + xlsx, and WeasyPrint alone: HTML(string=<the same HTML>).write_pdf(),
- the ratio total / WeasyPrint alone, and peak Python memory of one total build under tracemalloc
  (a separate run: tracing slows the code down).
With --data-only only the data step is timed (and its peak memory); --province takes the districts
of one province.
Times are the median of --repeat runs, wall clock, without tracing.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import sys
import time
import tracemalloc

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DB = ROOT / "var" / "bench-rollup.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings.test")
os.environ["DATABASE_URL"] = (os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
                              or f"sqlite:///{DEFAULT_DB}")


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - started, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--all-districts", action="store_true")
    parser.add_argument("--province", help="the districts of this province (code, e.g. N01 at national scale)")
    parser.add_argument("--data-only", action="store_true", help="time build_weekly_rollup alone")
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from campaigns.models import ActionDay, Programme
    from reporting.rollup import build_weekly_rollup
    from reporting.rollup_pdf import rollup_html, rollup_pdf
    from reporting.rollup_xlsx import rollup_xlsx

    programmes = Programme.objects.select_related("owner").order_by("owner__code")
    if args.province:
        programmes = programmes.filter(owner__parent__code=args.province)
    elif not args.all_districts:
        programmes = programmes.filter(owner__code="679")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; "
          f"{ActionDay.objects.count():,} action days in {Programme.objects.count()} programmes")
    if args.data_only:
        data_step(programmes, args.repeat)
        return
    HTML(string="<p>warm-up</p>").write_pdf()  # load Pango and fonts once, outside the timings
    rows = []
    for programme in programmes:
        day = programme.action_days.order_by("-date").first()
        district = programme.owner
        runs = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                t_data, data = timed(build_weekly_rollup, district=district, action_day=day)
            t_pdf, pdf = timed(rollup_pdf, data)
            t_xlsx, xlsx = timed(rollup_xlsx, data)
            html = rollup_html(data)
            t_weasy, _pdf = timed(HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf,
                                  font_config=FontConfiguration())
            runs.append((t_data, t_pdf, t_xlsx, t_weasy, len(queries)))
        med = [statistics.median(r[i] for r in runs) for i in range(5)]
        total = med[0] + med[1] + med[2]
        tracemalloc.start()
        data = build_weekly_rollup(district=district, action_day=day)
        rollup_pdf(data)
        rollup_xlsx(data)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        tracemalloc.start()
        HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=FontConfiguration())
        _current, peak_weasy = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows.append((district.code, day.date, med, total, peak, peak_weasy, len(pdf), len(xlsx)))
        print(f"{district.code} {day.date:%d/%m/%Y}: data {med[0]:.2f} s ({int(med[4])} queries), "
              f"pdf {med[1]:.2f} s, xlsx {med[2]:.2f} s, total {total:.2f} s; WeasyPrint alone {med[3]:.2f} s; "
              f"ratio {total / med[3]:.2f}x; peak memory {peak / 2**20:.1f} MiB "
              f"(WeasyPrint alone {peak_weasy / 2**20:.1f} MiB); PDF {len(pdf) / 1024:.0f} KiB, "
              f"XLSX {len(xlsx) / 1024:.0f} KiB", flush=True)
    if len(rows) > 1:
        total = sum(r[3] for r in rows)
        weasy = sum(r[2][3] for r in rows)
        print(f"all {len(rows)} districts: total {total:.1f} s, WeasyPrint alone {weasy:.1f} s, "
              f"ratio {total / weasy:.2f}x, largest peak {max(r[4] for r in rows) / 2**20:.1f} MiB")


def data_step(programmes, repeat: int) -> None:
    """build_weekly_rollup alone for each programme's last action day that has come (the Monday roll-up's):
    median time, queries, peak memory."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from reporting.rollup import build_weekly_rollup

    total, peaks = 0.0, []
    for programme in programmes:
        day = (programme.action_days.filter(date__lte=timezone.localdate()).exclude(status="cancelled")
               .order_by("-date").first())
        district = programme.owner
        runs = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                t_data, data = timed(build_weekly_rollup, district=district, action_day=day)
            runs.append(t_data)
        tracemalloc.start()
        build_weekly_rollup(district=district, action_day=day)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        med = statistics.median(runs)
        total += med
        peaks.append(peak)
        print(f"{district.code} {day.date:%d/%m/%Y}: {len(data.communes)} communes, data {med:.2f} s "
              f"(min {min(runs):.2f}, max {max(runs):.2f}), {len(queries)} queries, peak memory {peak / 2**20:.1f} MiB",
              flush=True)
    print(f"all {len(peaks)} districts: data {total:.1f} s, largest peak {max(peaks, default=0) / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
