# pfne.netops: every target sets up its own virtualenv first (.venv, Python 3.11).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
PYTEST_WORKERS ?= 2

.PHONY: setup demo test test-current unit integration molecule lint sanity build bench bench-site ee-context image image-test lab lab-start lab-stop clean

setup: $(STAMP) .collections/ansible_collections/pfne/netops tshark chromium strongswan

# tshark (bindep.txt) reads back the pcaps the ASA capture writes; Debian/Ubuntu hosts get it here.
.PHONY: tshark
tshark:
	@command -v tshark >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1 || \
		{ apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y tshark; }

# chromium (bindep.txt, test profile): the browser tests open the HTML reports headless; Debian/Ubuntu
# hosts get it here when the make runs as root (the tests name the package when it is missing).
.PHONY: chromium
chromium:
	@command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1 || \
		{ apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

# strongSwan's charon (bindep.txt, test profile): tests/integration/test_ikev2_strongswan.py negotiates the
# generated IKEv2 client profiles against the router's proposals for real (kernel-libipsec from the extra
# plugins carries ESP); Debian/Ubuntu hosts get it here when the make runs as root.
.PHONY: strongswan
strongswan:
	@[ -e /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so ] && command -v swanctl >/dev/null 2>&1 || \
		[ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1 || \
		{ apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y strongswan-charon strongswan-swanctl libcharon-extra-plugins; }

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || { apt-get update && apt-get install -y python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

# The checkout is the collection: ansible.cfg looks in .collections for pfne.netops.
.collections/ansible_collections/pfne/netops:
	mkdir -p .collections/ansible_collections/pfne
	ln -sfn ../../.. $@

# The main job against the lab: start the lab, run site.yml, stop the lab.
demo: setup
	@bash scripts/demo.sh

test: setup
	@bash scripts/test.sh

# Second test environment: Python 3.13 + ansible 14 (ansible-core 2.21) in .venv-current
# (unit, lab integration, packaging and ansible-runner tests; cisco.asa from the 11.13.0 package).
test-current: setup
	@bash scripts/test-current.sh

unit: setup
	$(BIN)/pytest -q tests/unit

integration: setup
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) tests/integration

# One scenario per role against the device lab (extensions/molecule, delegated driver).
molecule: setup
	@bash scripts/molecule.sh

lint: setup
	$(BIN)/ansible-lint --profile production --offline

sanity: setup
	@bash scripts/sanity.sh

# Only ansible-galaxy is needed: .venv's when it exists, else a small .venv-build from requirements.txt
# (not the development toolchain of `setup`).
build:
	@PYTHON="$(PYTHON)" bash scripts/build.sh

bench: setup
	@bash scripts/bench.sh

# site.yml against the lab grown to HOSTS hosts with FORKS forks (docs/scale.md).
HOSTS ?= 200
FORKS ?= 50
bench-site: setup
	$(BIN)/python bench/site_scale.py --hosts $(HOSTS) --forks $(FORKS)

# The execution environment's build context (no container engine needed); see docs/execution_environment.md.
ee-context: setup build
	$(BIN)/ansible-builder create -f execution-environment.yml --context context --output-filename Containerfile

# The tool image / execution environment (docs/execution_environment.md): Debian base made with
# debootstrap (reused when present), the image built with buildah from execution-environment.yml
# (skipped when its inputs did not change), OCI archive in build/. Installs buildah and debootstrap
# when missing (root on Debian/Ubuntu).
image: setup
	@bash scripts/image.sh all

# Smoke test inside the image, then playbooks/site.yml from inside it against the lab on loopback.
image-test: setup
	$(BIN)/pytest -q -s -p no:randomly -n 0 tests/image

lab: setup
	$(BIN)/python -m lab serve

lab-start: setup
	$(BIN)/python -m lab start

lab-stop:
	$(BIN)/python -m lab stop

clean:
	rm -rf $(VENV) .venv-current .venv-build build context .pytest_cache
