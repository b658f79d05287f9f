from django.contrib.auth.hashers import Argon2PasswordHasher


class RedleafArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's recommended minimum (m=19 MiB, t=2, p=1): strong, yet cheap enough
    that a sign-up surge does not stall on hashing (Django's PBKDF2 default costs ~250 ms here)."""

    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19456
    parallelism = 1
