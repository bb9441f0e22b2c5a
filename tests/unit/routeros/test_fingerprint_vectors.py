"""Known-answer vectors for the secret fingerprint scheme (routeros_diff module docstring, "Secrets").

A fingerprint kept in a device comment is compared with the one computed on the next run: a changed
scheme (rounds, salt layout, JSON form, key derivation, truncation) would re-send every secret on
every router while every other test still passes. These vectors pin it.

The expected values were computed once, outside Python, with OpenSSL 3.0 from the documented scheme:

  fingerprint (table or settings entry) = first 8 bytes, hex, of
      PBKDF2-HMAC-SHA256(password = json.dumps({prop: value for prop in secret}, sort_keys),
                         salt = json.dumps([path, match], sort_keys), iterations = 100000)
  fingerprint (entry with fingerprint_key K) = first 8 bytes, hex, of
      HMAC-SHA256(key = PBKDF2-HMAC-SHA256(K, salt "pfne-fingerprint-key", 100000, 32 bytes),
                  message = salt + "\\n" + values)   (salt and values as above)

  kdf() { openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt "pass:$1" -kdfopt "salt:$2" \\
          -kdfopt iter:100000 PBKDF2 | tr -d : | tr A-F a-f; }
  kdf '{"secret": "KAT-psk-1"}' '["/ip ipsec identity", {"comment": "pfne:ipsec:hq-branch:identity"}]'
  kdf '{"ipsec-secret": "KAT-l2tp-psk"}' '["/interface l2tp-server server", {}]'
  kdf '{"password": "p\\"q\\\\ $x?"}' '["/ppp secret", {"name": "bob"}]'
  K=$(kdf KAT-l2tp-psk pfne-fingerprint-key)
  printf '%s\\n%s' '["/ppp secret", {"name": "alice"}]' '{"password": "alice-pw-1"}' \\
      | openssl dgst -sha256 -mac HMAC -macopt hexkey:$K
"""
import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp import routeros as l2tp_routeros
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.diff import (
    FP_PREFIX,
    FP_ROUNDS,
    desired_entry,
    fingerprint,
    plan,
    validate_entries,
)

# the derived key of "KAT-l2tp-psk" (first command of the HMAC vector above)
KEY_OF_L2TP_PSK = "a2d857e171e16f1126b889f1f39b51cf095f91f31cc0df50b31dbaccaa956ebc"

VECTORS = [
    ("ipsec identity (table, PBKDF2)",
     desired_entry("/ip ipsec identity", {"comment": "pfne:ipsec:hq-branch:identity"},
                   {"peer": "pfne-hq-branch", "secret": "KAT-psk-1"}, secret=["secret"]),
     "b5f220a7f2ca3a5a"),
    ("L2TP server ipsec-secret (settings, kept in the pool comment)",
     desired_entry("/interface l2tp-server server", {}, {"use-ipsec": "yes", "ipsec-secret": "KAT-l2tp-psk"},
                   secret=["ipsec-secret"], singleton=True,
                   fingerprint_in={"path": "/ip pool", "match": {"name": "pfne-l2tp-pool"}}),
     "0d81b1684970212c"),
    ("PPP secret with quote, backslash and $ (JSON escapes)",
     desired_entry("/ppp secret", {"name": "bob"}, {"service": "l2tp", "password": 'p"q\\ $x?'},
                   secret=["password"]),
     "f69ff29f35839f0b"),
    ("PPP secret keyed by the L2TP PSK (HMAC under the derived key)",
     desired_entry("/ppp secret", {"name": "alice"}, {"service": "l2tp", "password": "alice-pw-1"},
                   secret=["password"], fingerprint_key="KAT-l2tp-psk"),
     "14efd1c1a52b7ac2"),
]


def test_scheme_constants():
    assert (FP_ROUNDS, FP_PREFIX) == (100000, "pfne-fp:")


@pytest.mark.parametrize("name,entry,expected", VECTORS, ids=[v[0] for v in VECTORS])
def test_known_answer(name, entry, expected):
    pool = desired_entry("/ip pool", {"name": "pfne-l2tp-pool"}, {"ranges": "10.99.0.10-10.99.0.20"})
    assert fingerprint(validate_entries([pool, entry])[1]) == expected


def test_derived_key_known_answer():
    from ansible_collections.pfne.netops.plugins.plugin_utils.routeros import diff as routeros_diff
    assert routeros_diff._derived_key("KAT-l2tp-psk").hex() == KEY_OF_L2TP_PSK


def test_vectors_are_what_the_l2tp_role_writes():
    """The L2TP renderer's own entries carry these fingerprints into the comments it plans."""
    model = {
        "pool_name": "pfne-l2tp-pool", "pool_start": "10.99.0.10", "pool_end": "10.99.0.20",
        "local_address": "10.99.0.1", "profile_name": "pfne-l2tp", "change_tcp_mss": True,
        "use_encryption": "yes", "dns_servers": [], "authentication": ["mschap2"], "mtu": 1450, "mru": 1450,
        "ipsec_secret": "KAT-l2tp-psk",
        "users": [{"name": "alice", "password": "alice-pw-1", "state": "present", "enabled": True}],
        "exclusive": False,
    }
    entries = l2tp_routeros._pool_profile(model) + [l2tp_routeros._server(model, "6.44-6.49")] + \
        l2tp_routeros._users(model)
    result = plan(validate_entries(entries), {"/ip pool": [], "/ppp profile": [], "/ppp secret": [],
                                             "/interface l2tp-server server": [
                                                 {"index": None, "flags": "", "properties": {}}]})
    shown = "\n".join(result["masked_commands"])
    assert FP_PREFIX + "0d81b1684970212c" in shown     # the server PSK, in the pool's comment
    assert FP_PREFIX + "14efd1c1a52b7ac2" in shown     # alice, keyed by the PSK
