# Two commands set everything up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
# Test tools from npm, pinned for repeatable results: axe-core checks accessibility
# in the browser tests, resume-schema is the JSON Resume schema /cv.json must meet.
NPM_TEST_TOOLS := axe-core@4.10.2 resume-schema@1.0.1 citeproc@2.4.63
# Local development runs with debug on; production settings are described in docs/deploy.md.
DEV_ENV := DJANGO_DEBUG=1

.PHONY: install install-test pdf-libs lock pre-commit run migrate loadcv export test lint format coverage coverage-run superuser serve backup new-site clean bench-compare \
	bench bench-flood bench-bibtex bench-first-run same-pages site preview publish icons fonts lighthouse screenshots docs-screenshots

# Packages come from the lock files, so every machine gets the same versions; the
# project itself runs from this folder and is not installed. `make lock` rewrites
# the lock files from pyproject.toml.
SITE_LOCK := site_config/requirements-site.lock
TEST_LOCK := site_config/requirements-test.lock
# uv installs them, in about a second where pip takes ten; pip does when uv cannot
# be had, or with UV= (see .ci/install.py). The virtualenv is made without pip,
# which is added only if pip has to install.
INSTALL := $(PYTHON) .ci/install.py $(VENV)

# The site's own packages, for `make run` and `make serve`.
$(BIN)/.installed: $(SITE_LOCK)
	$(PYTHON) -m venv --without-pip $(VENV)
	$(INSTALL) -r $(SITE_LOCK)
	touch $@

# The test tools besides (pytest, Playwright, ruff, coverage).
$(BIN)/.installed-test: $(BIN)/.installed $(TEST_LOCK)
	$(INSTALL) -r $(TEST_LOCK)
	touch $@

LOCK_OPTIONS := --quiet --strip-extras --no-header --allow-unsafe --no-emit-index-url \
	--no-emit-find-links
lock: install
	$(INSTALL) pip-tools
	$(BIN)/pip-compile $(LOCK_OPTIONS) -o $(SITE_LOCK) pyproject.toml
	$(BIN)/pip-compile $(LOCK_OPTIONS) --extra test -o $(TEST_LOCK) pyproject.toml

# Only the tests need them, so `make run` works without npm.
NPM_STAMP := $(VENV)/npm/.installed
$(NPM_STAMP): Makefile
	npm install --silent --no-audit --no-fund --prefix $(VENV)/npm $(NPM_TEST_TOOLS)
	touch $@

install: $(BIN)/.installed

install-test: $(BIN)/.installed-test

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput

# Adds what the database lacks; OVERWRITE=1 makes the fixture's version win. The
# system checks ran a moment ago, in migrate.
loadcv: migrate
	$(DEV_ENV) $(BIN)/python manage.py load_cv --skip-checks $(if $(OVERWRITE),--overwrite)

# The database as the CV fixture, fixtures/cv.json (CV=path for another file), with
# the uploaded files it names copied beside it, to commit.
export: migrate
	$(DEV_ENV) $(BIN)/python manage.py export_cv $(CV)

run: loadcv
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

superuser: migrate
	$(DEV_ENV) $(BIN)/python manage.py createsuperuser

# Production: needs DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and (usually) DATABASE_URL
# in the environment; see docs/deploy.md. Refuses to start if the deployment check fails.
# Loading the CV is a deploy step of its own (`manage.py load_cv`), not part of
# every start, so that a restart never brings back what was deleted in the admin.
serve: install
	$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn --config site_config/gunicorn.py site_config.wsgi

# The public site as plain files for a static host (see docs/static-site.md),
# from what the database holds (`make run` loads the CV into it):
# make site BASE_URL=https://user.github.io/portfolio/
SITE_DIR ?= _site
BASE_URL ?= http://127.0.0.1:8001/
site: migrate
	$(DEV_ENV) $(BIN)/python manage.py build_site $(SITE_DIR) --base-url $(BASE_URL) $(if $(CNAME),--cname $(CNAME))

# The static site as a visitor would see it, served by Python's plain file server.
preview:
	$(MAKE) site BASE_URL=http://127.0.0.1:8001/
	$(BIN)/python -m http.server 8001 --bind 127.0.0.1 --directory $(SITE_DIR)

# make publish REMOTE=git@github.com:user/portfolio.git BASE_URL=https://user.github.io/portfolio/
BRANCH ?= gh-pages
publish: migrate
	@test -n "$(REMOTE)" -a "$(origin BASE_URL)" != file || \
		{ echo "Name the remote and the site's address: make publish REMOTE=... BASE_URL=..."; exit 2; }
	$(DEV_ENV) $(BIN)/python manage.py publish --git $(REMOTE) --branch $(BRANCH) --base-url $(BASE_URL) $(if $(FOLDER),--folder $(FOLDER)) $(if $(CNAME),--cname $(CNAME))

# The profile links' icon sprite, rebuilt from the Simple Icons package (CC0) pinned here;
# the result is committed, so neither `make run` nor a deploy needs npm.
SIMPLE_ICONS := simple-icons@16.37.0
icons: install
	npm install --silent --no-audit --no-fund --prefix $(VENV)/icons $(SIMPLE_ICONS)
	$(BIN)/python -m portfolio.profile.icons $(VENV)/icons/node_modules/simple-icons/icons \
		> portfolio/profile/static/profile/icons.svg

