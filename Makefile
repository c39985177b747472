# `make run` and `make test` are the whole set-up on a fresh machine with Python 3.11+:
# each creates .venv if missing, installs the project into it, then runs or tests.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
QT_SYSTEM_LIBS := libEGL.so.1 libGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3
# The journeys run the window on a private X server: Xvfb, openbox (focus needs a window manager)
# and the X11 client libraries Qt's xcb platform plugin links to.
X_SYSTEM_DEPS := Xvfb openbox libxcb-icccm.so.4 libxcb-keysyms.so.1 libxcb-cursor.so.0 libxcb-image.so.0 \
	libxcb-render-util.so.0 libxkbcommon-x11.so.0

# tests/desktop check what `nnplayground desktop install` writes with the desktop's own tools:
# desktop-file-validate, appstreamcli, xdg-mime (which reads the MIME database with mimetype),
# gio, and update-mime-database/update-desktop-database, which the install runs.
DESKTOP_TEST_DEPS := desktop-file-validate appstreamcli xdg-mime mimetype gio update-mime-database \
	update-desktop-database

BUNDLE_STAMP := $(VENV)/.bundle-stamp

.PHONY: run test test-fast journeys fuzz lint format bench bench-ui bench-memory reproduce screenshots clean bundle bundle-test icons \
	install-desktop uninstall-desktop

# pip 25.1 is the first that installs [dependency-groups] (--group); a new venv's pip is older.
$(STAMP): pyproject.toml setup.py
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "nnplayground needs Python 3.11 or newer; set PYTHON=python3.x")'
	@sh packaging/system-deps.sh $(QT_SYSTEM_LIBS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet -e ".[test]" --group dev
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/nnplayground

# Two pytest runs, one Qt platform each (tests/conftest.py picks it): the widget tests offscreen,
# then the journeys on an Xvfb + openbox of their own. A journey run that cannot start X fails.
test: $(STAMP) lint
	@sh packaging/system-deps.sh $(DESKTOP_TEST_DEPS)
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory journeys

test-fast: $(STAMP)
	@sh packaging/system-deps.sh $(DESKTOP_TEST_DEPS)
	$(BIN)/python -m pytest -m "not slow" -x -q

# The menu entry (launching .venv/bin/nnplayground-gui), icons, .nnpg file type and AppStream
# metainfo, for this user under ~/.local/share; no root. uninstall-desktop removes them again.
install-desktop: $(STAMP)
	$(BIN)/nnplayground desktop install

uninstall-desktop: $(STAMP)
	$(BIN)/nnplayground desktop uninstall

# The real window driven as a person drives it (menus, wheel, keys, screen sizes) on a real X server.
journeys: $(STAMP)
	@sh packaging/system-deps.sh $(X_SYSTEM_DEPS)
	$(BIN)/python -m pytest tests/journeys -q

# The random-use test at full length: 2 000 seeded actions on the real window while it trains
# (`make test` runs 300). FUZZ_ACTIONS=n and NNPLAYGROUND_FUZZ_SEED=s change the length and the seed.
fuzz: $(STAMP)
	NNPLAYGROUND_FUZZ_ACTIONS=$(or $(FUZZ_ACTIONS),2000) $(BIN)/python -m pytest tests/ui/windows/test_fuzz.py -m fuzz -q -s --timeout=1800

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python benchmarks/engine.py

bench-ui: $(STAMP)
	$(BIN)/python benchmarks/ui.py

bench-memory: $(STAMP)
	$(BIN)/python benchmarks/memory.py

reproduce: $(STAMP)
	$(BIN)/nnplayground reproduce

# Redraw the README's pictures (docs/*.png) from the real window, on a private Xvfb.
screenshots: $(STAMP)
	@sh packaging/system-deps.sh $(X_SYSTEM_DEPS)
	$(BIN)/python docs/screenshots.py

# The desktop bundle (PyInstaller): dist/nnplayground/, or dist/nnplayground-onefile with ONEFILE=1.
$(BUNDLE_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test,bundle]" --group dev
	@touch $(BUNDLE_STAMP)

bundle: $(BUNDLE_STAMP)
	PYTHON=$(BIN)/python bash packaging/build.sh $(if $(ONEFILE),--onefile)

# Build, then run the frozen program: smoke test (offscreen), timings, size budget, headless
# commands, and the packaging tests (which compare its figures with the source tree's).
bundle-test: bundle
	$(BIN)/python packaging/smoke_test.py $(if $(ONEFILE),dist/nnplayground-onefile)
	NNPLAYGROUND_BUNDLE=$(if $(ONEFILE),dist/nnplayground-onefile,dist/nnplayground) \
		$(BIN)/python -m pytest tests/packaging -q

# Regenerate resources/icon-*.png, icon.ico and icon.icns after editing resources/icon.svg.
icons: $(STAMP)
	$(BIN)/python packaging/make_icons.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
