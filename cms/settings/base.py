"""Settings shared by every environment.

This module is production-safe: DEBUG is off and nothing here invents a secret. ``dev.py`` and
``test.py`` only relax it; ``production.py`` only tightens it. Every environment variable is
read here or in ``production.py``, through django-environ (see ``.env.example``).
"""

import datetime
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A local .env file is optional; real environment variables win over it.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The site, its content apps and what they share, then the publishing plugin (before
    # Wagtail's apps: it shows go-live times in the admin's templates).
    "cms",
    "news",
    "programme",
    "editorial",
    "cms.publishing",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "wagtail.api.v3",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "django_filters",
    "corsheaders",
    "csp",
    "axes",
    # French State design system
    "dsfr",
    "widget_tweaks",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content Security Policy; the admin's relaxed policy is chosen per response below it.
    "csp.middleware.CSPMiddleware",
    "cms.middleware.AdminContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every GET and HEAD answer, and 304 when the client already has it.
    "cms.middleware.ConditionalGetMiddleware",
    # Anonymous GETs answered from the cache, purged on every publication
    # (cms.publishing.caching.responses).
    "cms.publishing.caching.responses.ResponseCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Wagtail's, which also finds redirects of addresses longer than it can store.
    "cms.publishing.redirects.RedirectMiddleware",
    "cms.middleware.APIv3AccessMiddleware",
    # Last: answers the lockout page to a throttled sign-in (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

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
                "cms.context_processors.site_chrome_context",  # SITE_CONFIG, cached
            ],
        },
    },
]

# Database: one URL, SQLite file in var/ by default, PostgreSQL in production.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the task worker and the scheduler share the file: WAL lets readers
    # run beside a writer, IMMEDIATE transactions and a busy timeout avoid "database is
    # locked" errors under that concurrency.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (production), process memory otherwise.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="eig"),
            "OPTIONS": {
                # A Redis that is down or does not answer is an empty cache that keeps nothing
                # (Wagtail reads the cache on every request): the site serves uncached, slower
                # but whole, and uses Redis again as soon as it answers.
                "IGNORE_EXCEPTIONS": True,
                # Fail fast: each cache operation waits at most this long for a dead Redis.
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed attempts, an address, and
# separately an account, is refused for AXES_COOLOFF_MINUTES (the admin says so in French).
AUTHENTICATION_BACKENDS = [
    "cms.throttling.ThrottlingBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_MINUTES = env.int("AXES_COOLOFF_MINUTES", default=15)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "cms.throttling.client_ip"
# How many proxies in front of the app append to X-Forwarded-For (0: none, use the peer).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: a French site with a French admin.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# The project's catalog, then its corrections to Wagtail's French (locale/overrides/): both
# are read before the apps' catalogs.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "overrides"]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Static files are collected into var/static and served by WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]

# Media: local folder by default, any S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set.
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
# A private bucket whose files the app serves (cms.publishing.storage: embargo checked on each
# file), or,
# with AWS_MEDIA_PUBLIC=True, a public bucket or CDN readers reach directly (no media embargo).
AWS_MEDIA_PUBLIC = env.bool("AWS_MEDIA_PUBLIC", default=False)
if AWS_STORAGE_BUCKET_NAME:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage"
        if AWS_MEDIA_PUBLIC
        else "cms.publishing.storage.AppServedS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default=None),
            "default_acl": None if AWS_MEDIA_PUBLIC else "private",
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Complex page models exceed Django's default of 1,000 form fields in the page editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")

# The publishing plugin (cms.publishing, its defaults in cms/publishing/conf.py).
PUBLISHING = {
    # The pages endpoint of the public API, with the programme's filters.
    "PAGES_API_VIEWSET": "cms.api.SitePagesAPIViewSet",
    # How long shared caches may keep a public API answer (seconds); ETags revalidate it.
    "API_CACHE_MAX_AGE": env.int("API_CACHE_MAX_AGE", default=60),
    # Renditions the templates show, made when a page is published rather than when read.
    "SNAPSHOT_RENDITIONS": ("width-400", "width-800", "width-1200", "fill-600x338"),
    # Whole answers to anonymous GETs: on with a shared cache (Redis), where a publication in
    # any process purges them for all; a memory cache cannot be purged from the scheduler's
    # or the workers' processes.
    "RESPONSE_CACHE_ENABLED": env.bool("RESPONSE_CACHE_ENABLED", default=bool(REDIS_URL)),
    "RESPONSE_CACHE_TIMEOUT": env.int("RESPONSE_CACHE_TIMEOUT", default=300),
    # What every page repeats (menu, footer, feeds, DSFR configuration), cached under the same
    # generation. A memory cache cannot hear the scheduler's purges: a menu page it publishes
    # shows within this many seconds (expiries and edits purge at once).
    "FRAGMENT_CACHE_TIMEOUT": env.int("FRAGMENT_CACHE_TIMEOUT", default=300 if REDIS_URL else 5),
    # Headless preview: how long a preview token works (seconds), and where the admin sends
    # the editor, e.g. https://front.example.gouv.fr/apercu?id={page_id}&token={token}
    # ({api_url} is the draft's API address). Empty: the admin shows the API address.
    "PREVIEW_MAX_AGE": env.int("HEADLESS_PREVIEW_MAX_AGE", default=600),
    "PREVIEW_CLIENT_URL": env.str("HEADLESS_PREVIEW_URL", default=""),
    # Webhook deliveries have their own task backend, so that a slow receiver never delays
    # indexing; http:// and local addresses only where allowed (development, tests).
    "WEBHOOKS_TASK_BACKEND": "webhooks",
    "WEBHOOKS_QUEUE": "webhooks",
    "WEBHOOKS_ALLOW_INSECURE": env.bool("WEBHOOKS_ALLOW_INSECURE", default=False),
    "WEBHOOKS_RETRY_BASE_SECONDS": env.int("WEBHOOKS_RETRY_BASE_SECONDS", default=60),
    # A delivery task running longer than this lost its worker: the scheduler queues it again.
    "WEBHOOKS_STALLED_SECONDS": env.int("WEBHOOKS_STALLED_SECONDS", default=120),
}

# Background work (search index, reference index, webhooks) runs in workers:
#   manage.py db_worker                                          (default backend)
#   manage.py db_worker --backend webhooks --queue-name webhooks (webhook deliveries)
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "webhooks": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["webhooks"]},
}

