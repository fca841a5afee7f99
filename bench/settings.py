"""Settings for the HTTP benchmark: the demo shop in production mode plus a bare DRF view."""

import os

from shop_demo.settings import *  # noqa: F403
from shop_demo.settings import BASE_DIR, TEMPLATES, UPSELL

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
if not os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "artifacts" / "bench.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    }
# BENCH_RESTRAINT=off: every request runs the whole decision and shows a pop-up (no caps, no
# cool-down): the worst case. Otherwise the shop's defaults (3 pop-ups a session, 60 s apart).
if os.environ.get("BENCH_RESTRAINT") == "off":
    UPSELL = {
        **UPSELL,
        "MAX_POPUPS_PER_SESSION": 10**9,
        "POPUP_COOLDOWN_SECONDS": 0,
        "SILENCE_AFTER_DECLINE_SECONDS": 0,
    }
# Sessions cached in Redis, as many shops run them: every view's session read is one Redis GET
# (the demo keeps them in the database so that it sells through a Redis outage).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The page benchmark (bench/page_bench.py): how the cart page's pop-up is decided, and a copy of
# the cart page without the widget (the app off) beside it.
UPSELL = {**UPSELL, "WIDGET_MODE": os.environ.get("BENCH_WIDGET_MODE", "inline")}
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
