"""Settings shared by every environment; all values come from the environment.

Read through django-environ, with an optional `.env` file at the project root.
No secret lives here: `dev` and `test` supply throwaway keys, `production`
refuses to start without one.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")


def require_secret_key(secret_key: str, debug: bool) -> None:
    """Fail loudly, never fall back to a known key, when DEBUG is off."""
    if not secret_key and not debug:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the site needs a long random "
            "secret: set the SECRET_KEY environment variable (or put it in .env; "
            "see .env.example)."
        )


ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "backportal.core",
    "backportal.claims",
    "backportal.search",
    "articles",
    "products",
    "products.clicks",
    "products.revenue",
    "products.linkcheck",
    "products.offers",
    # The task queue's table and `manage.py db_worker` (django.tasks backend).
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Wagtail's PostgreSQL search index uses its SearchVectorField and GIN indexes.
    "django.contrib.postgres",
]

MIDDLEWARE = [
    # First: every response, a page-cache hit included, names its request.
    "backportal.core.request_log.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache, so cached pages carry X-Frame-Options too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy (Django's, report-only in the admin) and
    # Permissions-Policy; before the page cache, so cached pages carry them.
    "backportal.core.security.SecurityHeadersMiddleware",
    # Cache-Control for shared caches (CDN, Varnish): public for readers'
    # pages within their prices' freshness, private for everything personal.
    "backportal.core.cache_control.CacheControlMiddleware",
    # Anonymous page views from the cache (off unless PAGE_CACHE_SECONDS > 0);
    # a hit skips everything below.
    "backportal.core.page_cache.PageCacheMiddleware",
    # A lost database connection answers templates/503.html, not a 500.
    "backportal.core.middleware.DatabaseUnavailableMiddleware",
    # Public HTML without the templates' indentation (cached so, too).
    "backportal.core.indentation.StripIndentationMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Per-address limits on search, votes, clicks (settings.RATE_LIMITS).
    "backportal.core.guards.RateLimitMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "backportal.urls"
WSGI_APPLICATION = "backportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite is the embedded default for a first local run only; production and CI
# set DATABASE_URL=postgres://…  Connections persist between requests.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    ),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
# No health check (a SELECT 1 before each request's first query): a connection
# that went stale while idle (PostgreSQL restarted) fails on first use, and
# backportal.core.middleware re-runs a GET on a fresh connection instead.
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when PostgreSQL is unreachable: readers get the 503 page within
    # seconds instead of a worker hanging on connect.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=3)
    )
    # Many workers (gunicorn's threaded workers, several app servers): each
    # process keeps a psycopg pool of at most DB_POOL_MAX_SIZE connections,
    # shared by its threads, instead of one persistent connection per thread.
    # Size it so app servers × processes × DB_POOL_MAX_SIZE stays below
    # PostgreSQL's max_connections (README, Operations).
    if env.bool("DB_POOL", default=False):
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them instead
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": env.int("DB_POOL_MIN_SIZE", default=1),
            "max_size": env.int("DB_POOL_MAX_SIZE", default=4),
            "timeout": env.int("DB_POOL_TIMEOUT", default=10),
        }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The task worker and the dev server write to one SQLite file: WAL lets
    # readers go on while one writes, and a busy timeout waits for the lock
    # instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs (refresh of product data, Wagtail's reference index and image
# tasks) run on django.tasks with the database-backed queue of django-tasks-db;
# `manage.py db_worker` works them off. TASKS_BACKEND=immediate runs each task
# at once in the process that enqueues it (no worker needed).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env.str("TASKS_BACKEND", "database")]}}

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# The cache is an optimisation: with Redis down, slow or flushed every call is
# a miss (django-redis IGNORE_EXCEPTIONS) and the site renders uncached. Short
# socket timeouts keep a hanging Redis from holding a worker, and after a
# failure a process leaves Redis alone for CACHE_RETRY_SECONDS
# (backportal/core/cache_client.py); the failures are logged at most once a
# minute (backportal.core.logging.OncePerInterval).
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {
            "CLIENT_CLASS": "backportal.core.cache_client.CircuitBreakerClient",
            "RETRY_SECONDS": env.float("CACHE_RETRY_SECONDS", default=5),
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": env.float("CACHE_TIMEOUT_SECONDS", default=0.25),
            "SOCKET_TIMEOUT": env.float("CACHE_TIMEOUT_SECONDS", default=0.25),
        }
    )
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "backportal.cache"
# Whole-page cache for anonymous readers and page fragments for everyone else
# (backportal/core/page_cache.py, docs/caching.md): the longest an entry may
# live; 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=0)
# A shared cache in front of the site (Varnish, a CDN): readers' pages say
# `s-maxage` of at most CDN_MAX_AGE seconds (less when a price on them turns
# stale sooner), plus `stale-while-revalidate` within the same bound
# (backportal/core/cache_control.py). FRONTEND_CACHE_URL is where Wagtail's
# frontend cache sends HTTP PURGE (Varnish), e.g. http://127.0.0.1:6081.
CDN_MAX_AGE = env.int("CDN_MAX_AGE", default=60)
CDN_STALE_SECONDS = env.int("CDN_STALE_SECONDS", default=30)
FRONTEND_CACHE_URL = env.str("FRONTEND_CACHE_URL", default="")
if FRONTEND_CACHE_URL:
    # Its signal handlers purge a page as it is published; core/frontend_cache.py
    # purges again after the commit, with the listings and product pages.
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# German site: German UI, Berlin time, dates as "8. Dezember 2025".
LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["backportal.formats"]
# No message catalogue of our own: every text a reader or editor sees is
# written in German (docs/architecture.md, "Language"); Django and Wagtail
# bring their German catalogues.

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Several app servers share media (uploads and Wagtail's renditions) through an
# S3-compatible object store (django-storages). MEDIA_STORAGE=s3 switches it
# on; credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the
# environment (boto3 reads them; they never enter settings). URLs are
# unsigned: a signed URL would expire inside a cached page, so the bucket (or
# the CDN in front of it, AWS_S3_CUSTOM_DOMAIN) serves media publicly.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default=None),
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured("MEDIA_STORAGE is either 'filesystem' or 's3'.")


def mailer_from_url(url: str) -> dict:
    """Turn EMAIL_URL (smtp://user:pass@host:587, consolemail://) into a mailer."""
    config = environ.Env.email_url_config(url)
    backend = config["EMAIL_BACKEND"]
    options = {}
    if backend == "django.core.mail.backends.smtp.EmailBackend":
        options = {
            "host": config["EMAIL_HOST"],
            "port": config["EMAIL_PORT"],
            "username": config["EMAIL_HOST_USER"],
            "password": config["EMAIL_HOST_PASSWORD"],
            "use_tls": config.get("EMAIL_USE_TLS", False),
            "use_ssl": config.get("EMAIL_USE_SSL", False),
        }
    return {"BACKEND": backend, "OPTIONS": options}


MAILERS = {"default": mailer_from_url(env.str("EMAIL_URL", default="consolemail://"))}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="redaktion@localhost")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Security headers for the public site. Wagtail's preview view lifts DENY to
# SAMEORIGIN for itself, so the editor's preview iframe still works.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Logs go to stderr, one line per record with the request's id
# (backportal/core/request_log.py); LOG_FORMAT=json for log collectors.
# Request errors also go by mail to ADMINS ("ops@example.org,dev@example.org")
# through Django's mail_admins handler when DEBUG is off.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT is either 'text' or 'json'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "backportal.core.request_log.RequestIdFilter"},
        "once_a_minute": {
            "()": "backportal.core.logging.OncePerInterval",
            "seconds": 60,
        },
    },
    "formatters": {
        "text": {
            "()": "backportal.core.request_log.OneLineFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {"()": "backportal.core.request_log.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # A cache outage would otherwise log on every cache call of every request.
        "backportal.cache": {"filters": ["once_a_minute"], "level": "WARNING"},
        # The worker reports every task twice (running, done); only trouble here.
        "django.tasks": {"level": "WARNING"},
    },
}
ADMINS = env.list("ADMINS", default=[])