# Wagtail
WAGTAIL_SITE_NAME = env.str("WAGTAIL_SITE_NAME", default="Entrepreneurs d’intérêt général")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "cms.publishing.search_backends",  # the database backend, quote-safe
        "SEARCH_CONFIG": "french",
    }
}
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odp", "ods", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Every download goes through Wagtail's view, so privacy and publication are always checked.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every absolute address in API answers starts with it (production: the site's public address,
# e.g. https://eig.example.gouv.fr); unset, with the host each request came to (development,
# any port: cms.publishing.absolute_urls). WAGTAILADMIN_BASE_URL, when set, stands in for it.
WAGTAILAPI_BASE_URL = (
    env.str("WAGTAILAPI_BASE_URL", default="")
    or env.str("WAGTAILADMIN_BASE_URL", default="")
    or None
)
WAGTAILAPI_LIMIT_MAX = 100
# Rich text in the API as HTML with links resolved to public addresses.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
# Frontend cache (a CDN or reverse proxy in front of the app servers): publishing and
# unpublishing purge the page, its listings, its referrers and its API answers, in a task.
# One of: FRONTEND_CACHE_PURGE_URL (Varnish, nginx: HTTP PURGE requests),
# CLOUDFRONT_DISTRIBUTION_ID, or CLOUDFLARE_ZONE_ID with CLOUDFLARE_BEARER_TOKEN.
WAGTAILFRONTENDCACHE = {}
if env.str("FRONTEND_CACHE_PURGE_URL", default=""):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env.str("FRONTEND_CACHE_PURGE_URL"),
    }
if env.str("CLOUDFRONT_DISTRIBUTION_ID", default=""):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env.str("CLOUDFRONT_DISTRIBUTION_ID"),
    }
if env.str("CLOUDFLARE_ZONE_ID", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env.str("CLOUDFLARE_ZONE_ID"),
        "BEARER_TOKEN": env.str("CLOUDFLARE_BEARER_TOKEN"),
    }
# Purging API answers from the CDN needs their public address.
WAGTAILAPI_USE_FRONTENDCACHE = WAGTAILAPI_BASE_URL is not None

# CORS: the API may be read from these origins (e.g. https://www.example.gouv.fr).
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# "Données ouvertes" and "données ouvertes" are one tag (news.0005 merged the older twins).
TAGGIT_CASE_INSENSITIVE = True
# The admin in French: a translated sign-in form, no banner pointing to Wagtail's English guide
# (the help menu points to the site's own guide, cms/editor_guide.py).
WAGTAILADMIN_USER_LOGIN_FORM = "cms.login.LoginForm"
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# Security headers on every answer (HSTS is added by production.py, which serves HTTPS).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No one frames the site; Wagtail's preview views set SAMEORIGIN for the admin's preview panel.
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp). Public pages run no inline script, so one policy with
# no nonce fits every reader and pages stay cacheable. The admin, which still has inline
# scripts and styles (wagtail issue #1288), gets ADMIN_CONTENT_SECURITY_POLICY instead
# (cms.middleware.AdminContentSecurityPolicyMiddleware).
_media_origins = [MEDIA_URL] if MEDIA_URL.startswith("https://") else []
if AWS_STORAGE_BUCKET_NAME and env.str("AWS_S3_CUSTOM_DOMAIN", default=""):
    _media_origins.append("https://" + env.str("AWS_S3_CUSTOM_DOMAIN"))
# The video players an embed or kept HTML may frame (editorial.blocks.IFRAME_HOSTS).
CSP_FRAME_SOURCES = [
    "https://www.dailymotion.com",
    "https://geo.dailymotion.com",
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # DSFR icons are data: SVGs in its CSS.
        "img-src": ["'self'", "data:", *_media_origins],
        "media-src": ["'self'", *_media_origins],
        "font-src": ["'self'", "data:"],
        "frame-src": CSP_FRAME_SOURCES,
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    # Upload previews are blobs.
    "img-src": ["'self'", "data:", "blob:", *_media_origins],
    # The editor's preview panel frames the admin's own preview views.
    "frame-src": ["'self'", *CSP_FRAME_SOURCES],
}
# django-dsfr shows its texts (the site notice among them) as HTML unless told they are text.
DSFR_CONTENT_IS_SAFE = False
# Editors' avatars are not fetched from Gravatar: that would tell it who uses the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
