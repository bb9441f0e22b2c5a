"""Stand-in for the get-pip bootstrap script that ansible-test downloads from a
host our build machines cannot reach: bootstrap pip from this Python's own
ensurepip, then let pip install what ansible-test asked for (from PyPI).

ansible-test runs this with a reduced environment; the pip that ensurepip
bundles then does not find this machine's CA bundle, so it is named through
REQUESTS_CA_BUNDLE for that one install."""
import ensurepip
import os
import subprocess
import sys

GET_PIP_ONLY = {"--no-setuptools", "--no-wheel"}  # get-pip.py flags pip itself does not know
CA_BUNDLES = ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt")

env = dict(os.environ)
bundle = next((path for path in CA_BUNDLES if os.path.exists(path)), None)
if bundle:
    env.setdefault("REQUESTS_CA_BUNDLE", bundle)
ensurepip.bootstrap(upgrade=True)
args = [a for a in sys.argv[1:] if a not in GET_PIP_ONLY]
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install"] + args, env=env))
