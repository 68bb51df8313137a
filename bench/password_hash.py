"""Cost of one login's password check with each hasher the portal has used (issue 16).

    .venv/bin/python bench/password_hash.py [--rounds 15]

Prints the median and p95 of `check_password` per hasher, and what a storm of 300 logins in one
minute costs in CPU-seconds with the portal's hasher (ntm_portal/hashers.py).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings.local")

import django

django.setup()

from django.contrib.auth.hashers import (  # noqa: E402
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
    check_password,
)

from ntm_portal.hashers import PortalArgon2PasswordHasher  # noqa: E402

HASHERS = [
    ("PBKDF2-SHA256, 1.000.000 vòng (mặc định Django 5.2)", PBKDF2PasswordHasher()),
    ("Argon2id mặc định Django (100 MiB, 2 lượt, 8 luồng)", Argon2PasswordHasher()),
    ("Argon2id của cổng (19 MiB, 2 lượt, 1 luồng)", PortalArgon2PasswordHasher()),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    password = "ntm@2026"
    print(f"{'hasher':<55} {'median':>9} {'p95':>9}")
    portal_median = None
    for label, hasher in HASHERS:
        encoded = hasher.encode(password, hasher.salt())
        times = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            assert check_password(password, encoded)
            times.append(time.perf_counter() - start)
        times.sort()
        median = statistics.median(times)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"{label:<55} {median * 1000:>7.1f} ms {p95 * 1000:>7.1f} ms")
        if isinstance(hasher, PortalArgon2PasswordHasher):
            portal_median = median
    print(f"300 lần đăng nhập trong 1 phút: {300 * portal_median:.1f} giây CPU (trên 120 giây CPU của 2 lõi).")


if __name__ == "__main__":
    main()
