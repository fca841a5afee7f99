# django-upsell: the two commands are `make demo` and `make test` (see README "Quick start").
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | md5sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000
OSCAR_PORT ?= 8001
# The sample django-oscar shop runs under its own settings.
OSCAR_MANAGE := DJANGO_SETTINGS_MODULE=oscar_demo.settings $(PY) manage.py

.PHONY: cart-invariant contract demo demo-data demo-prod demo-oscar dist test oscar-peers oscar-peers-baseline bench eval lint docs messages chromium openssl gettext services clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[demo,test,bench,oscar]"
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

## Run the demo shop with the app at http://$(HOST):$(PORT)
demo: demo-data
	@echo "Demo shop: http://$(HOST):$(PORT)/   admin: http://$(HOST):$(PORT)/admin/ (admin / admin)"
	@if [ -n "$$CELERY_BROKER_URL" ]; then \
	  $(VENV)/bin/celery -A shop_demo worker -B --schedule=artifacts/celerybeat-schedule --concurrency=1 --loglevel=info & \
	  worker=$$!; trap "kill $$worker" EXIT; \
	  $(PY) manage.py runserver $(HOST):$(PORT); \
	else \
	  $(PY) manage.py runserver $(HOST):$(PORT); \
	fi

demo-data: $(STAMP)
	@mkdir -p artifacts
	@# DATABASE_URL names a PostgreSQL database that does not exist yet: create it (SQLite: nothing)
	$(PY) -m shop_demo.ensure_database
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py demo_order_history
	$(PY) manage.py upsell_associations --full --no-progress
	$(PY) manage.py upsell_simulate_traffic --if-empty

## The demo as production runs it: DEBUG off, gunicorn (4 workers) over TLS with a self-signed
## certificate, whitenoise static files, security headers, `check --deploy` clean; a Celery worker
## and a separate beat when CELERY_BROKER_URL is set. https://$(HOST):$(PORT)/
PROD_ENV = DEMO_MODE=production DJANGO_SECRET_KEY="$$(cat artifacts/secret-key)"
demo-prod: demo-data openssl
	@test -s artifacts/secret-key || $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > artifacts/secret-key
	@test -s artifacts/tls/cert.pem || { mkdir -p artifacts/tls && openssl req -x509 -newkey rsa:2048 -nodes \
	  -days 365 -subj /CN=$(HOST) -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
	  -keyout artifacts/tls/key.pem -out artifacts/tls/cert.pem 2>/dev/null; }
	$(PROD_ENV) $(PY) manage.py collectstatic --noinput -v 0
	$(PROD_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	@echo "Demo shop (production mode): https://$(HOST):$(PORT)/ (self-signed certificate)"
	@if [ -n "$$CELERY_BROKER_URL" ]; then \
	  $(PROD_ENV) $(VENV)/bin/celery -A shop_demo worker --concurrency=1 --loglevel=info & worker=$$!; \
	  $(PROD_ENV) $(VENV)/bin/celery -A shop_demo beat --schedule=artifacts/celerybeat-schedule --loglevel=info & beat=$$!; \
	  trap "kill $$worker $$beat" EXIT; \
	fi; \
	$(PROD_ENV) $(VENV)/bin/gunicorn shop_demo.wsgi --workers 4 --bind $(HOST):$(PORT) \
	  --certfile artifacts/tls/cert.pem --keyfile artifacts/tls/key.pem --access-logfile -

## Run the sample django-oscar shop with the app at http://$(HOST):$(OSCAR_PORT) (SQLite by default)
demo-oscar: $(STAMP)
	@mkdir -p artifacts
	$(PY) -m shop_demo.ensure_database
	$(OSCAR_MANAGE) migrate --noinput
	$(OSCAR_MANAGE) load_oscar_demo
	$(OSCAR_MANAGE) upsell_backfill_history
	$(OSCAR_MANAGE) upsell_associations --full --no-progress
	$(OSCAR_MANAGE) rebuild_index --noinput
	@echo "Oscar sample shop: http://$(HOST):$(OSCAR_PORT)/   admin: http://$(HOST):$(OSCAR_PORT)/admin/ (admin / admin)"
	$(OSCAR_MANAGE) runserver $(HOST):$(OSCAR_PORT)

## Debian's Chromium for the browser tests (never a browser download)
chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }
	@# Japanese pop-ups in screenshots (tests assert the texts in the DOM either way)
	@test -d /usr/share/fonts/opentype/noto || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk; }

## GNU gettext: the Japanese catalogue is compiled and checked complete against the code
gettext:
	@command -v xgettext >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; }

## OpenSSL's command line: the production-mode demo's certificate (and its test)
openssl:
	@command -v openssl >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl; }

