"""The one send engine (plugin_utils/common/send.py) over a fake connection: every outcome (answer,
refusal, silence, closed channel, timeout) for every vendor, and the one re-read after a failure."""
import pytest
from ansible.module_utils.connection import ConnectionError as AnsibleConnectionError

from ansible_collections.pfne.netops.plugins.plugin_utils.common import refusals
from ansible_collections.pfne.netops.plugins.plugin_utils.common import send as engine

SECRET = "s3cret-Only-In-Tests"
# a refusal as each device prints it (IOS/IOS-XE parser; RouterOS console; AireOS CLI; ASA):
# real texts quoted in tests/unit/routeros/test_routeros_apply.py, tests/integration/test_fault_matrix.py
REFUSAL = {
    "ios": "crypto isakmp key " + SECRET + " address 203.0.113.2\r\n                ^\r\n% Invalid input detected at '^' marker.\r\n",
    "c9800": "match certificate M allow expired-certificate\r\n% Incomplete command.\r\n",
    "routeros": "failure: already have such entry\r\n",
    "aireos": "Incorrect input! Use 'config ap ?' for help\r\n",
    "asa": "ERROR: Capture is busy, try again later\r\n",
}
PROBE = {"routeros": "/system identity print", "aireos": "show sysinfo"}
LINES = ["first", "second %s" % SECRET, "third"]
SHOWN = ["first", "second ********", "third"]


class Fake:
    """send(line): scripted per line: text, None/'None' (channel closed), or an exception to raise."""

    def __init__(self, script=None, default="", raise_refusals=False):
        self.script, self.default, self.sent = dict(script or {}), default, []
        self.raise_refusals = raise_refusals

    def __call__(self, line):
        self.sent.append(line)
        answer = self.script.get(line, self.default)
        if isinstance(answer, Exception):
            raise answer
        if self.raise_refusals and answer and refusals.find(answer, "asa" if "ERROR" in answer else "aireos"):
            # the ASA / AireOS terminal plugins raise the device's refusal (network_cli's error patterns stay on)
            raise AnsibleConnectionError(answer)
        return answer


def run(vendor, fake):
    return engine.send_lines(fake, LINES, vendor, masker=engine.masker_for([SECRET]), probe=PROBE.get(vendor))


@pytest.mark.parametrize("vendor", sorted(refusals.VENDORS))
def test_answered_lines_are_confirmed(vendor):
    fake = Fake(default="\r\n", script={PROBE.get(vendor): "  name: r1\r\n"})
    out = run(vendor, fake)
    assert out["confirmed"] == SHOWN and out["in_doubt"] == out["not_sent"] == [] and not out["failed"]
    # a device that prints nothing for success needs the probe to prove the last line ran
    assert fake.sent[-1] == (PROBE[vendor] if refusals.vendor(vendor).silent else "third")


@pytest.mark.parametrize("vendor", sorted(refusals.VENDORS))
def test_a_refusal_stops_the_run_and_is_in_no_list(vendor):
    fake = Fake(script={LINES[1]: REFUSAL[vendor]}, raise_refusals=refusals.vendor(vendor).raises)
    out = run(vendor, fake)
    assert out["failed"] and not out["lost"]
    assert out["confirmed"] == ["first"] and out["in_doubt"] == [] and out["not_sent"] == ["third"]
    assert out["refused"] == "second ********" and "refused by the device" in out["error"]
    assert SECRET not in repr(out) and "third" not in fake.sent


@pytest.mark.parametrize("vendor", sorted(refusals.VENDORS))
def test_silence_then_a_dead_probe(vendor):
    """Every line answered with nothing, then the connection is gone: a silent vendor cannot know the last
    line ran (in doubt); on IOS / ASA the prompt after each line is the answer."""
    fake = Fake(default="", script={PROBE.get(vendor): AnsibleConnectionError("Socket is closed")})
    out = run(vendor, fake)
    if refusals.vendor(vendor).silent:
        assert out["confirmed"] == SHOWN[:2] and out["in_doubt"] == ["third"] and out["lost"], out
    else:
        assert out["confirmed"] == SHOWN and not out["failed"]


