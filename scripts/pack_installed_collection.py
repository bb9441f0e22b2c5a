#!/usr/bin/env python3
"""Pack an installed collection (ansible_collections/<ns>/<name> with MANIFEST.json and FILES.json)
back into a collection artifact that `ansible-galaxy collection install <tarball>` accepts.

Why: ansible >= 12 no longer bundles cisco.asa, and Galaxy is not reachable from our machines; the
only source is the copy inside the ansible 11.13.0 package. That copy is the release minus files the
Ansible package build stripped (tests/, docs/, .github/ ...), so its FILES.json lists files that are
not there and ansible-galaxy would refuse the tarball. This script checks every present file against
the release's own sha256 in FILES.json (so nothing was altered), drops only the entries of the
missing files, writes the new FILES.json checksum into MANIFEST.json and tars the result with the
member names ansible-galaxy expects (no leading ./, no __pycache__).

usage: pack_installed_collection.py SRC_DIR OUT_DIR  -> prints the tarball path
"""
import hashlib
import io
import json
import os
import sys
import tarfile


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def pack(src, out_dir):
    with open(os.path.join(src, "MANIFEST.json")) as handle:
        manifest = json.load(handle)
    with open(os.path.join(src, "FILES.json")) as handle:
        files = json.load(handle)
    kept, altered = [], []
    for entry in files["files"]:
        path = os.path.join(src, entry["name"])
        if entry["ftype"] == "dir":
            if entry["name"] == "." or os.path.isdir(path):
                kept.append(entry)
        elif os.path.isfile(path):
            with open(path, "rb") as handle:
                if sha256(handle.read()) != entry["chksum_sha256"]:
                    altered.append(entry["name"])
            kept.append(entry)
    if altered:
        raise SystemExit("%s: files differ from the release checksums: %s" % (src, ", ".join(altered)))
    files_json = json.dumps(dict(files, files=kept), indent=4).encode()
    manifest["file_manifest_file"]["chksum_sha256"] = sha256(files_json)
    manifest_json = json.dumps(manifest, indent=4).encode()
    info = manifest["collection_info"]
    os.makedirs(out_dir, exist_ok=True)
    tarball = os.path.join(out_dir, "%s-%s-%s.tar.gz" % (info["namespace"], info["name"], info["version"]))

    def add_bytes(tar, name, data):
        member = tarfile.TarInfo(name)
        member.size = len(data)
        member.mode = 0o644
        tar.addfile(member, io.BytesIO(data))

    with tarfile.open(tarball, "w:gz") as tar:
        add_bytes(tar, "MANIFEST.json", manifest_json)
        add_bytes(tar, "FILES.json", files_json)
        for entry in kept:
            if entry["name"] != ".":
                tar.add(os.path.join(src, entry["name"]), arcname=entry["name"], recursive=False)
    return tarball, len(files["files"]) - len(kept)


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    tarball, dropped = pack(argv[1], argv[2])
    print(tarball)
    print("%d entries of files absent from the installed copy dropped" % dropped, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
