import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import fix as f
from ansible_collections.pfne.netops.plugins.plugin_utils.ios.config_send import flatten_blocks
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.c9800 import parse_pki_allow_expired


@pytest.mark.parametrize("version,name", [
    ("8.5.182.0", "cert-expiry-ignore"), ("7.4.140.0", "cert-expiry-ignore"), ("8.0.120.0", "cert-expiry-ignore"),
    ("7.4.150.0", "cert-expiry-ignore"), ("8.1.102.0", "cert-expiry-ignore"), ("8.10.196.0", "cert-expiry-ignore"),
    ("7.0.252.0", "lifetime-check"),
])
def test_command_by_version(version, name):
    """FN63942 / CSCuq19142: 7.0.252.0 lifetime-check; 7.4.140.0+, 8.0.120.0+ and later trains cert-expiry-ignore."""
    assert f.aireos_command_name(version) == name


@pytest.mark.parametrize("version", ["7.0.240.0", "7.4.121.0", "7.3.101.0", "7.6.130.0", "7.5.102.0",
                                     "8.0.110.0", "7.2.111.3"])
def test_release_with_neither_command_is_refused_by_name(version):
    with pytest.raises(f.FixInputError, match="AireOS %s has neither .*nothing was sent" % version.replace(".", r"\.")):
        f.aireos_command_name(version)
    with pytest.raises(f.FixInputError):
        f.aireos_commands(version, {"mic": False, "ssc": False})


def test_map_name_with_trailing_newline_is_refused():
    with pytest.raises(f.FixInputError, match="map_name"):
        f.c9800_config({"maps": {}, "trustpool_allow_expired": []}, "PFNE_MAP\n")


def test_enable_when_absent():
    assert f.aireos_commands("8.5.182.0", {"mic": False, "ssc": None}) == ["config ap cert-expiry-ignore mic enable"]


def test_enable_is_idempotent():
    assert f.aireos_commands("8.5.182.0", {"mic": True, "ssc": None}) == []


def test_unknown_state_sends_command():
    assert f.aireos_commands("8.5.182.0", {"mic": None}) == ["config ap cert-expiry-ignore mic enable"]


def test_both_types_old_release():
    cmds = f.aireos_commands("7.0.252.0", {"mic": True, "ssc": False}, "enabled", ["mic", "ssc"])
    assert cmds == ["config ap lifetime-check ssc enable"]


def test_disable_reverts_only_enabled():
    cur = {"mic": True, "ssc": False}
    assert f.aireos_commands("8.5.182.0", cur, "disabled", ["mic", "ssc"]) == [
        "config ap cert-expiry-ignore mic disable"]
    assert f.aireos_commands("8.5.182.0", {"mic": False, "ssc": False}, "disabled", ["mic", "ssc"]) == []


@pytest.mark.parametrize("state,types,msg", [
    ("on", ["mic"], "state: expected one of"), ("enabled", ["lsc"], "cert_types: unknown lsc"),
    ("enabled", [], "non-empty list"),
])
def test_bad_options(state, types, msg):
    with pytest.raises(f.FixInputError, match=msg):
        f.aireos_commands("8.5.182.0", {"mic": False}, state, types)


def test_warnings():
    assert f.aireos_warnings("8.5.182.0") == []
    w = f.aireos_warnings("8.3.150.0", wlc_cert_expired=True)
    assert len(w) == 1 and "CSCvb93909" in w[0]
    assert "lifetime-check" in f.aireos_warnings("7.0.252.0")[0]


EMPTY = {"maps": {}, "trustpool_allow_expired": [], "allowed_issuers": []}


def test_c9800_enable_from_scratch():
    blocks = f.c9800_config(EMPTY, "PFNE_EXPIRED_MIC")
    assert blocks == [
        {"parents": ["crypto pki certificate map PFNE_EXPIRED_MIC 1"], "lines": ["issuer-name co cisco manufacturing ca"]},
        {"parents": ["crypto pki trustpool policy"], "lines": ["match certificate PFNE_EXPIRED_MIC allow expired-certificate"]},
    ]
    assert flatten_blocks(blocks) == [
        "crypto pki certificate map PFNE_EXPIRED_MIC 1", " issuer-name co cisco manufacturing ca",
        "crypto pki trustpool policy", " match certificate PFNE_EXPIRED_MIC allow expired-certificate"]


def test_c9800_enable_with_act2():
    blocks = f.c9800_config(EMPTY, "M", include_act2=True)
    assert blocks[1] == {"parents": ["crypto pki certificate map M 2"], "lines": ["issuer-name co act2 sudi ca"]}


def test_c9800_idempotent_against_running_config():
    running = ("crypto pki trustpool policy\n match certificate PFNE_EXPIRED_MIC allow expired-certificate\n"
               "crypto pki certificate map PFNE_EXPIRED_MIC 1\n issuer-name co cisco manufacturing ca\n")
    assert f.c9800_config(parse_pki_allow_expired(running), "PFNE_EXPIRED_MIC") == []


def test_c9800_partial_state_adds_missing_policy_only():
    running = "crypto pki certificate map PFNE_EXPIRED_MIC 1\n issuer-name co cisco manufacturing ca\n"
    blocks = f.c9800_config(parse_pki_allow_expired(running), "PFNE_EXPIRED_MIC")
    assert blocks == [{"parents": ["crypto pki trustpool policy"],
                       "lines": ["match certificate PFNE_EXPIRED_MIC allow expired-certificate"]}]


def test_c9800_disable_reverses(fixture_text):
    state = parse_pki_allow_expired(fixture_text("c9800_run_section_crypto_pki_allow_expired.txt"))
    assert f.c9800_config(state, "ALLOW_EXPIRED", "disabled") == [
        {"parents": ["crypto pki trustpool policy"], "lines": ["no match certificate ALLOW_EXPIRED allow expired-certificate"]},
        {"parents": [], "lines": ["no crypto pki certificate map ALLOW_EXPIRED 10"]},
        {"parents": [], "lines": ["no crypto pki certificate map ALLOW_EXPIRED 20"]},
    ]
    assert f.c9800_config(EMPTY, "ALLOW_EXPIRED", "disabled") == []


def test_c9800_bad_map_name():
    with pytest.raises(f.FixInputError, match="map_name"):
        f.c9800_config(EMPTY, "bad name")
