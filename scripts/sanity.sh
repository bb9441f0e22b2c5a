#!/usr/bin/env bash
# ansible-test sanity on what the collection ships: build the tarball, unpack it
# under .../ansible_collections/pfne/netops (where ansible-test needs it) and run
# the tests with this virtualenv's Python.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# ansible-test bootstraps pip into its test venvs with a script it downloads from a host
# these machines cannot reach; give it a stand-in (see the script's docstring).
mkdir -p ~/.ansible/test/cache
cp scripts/ansible_test_get_pip.py ~/.ansible/test/cache/get_pip_24_2.py
bash scripts/build.sh >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dest="$work/ansible_collections/pfne/netops"
mkdir -p "$dest"
tar xzf build/pfne-netops-*.tar.gz -C "$dest"
# the collections pfne.netops imports from (galaxy.yml dependencies), beside it as an install puts them
site=$("$root/.venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
for dep in ansible/netcommon ansible/utils; do
  mkdir -p "$work/ansible_collections/$(dirname $dep)"
  cp -r "$site/ansible_collections/$dep" "$work/ansible_collections/$dep"
done
cd "$dest"
git init -q . && git add -A >/dev/null   # ansible-test reads the file list from git
"$root/.venv/bin/ansible-test" sanity --python 3.11 --color no "$@"