# The site's two fonts, Portfolio Serif and Portfolio Sans: Source Serif 4 and Source
# Sans 3 (SIL Open Font License) cut to the weights and characters the pages use, from
# the Fontsource packages pinned here, and renamed as the licence asks of a cut; the
# result is committed, so neither `make run` nor a deploy needs npm.
FONTSOURCE := @fontsource-variable/source-serif-4@5.3.1 @fontsource-variable/source-sans-3@5.3.1
fonts: install-test
	npm install --silent --no-audit --no-fund --prefix $(VENV)/fonts $(FONTSOURCE)
	$(BIN)/python -m portfolio.core.fonts $(VENV)/fonts/node_modules/@fontsource-variable \
		portfolio/core/static/core/fonts

backup: install
	$(BIN)/python manage.py backup

# Start afresh for another CV: one backup archive of everything first (the database,
# the media and fixtures/cv.json with its private file), then an empty database
# (user accounts are kept), media folder and fixture. Asks first; YES=1 does not.
new-site: migrate
	$(DEV_ENV) $(BIN)/python manage.py new_site $(if $(YES),--yes)

# Extra pytest arguments, e.g. make test PYTEST_ARGS='-m "not process"'.
PYTEST_ARGS ?=
# WeasyPrint's system libraries and the CV's font (the PDF of the CV), from Debian:
# installed where they are missing and the user may (root); without them /cv.pdf
# answers 503 and the rest of the site works.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-libs:
	@dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; \
	  else echo "The PDF of the CV needs the Debian packages $(PDF_PACKAGES)."; fi; }

test: install-test $(NPM_STAMP) pdf-libs
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The suite under coverage, its data in COVERAGE_FILE (default .coverage); `make
# coverage` also reports it. CI reports the SQLite and PostgreSQL runs combined.
coverage-run: install-test $(NPM_STAMP) pdf-libs
	$(BIN)/python -m coverage run -m pytest $(PYTEST_ARGS)

coverage: coverage-run
	$(BIN)/python -m coverage report

# How fast the public pages are, cached and not, at 13, 1,000 and 10,000
# publications (see docs/caching.md); writes tests/benchmarks/RESULTS.md.
# Needs wrk, installed from Debian when missing.
WRK := command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
bench: install
	$(WRK)
	$(BIN)/python tests/benchmarks/pages.py

# Only the cached home page with and without a search flood (a part of `make bench`).
bench-flood: install
	$(WRK)
	$(BIN)/python tests/benchmarks/pages.py --flood-only

# Every public page of this tree against git revision REV, side by side; CACHED=1
# answers them from the page cache.
REV ?= HEAD
bench-compare: install
	$(BIN)/python tests/benchmarks/compare.py $(REV) $(if $(CACHED),--cached)

# Times the admin's BibTeX import at the limits it accepts (see docs/bibtex-import.md).
bench-bibtex: install
	$(BIN)/python tests/benchmarks/bibtex_import.py

# Seconds from `make run` in a fresh clone to the first page, three times (each
# clone with a virtualenv of its own); REV=commit times another commit.
bench-first-run:
	$(PYTHON) tests/benchmarks/first_run.py --runs 3 --rev $(REV)

# Every public page's visible text, of the seed, sample and other CVs, against git
# revision REV: for a change that must not change what visitors read.
same-pages: install
	$(BIN)/python tests/quality/same_pages.py $(REV)

# Lighthouse's four scores (performance, accessibility, best practices, SEO) for
# home, the publications, a paper and the CV, on a phone and a desktop, against a
# throwaway production-like site; fails below 100. Reports go to _lighthouse/.
# Lighthouse is large and only this target needs it, so it has a folder of its own.
LIGHTHOUSE_STAMP := $(VENV)/lighthouse/.installed
$(LIGHTHOUSE_STAMP): Makefile
	npm install --silent --no-audit --no-fund --save-exact --prefix $(VENV)/lighthouse lighthouse@12.2.3
	touch $@

lighthouse: install-test $(LIGHTHOUSE_STAMP)
	$(BIN)/python tests/quality/lighthouse.py

# Every public page, full length, at 390 and 1280 px, light and dark, into
# _screenshots/, for a reviewer to look at.
screenshots: install-test
	$(BIN)/python tests/quality/screenshots.py

# The first screen of home and the publications, as in docs/img (the look's pictures
# in the README and docs/appearance.md): rerun after a change to the look.
docs-screenshots: install-test
	$(BIN)/python tests/quality/screenshots.py --first-screen --out docs/img --path / --path /publications/

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/djlint templates --check
	$(BIN)/lint-imports

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat --quiet
	git ls-files -z '*.py' | xargs -0 $(BIN)/django-upgrade --target-version 5.2 || true

# Run the linters before each commit (ruff, formatting, djLint, django-upgrade).
pre-commit: install-test
	$(BIN)/pre-commit install --config .ci/pre-commit-config.yaml

clean:
	rm -rf $(VENV) .pytest_cache .coverage staticfiles
