#!/usr/bin/env bash
# The pfne-netops tool image / execution environment (docs/execution_environment.md), built with
# buildah (chroot isolation: no daemon, no registry):
#   scripts/image.sh base     Debian bookworm (minbase) from the Debian mirror apt uses -> $BASE_IMAGE
#   scripts/image.sh build    ansible-builder create (execution-environment.yml) + buildah build -> $IMAGE
#   scripts/image.sh export   $IMAGE as an OCI archive in build/
#   scripts/image.sh freeze   ee/constraints.txt again from the definition's pip requests
#   scripts/image.sh prune    working containers and dangling images left by builds
# Each step is skipped when its result is already there and up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
VERSION=$(sed -n 's/^version: *//p' galaxy.yml)
BASE_IMAGE=${BASE_IMAGE:-localhost/pfne-debian:bookworm-slim}
IMAGE=${IMAGE:-localhost/pfne-netops:$VERSION}
ARCHIVE=build/pfne-netops-ee-$VERSION.oci.tar
ISOLATION=chroot

# The Debian mirror this machine's apt uses (deb822 URIs: or one-line deb entries), else deb.debian.org.
apt_uri() {   # apt_uri SUFFIX: the first URI whose path ends in SUFFIX (debian, debian-security)
  (cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true) \
    | grep -v '^[[:space:]]*#' \
    | sed -n -e 's/^URIs: *//p' -e 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' | tr ' ' '\n' \
    | grep -E "/$1/?\$" | head -1 || true
}
MIRROR=${DEBIAN_MIRROR:-$(apt_uri debian)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY=${DEBIAN_SECURITY_MIRROR:-$(apt_uri debian-security)}
SECURITY=${SECURITY:-http://deb.debian.org/debian-security}

log() { echo "image: $*"; }

need_tools() {   # a bare Debian/Ubuntu CI machine: install what this script calls (root only)
  local missing=()
  command -v buildah >/dev/null || missing+=(buildah)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  [ -e /usr/share/keyrings/debian-archive-keyring.gpg ] || missing+=(debian-archive-keyring)
  [ ${#missing[@]} = 0 ] && return 0
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || { log "install ${missing[*]} first"; return 1; }
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

base() {
  if buildah inspect --type image "$BASE_IMAGE" >/dev/null 2>&1; then
    log "base $BASE_IMAGE present ($(buildah inspect --type image --format '{{index .ImageAnnotations "org.opencontainers.image.created"}}{{.OCIv1.Created}}' "$BASE_IMAGE"))"
    return 0
  fi
  local began root ctr
  began=$(date +%s)
  root=$(mktemp -d /var/tmp/pfne-debootstrap.XXXXXX)
  trap 'rm -rf "$root"' RETURN
  log "debootstrap --variant=minbase bookworm from $MIRROR"
  debootstrap --variant=minbase bookworm "$root/rootfs" "$MIRROR" >"$root/debootstrap.log" 2>&1 \
    || { tail -30 "$root/debootstrap.log"; return 1; }
  # what debian:bookworm-slim is: sources with updates and security, no docs/man/locales, no apt caches
  rm -f "$root/rootfs/etc/apt/sources.list"
  cat >"$root/rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $MIRROR
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  cat >"$root/rootfs/etc/dpkg/dpkg.cfg.d/slim" <<'SLIM'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
SLIM
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' \
    >"$root/rootfs/etc/apt/apt.conf.d/90slim"
  find "$root/rootfs/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
  find "$root/rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$root/rootfs"/usr/share/{man,info}/* "$root/rootfs"/var/cache/apt/*.bin \
    "$root/rootfs"/var/cache/apt/archives/*.deb "$root/rootfs"/var/lib/apt/lists/* "$root/rootfs"/var/log/*.log
  tar -C "$root/rootfs" -cf "$root/rootfs.tar" .
  ctr=$(buildah from scratch)
  buildah add "$ctr" "$root/rootfs.tar" / >/dev/null
  # security and point-release updates since the release, then no lists or caches in the layer
  buildah run --isolation "$ISOLATION" "$ctr" -- sh -c \
    'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get upgrade -y -q && apt-get clean
     for f in /var/lib/apt/lists/*_InRelease; do
       echo "apt-lists $(sed -n "s/^Codename: //p" "$f") $(sed -n "s/^Date: //p" "$f")"; done
     rm -rf /var/lib/apt/lists/*' | tee "$root/upgrade.log" | grep -E '^apt-lists|upgraded' || true
  # the Debian archive state the base was made from (the Release files' dates), kept as a label
  buildah config --cmd /bin/bash --label "org.pfne.debian-mirror=$MIRROR" \
    --label "org.pfne.debian-lists=$(sed -n 's/^apt-lists //p' "$root/upgrade.log" | paste -sd ';')" "$ctr"
  buildah commit --rm -q "$ctr" "$BASE_IMAGE" >/dev/null
  log "base $BASE_IMAGE built in $(( $(date +%s) - began )) s"
}

# The CA bundle this machine's pip trusts (pip config / PIP_CERT), if any: its directory is mounted
# read-only at /mnt for the build's RUN steps and named by the build-only ARG PIP_CERT.
pip_ca() {
  local cert
  cert=$("$BIN/pip" config list 2>/dev/null | sed -n "s/^[^.]*\.cert='\(.*\)'$/\1/p" | head -1)
  cert=${cert:-${PIP_CERT:-}}
  [ -n "$cert" ] && [ -f "$cert" ] && realpath "$cert"
  return 0
}

# Inputs of the image: when their digest matches the image's label, the build is skipped.
inputs_digest() {
  { cat execution-environment.yml ee/constraints.txt ee/bindep.txt bindep.txt meta/execution-environment.yml \
        meta/ee-requirements.txt
    echo "$BASE_IMAGE $(buildah inspect --type image --format '{{.FromImageID}}' "$BASE_IMAGE" 2>/dev/null)"
    # the collection: its MANIFEST.json holds the checksum of FILES.json, the checksums of every file
    tar xzOf build/pfne-netops-"$VERSION".tar.gz MANIFEST.json
  } | sha256sum | cut -c1-16
}

build() {
  local digest began ca context previous args=()
  bash scripts/build.sh </dev/null   # ansible-galaxy refuses a non-blocking stdin (background jobs)
  digest=$(inputs_digest)
  if [ "$(buildah inspect --type image --format '{{index .OCIv1.Config.Labels "org.pfne.inputs"}}' "$IMAGE" 2>/dev/null)" = "$digest" ]; then
    log "$IMAGE is up to date (inputs $digest)"
    return 0
  fi
  began=$(date +%s)
  previous=$(buildah inspect --type image --format '{{.FromImageID}}' "$IMAGE" 2>/dev/null || true)
  context=build/ee-context
  rm -rf "$context"
  "$BIN/ansible-builder" create -f execution-environment.yml --context "$context" --output-filename Containerfile >/dev/null
  ca=$(pip_ca)
  if [ -n "$ca" ]; then
    args+=(--volume "$(dirname "$ca"):/mnt:ro" --build-arg "PIP_CERT=/mnt/$(basename "$ca")")
    log "pip in the build trusts $ca (read-only mount, not in the image)"
  fi
  [ -n "${EE_BASE_IMAGE:-}" ] && args+=(--build-arg "EE_BASE_IMAGE=$EE_BASE_IMAGE")
  args+=(--build-arg "APT_LISTS_DAY=$(date -u +%F)")
  # --layers: unchanged steps come from the cache; --squash: one layer, so files the last steps
  # remove (apt lists, ansible-builder's /output wheel cache, bindep) are not in the image at all
  buildah build --isolation "$ISOLATION" --layers --squash "${args[@]}" \
    --label "org.pfne.inputs=$digest" --label "org.pfne.debian-lists=$(buildah inspect --type image \
      --format '{{index .OCIv1.Config.Labels "org.pfne.debian-lists"}}' "$BASE_IMAGE")" \
    -t "$IMAGE" -f "$context/Containerfile" "$context" >build/image-build.log 2>&1 \
    || { tail -60 build/image-build.log; log "build failed, whole log: build/image-build.log"; return 1; }
  log "$IMAGE built in $(( $(date +%s) - began )) s ($(buildah images --format '{{.Size}}' "$IMAGE"))"
  # the image it replaces (untagged now); the intermediate images stay: they are the build cache
  if [ -n "$previous" ] && [ "$previous" != "$(buildah inspect --type image --format '{{.FromImageID}}' "$IMAGE")" ]; then
    buildah rmi "$previous" >/dev/null 2>&1 || true
  fi
}

export_archive() {
  local id
  id=$(buildah inspect --type image --format '{{.FromImageID}}' "$IMAGE")
  if [ -f "$ARCHIVE" ] && [ "$(cat "$ARCHIVE.id" 2>/dev/null)" = "$id" ]; then
    log "$ARCHIVE is up to date"
    return 0
  fi
  rm -f "$ARCHIVE" "$ARCHIVE.id"
  buildah push -q "$IMAGE" "oci-archive:$ARCHIVE:${IMAGE#localhost/}" >/dev/null
  echo "$id" >"$ARCHIVE.id"
  log "$ARCHIVE $(du -h "$ARCHIVE" | cut -f1)"
}

# ee/constraints.txt from scratch: every pip request of the definition (and of the collection's
# meta/ee-requirements.txt) resolved in a clean venv of the image's Python minor version, frozen.
freeze() {
  local venv requests
  venv=$(mktemp -d /var/tmp/pfne-freeze.XXXXXX)
  trap 'rm -rf "$venv"' RETURN
  python3.11 -m venv "$venv"
  requests=$("$BIN/python" - <<'PY'
import yaml
ee = yaml.safe_load(open("execution-environment.yml"))["dependencies"]
# dumb-init: ansible-builder's container init, installed with its own exact pin
reqs = [ee["ansible_core"]["package_pip"], ee["ansible_runner"]["package_pip"], *ee["python"], "bindep", "dumb-init==1.2.5"]
reqs += [l.strip() for l in open("meta/ee-requirements.txt") if l.strip() and not l.startswith("#")]
print(" ".join(reqs))
PY
)
  # shellcheck disable=SC2086
  "$venv/bin/pip" install -q -c requirements.txt $requests   # the versions the collection is tested with
  { sed -n '/^#/p' ee/constraints.txt; "$venv/bin/pip" freeze --all | grep -v -E '^(pip|setuptools|wheel)=='; } \
    >ee/constraints.txt.new && mv ee/constraints.txt.new ee/constraints.txt
  log "ee/constraints.txt: $(grep -c '==' ee/constraints.txt) pins"
}

prune() {   # working containers left by interrupted runs, and dangling images (this drops the build cache)
  buildah rm --all >/dev/null 2>&1 || true
  buildah rmi --prune >/dev/null 2>&1 || true
}

# one command per line: `set -e` does not stop inside functions called from && lists
case "${1:-all}" in
  base) need_tools; base ;;
  build) need_tools; build ;;
  export) export_archive ;;
  all) need_tools; base; build; export_archive ;;
  freeze) freeze ;;
  prune) prune ;;
  *) echo "usage: $0 base|build|export|all|freeze|prune" >&2; exit 2 ;;
esac
