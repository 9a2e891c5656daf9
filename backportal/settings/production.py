"""Production: refuses to start without SECRET_KEY; HTTPS-only cookies and HSTS."""

from .base import *  # noqa: F403
from .base import DEBUG, SECRET_KEY, env, mailer_from_url, require_secret_key

require_secret_key(SECRET_KEY, DEBUG)

# TLS terminates at the proxy/load balancer, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Health checks (container HEALTHCHECK, load balancers) ask over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
# Pages and fragments are cached when the cache is shared by all workers
# (Redis via CACHE_URL): a per-process cache would miss invalidations.
SHARED_CACHE = "locmem" not in CACHES["default"]["BACKEND"]  # noqa: F405
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300 if SHARED_CACHE else 0)
FRAGMENT_CACHE_SECONDS = env.int(
    "FRAGMENT_CACHE_SECONDS", default=300 if SHARED_CACHE else 0
)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Real mail delivery (reviewer notifications, password resets); the local MTA by default.
MAILERS = {
    "default": mailer_from_url(env.str("EMAIL_URL", default="smtp://localhost:25"))
}
