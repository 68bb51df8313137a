"""Password hashing: Argon2id with parameters measured for the portal's machine.

Django's default Argon2 parameters (100 MiB, 8 lanes) cost ~130 ms per login on two cores and
PBKDF2 (1,000,000 rounds) ~250 ms. OWASP's baseline for Argon2id — 19 MiB, 2 passes, 1 lane — costs
~20 ms here (bench: `python bench/password_hash.py`), so a storm of 300 logins in one minute is
about 6 CPU-seconds. The algorithm name stays "argon2": Django re-hashes a stored password whose
parameters differ (or that is PBKDF2) the next time its owner logs in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