@pytest.mark.parametrize("vendor", sorted(refusals.VENDORS))
@pytest.mark.parametrize("closed", [None, "None"])
def test_a_closed_channel_puts_the_line_in_doubt(vendor, closed):
    out = run(vendor, Fake(script={LINES[1]: closed}))
    # a silent vendor's first line would be proved by the second's prompt, which never came
    silent = refusals.vendor(vendor).silent
    assert out["lost"] and out["not_sent"] == ["third"]
    assert out["in_doubt"] == (["first", "second ********"] if silent else ["second ********"])
    assert out["confirmed"] == ([] if silent else ["first"])
    assert "closed before the device answered" in out["error"] and SECRET not in out["error"]


@pytest.mark.parametrize("vendor", sorted(refusals.VENDORS))
def test_a_timeout_puts_the_line_and_its_unproved_predecessor_in_doubt(vendor):
    timeout = AnsibleConnectionError("command timeout triggered, timeout value is 30 secs.")
    out = run(vendor, Fake(script={LINES[1]: timeout}))
    silent = refusals.vendor(vendor).silent
    assert out["lost"] and out["not_sent"] == ["third"]
    assert out["in_doubt"] == (["first", "second ********"] if silent else ["second ********"])
    assert out["confirmed"] == ([] if silent else ["first"])
    assert "timeout" in out["error"]


def test_every_error_form_of_routeros_is_a_refusal_and_a_comment_is_not():
    for _prefix, example in refusals.ROUTEROS_ERROR_FORMS:
        assert refusals.find("\r\n%s\r\n" % example, "routeros") == example
    assert refusals.find_in_table(" 0    comment=failure: x name=a", "routeros") is None


def test_the_terminal_plugins_own_patterns_count():
    # cisco.ios terminal_stderr_re: "Bad mask" has no '%' (not in the vendor table)
    assert refusals.find("Bad mask /33 for address 10.0.0.1\r\n", "ios")
    assert refusals.find("bad command name profile (line 1 column 10)", "routeros")


def test_a_lost_connection_is_not_a_refusal_for_vendors_that_raise():
    assert refusals.raised_refusal("Failed to write to ssh channel", "asa") is None
    assert refusals.raised_refusal("ERROR: Capture is busy", "asa")
    assert refusals.raised_refusal("ERROR: anything", "ios") is None   # IOS refusals come back as output


def test_unknown_vendor_is_named():
    with pytest.raises(ValueError, match="no send rules for vendor 'junos'"):
        engine.send_lines(Fake(), ["x"], "junos")


def test_settle_after_a_refusal_leaves_configuration_mode_then_reads_on_the_same_session():
    fake = Fake(script={LINES[1]: REFUSAL["ios"]})
    out = run("ios", fake)
    after = engine.settle(out, "ios", lambda send: send("show running-config") or "read", fake)
    assert fake.sent[-2:] == ["end", "show running-config"] and after["reread"] and not after["reconnected"]


def test_settle_after_a_loss_reads_over_a_new_connection_and_reports_a_failed_read_masked():
    out = run("routeros", Fake(script={LINES[1]: None}))
    again = Fake(default="x")
    after = engine.settle(out, "routeros", lambda send: send("/ip ipsec peer print"), Fake(), lambda: again)
    assert after == {"reread": True, "reconnected": True, "state": "x"} and again.sent == ["/ip ipsec peer print"]

    def broken(send):
        raise RuntimeError("read failed near %s" % SECRET)
    after = engine.settle(out, "routeros", broken, Fake(), lambda: again, masker=engine.masker_for([SECRET]))
    assert after["reread"] is False and after["error"] == "read failed near ********"
    assert "no way to reconnect" in engine.settle(out, "routeros", broken, Fake())["error"]


def test_an_ios_note_is_not_a_refusal():
    # IOS 12.4-15 print this after an accepted new map entry (Cisco "Configuring Security for VPNs with IPsec")
    note = ("% NOTE: This new crypto map will remain disabled until a peer\r\n"
            "        and a valid access list have been configured.\r\n")
    assert refusals.find(note, "ios") is None
    assert refusals.find("% Incomplete command.\r\n", "ios") == "% Incomplete command."