# Wagtail
WAGTAIL_SITE_NAME = "Backportal"
WAGTAILADMIN_BASE_URL = env.str(
    "WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000"
)
WAGTAIL_I18N_ENABLED = False
# Slugs in ASCII; umlauts become ae/oe/ue/ss (articles/wagtail_hooks.py).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "german",
    }
}
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"webp": "webp", "avif": "avif"}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Editorial workflow: edits after approval need approval again; an article's
# medical review is due again after this many days ("Prüfung fällig").
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
MEDICAL_REVIEW_INTERVAL_DAYS = env.int("MEDICAL_REVIEW_INTERVAL_DAYS", default=365)

# Demo mode: the site serves a small demo shop (/demo-shop/…) where demo
# affiliate links end, so clicking one works offline. Never on in production.
DEMO_MODE = env.bool("DEMO_MODE", default=False)
# No third-party requests from the admin: user avatars are uploads, not Gravatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Click tracking (products.clicks): raw clicks older than this are purged by
# `manage.py purge_clicks` (the daily rollup stays); behind N reverse proxies
# the client address for the daily visitor hash comes from X-Forwarded-For.
CLICKS_RETENTION_MONTHS = env.int("CLICKS_RETENTION_MONTHS", default=13)
CLICKS_TRUSTED_PROXIES = env.int("CLICKS_TRUSTED_PROXIES", default=0)

# Abuse limits of the public endpoints (backportal/core/guards.py): requests per
# client address and window, by URL name; (requests, seconds). /go/ has none.
RATE_LIMITS = {
    "search": (60, 60),
    "articles:feedback": (20, 60),
    "products:click": (120, 60),
    "products:pageview": (120, 60),
    "csp_report": (20, 60),
}

# Content-Security-Policy (backportal/core/security.py). Public pages: only our
# own scripts, styles and images, no inline code, no nonces (cached pages stay
# shareable). The admin gets the same policy report-only for now; browsers
# post violations to /csp-report/, which logs them (logger "backportal.csp").
CSP_REPORT_URI = "/csp-report/"
# Shops whose product pictures a box may show from their own servers, when
# the product has no picture of ours (Amazon's terms forbid storing them).
AFFILIATE_IMAGE_ORIGINS = [
    "https://m.media-amazon.com",
    "https://images-eu.ssl-images-amazon.com",
]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # Media on object storage: its origin, e.g. https://media.example.org.
    # Amazon's product pictures load from Amazon (they may not be copied).
    "img-src": [
        CSP.SELF,
        "data:",
        *env.list("CSP_MEDIA_ORIGINS", default=[]),
        *AFFILIATE_IMAGE_ORIGINS,
    ],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "report-uri": CSP_REPORT_URI,
}
ADMIN_CSP_REPORT_ONLY = SECURE_CSP
# Browser features no page of ours uses.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), usb=(), browsing-topics=()"
)

# Admin login (backportal/core/login.py): after this many failed attempts for
# one account from one address, that pair is locked for LOGIN_LOCKOUT_SECONDS.
WAGTAILADMIN_USER_LOGIN_FORM = "backportal.core.login.ThrottledLoginForm"
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=900)

# /healthz/ (backportal/core/health.py) reports an error when queued tasks
# have waited longer than this for the worker.
HEALTH_JOB_BACKLOG_MINUTES = env.int("HEALTH_JOB_BACKLOG_MINUTES", default=15)