## Run the whole test suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
test: $(STAMP) chromium openssl gettext
	$(PY) -m shop_demo.ensure_database
	$(VENV)/bin/ruff check upsell_app shop_demo oscar_demo tests bench
	$(MAKE) --no-print-directory docs
	$(PY) manage.py makemigrations --check --dry-run
	$(OSCAR_MANAGE) makemigrations --check --dry-run
	$(PY) -m pytest -q -p no:randomly $(PYTEST_ARGS)
	# the django-oscar sample shop: its own settings, so its own run (tables built from models)
	DJANGO_SETTINGS_MODULE=oscar_demo.settings OSCAR_DEMO_SEARCH=simple \
	  $(PY) -m pytest -q -p no:randomly --ds=oscar_demo.settings --no-migrations \
	  -W ignore::DeprecationWarning tests/oscar $(PYTEST_ARGS)
	# the cart invariant's random shoppers in the four cart styles, 200 examples each
	$(MAKE) --no-print-directory cart-invariant
	# django-oscar's own test suite with the app installed: no test that passes without it fails
	$(PY) tests/oscar_peers/run.py
	# the package: sdist and wheel build cleanly, and the wheel alone, installed in a fresh
	# virtual environment, passes the second shop's suite (no file of the app left behind)
	$(MAKE) dist
	$(PY) -m pytest -q -p no:randomly -m wheel tests/test_installed_wheel.py $(PYTEST_ARGS)
	# the API contract: schemathesis against the demo under gunicorn (minutes long, so last)
	$(PY) -m pytest -q -p no:randomly -m contract tests/contract $(PYTEST_ARGS)

## django-oscar's own test suite (../shared/peers/django-oscar-4.2, or OSCAR_PEERS_DIR), unmodified,
## with the app installed as our oscar integration says; fails when a test that passes without the
## app fails with it (compared with the last oscar-peers-baseline run, else known_failures.txt)
oscar-peers: $(STAMP)
	$(PY) tests/oscar_peers/run.py

## The same suite without the app: the baseline oscar-peers compares with
oscar-peers-baseline: $(STAMP)
	$(PY) tests/oscar_peers/run.py --without-app

## Build the sdist and the wheel into dist/ and check their metadata (what PyPI would get)
dist: $(STAMP)
	@# a build/ left by an earlier build would put stale files in the wheel
	rm -rf dist build
	$(PY) -m build --outdir dist .
	$(VENV)/bin/twine check --strict dist/*

## The cart invariant's random shoppers in the four cart styles (200 examples each; also run by
## `make test`): docs/cart-invariant.md
cart-invariant: $(STAMP)
	$(PY) -m pytest -q -p no:randomly -m cart_invariant tests/shop/test_cart_invariant.py \
	  tests/sessioncart/test_cart_invariant.py
	DJANGO_SETTINGS_MODULE=tests.othershop.settings $(PY) -m pytest -q -p no:randomly \
	  --ds=tests.othershop.settings -m cart_invariant tests/othershop/test_cart_invariant.py
	DJANGO_SETTINGS_MODULE=oscar_demo.settings OSCAR_DEMO_SEARCH=simple \
	  $(PY) -m pytest -q -p no:randomly --ds=oscar_demo.settings --no-migrations \
	  -W ignore::DeprecationWarning -m cart_invariant tests/oscar/test_cart_invariant.py

## API contract alone: schemathesis against a live demo server (see README); also run by `make test`
contract: $(STAMP)
	$(PY) -m pytest -q -p no:randomly -m contract tests/contract

## Benchmarks: selection, offers endpoint vs bare DRF, the cart page deciding inline vs the app
## off and time to a visible pop-up in Chromium, association mining
bench: $(STAMP) chromium
	$(PY) -m bench.selection_bench
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	@createdb -h 127.0.0.1 -U postgres upsell_httpbench 2>/dev/null || true
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/upsell_httpbench} \
	REDIS_URL=$${BENCH_REDIS_URL:-redis://127.0.0.1:6379/3} \
	CELERY_BROKER_URL=$${BENCH_BROKER_URL:-redis://127.0.0.1:6379/4} \
	$(PY) -m bench.http_bench
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/upsell_httpbench} \
	REDIS_URL=$${BENCH_REDIS_URL:-redis://127.0.0.1:6379/3} \
	CELERY_BROKER_URL=$${BENCH_BROKER_URL:-redis://127.0.0.1:6379/4} \
	$(PY) -m bench.page_bench
	$(PY) -m bench.associations_bench

## Recommendation quality on ../shared/data (UPSELL_SHARED_DATA): stops naming the missing file without it
eval: $(STAMP)
	$(PY) -m bench.quality_eval

## The documentation site in docs/_build/html: warnings are errors, internal references checked
## (nitpicky; no network, so external links are not). Needs neither PostgreSQL nor Redis.
docs: $(STAMP)
	$(VENV)/bin/sphinx-build -W --keep-going -n -q -b html docs docs/_build/html

lint: $(STAMP)
	$(VENV)/bin/ruff check upsell_app shop_demo oscar_demo tests bench

messages: $(STAMP)
	cd upsell_app && ../$(PY) ../manage.py makemessages -l ja && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) db.sqlite3 oscar_demo.sqlite3 artifacts docs/_build docs/_generated dist build
