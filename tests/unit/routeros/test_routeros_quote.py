"""Quoting of RouterOS values: known forms and a quote -> parse round trip."""
import pytest
from hypothesis import given, strategies as st

from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.parse import parse_print_terse
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.quote import (
    RouterOSQuoteError,
    check_console_secret,
    format_args,
    format_find,
    quote_value,
    unquote_value,
)


@pytest.mark.parametrize("value,quoted", [
    ("aes-256-cbc", "aes-256-cbc"),
    ("10.0.0.0/24", "10.0.0.0/24"),
    ("pfne:ipsec:hq-branch:ike", "pfne:ipsec:hq-branch:ike"),
    ("!LAN", "!LAN"),
    ("", '""'),
    ("two words", '"two words"'),
    ('say "hi"', '"say \\"hi\\""'),
    ("back\\slash", '"back\\\\slash"'),
    ("$var", '"\\$var"'),
    ("what?", '"what\\?"'),
    ("a=b", '"a=b"'),
    ("semi;colon", '"semi;colon"'),
    ("[find]", '"[find]"'),
])
def test_quote_value(value, quoted):
    assert quote_value(value) == quoted


def test_force_quotes():
    assert quote_value("x", force=True) == '"x"'


@pytest.mark.parametrize("value", ["line\nbreak", "tab\there", "cr\r", "nul\x00", "del\x7f"])
def test_control_characters_refused_and_value_not_echoed(value):
    with pytest.raises(RouterOSQuoteError) as err:
        quote_value(value, "properties.secret")
    assert "properties.secret" in str(err.value)
    assert value not in str(err.value)


def test_non_ascii_refused():
    with pytest.raises(RouterOSQuoteError, match="non-ASCII"):
        quote_value("caf\u00e9", "properties.comment")


def test_non_string_refused():
    with pytest.raises(RouterOSQuoteError, match="must be strings"):
        quote_value(500, "properties.dst-port")


@pytest.mark.parametrize("text,value", [
    ('"a\\_b"', "a b"),
    ('"\\41\\42"', "AB"),
    ('"x\\ny"', "x\ny"),
    ("bare", "bare"),
])
def test_unquote_escapes(text, value):
    assert unquote_value(text) == value


@pytest.mark.parametrize("text", ['"open', '"bad\\q"', '"in"side"', '"end\\"'])
def test_unquote_errors(text):
    with pytest.raises(RouterOSQuoteError):
        unquote_value(text)


def test_format_args_and_find():
    assert format_args({"name": "p1", "comment": "a b"}) == 'name=p1 comment="a b"'
    assert format_find({"name": "p1"}) == '[find where name="p1"]'
    assert format_find({"chain": "input", "action": "drop"}) == '[find where chain="input" and action="drop"]'


ascii_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40)


@given(ascii_text)
def test_round_trip_unquote(value):
    quoted = quote_value(value)
    assert (unquote_value(quoted) if quoted.startswith('"') else quoted) == value


@given(ascii_text)
def test_round_trip_through_print_terse_when_quoted(value):
    # the device may print a value quoted; whatever we quote must parse back unchanged
    line = " 0    comment=%s name=x\n" % quote_value(value, force=True)
    (item,) = parse_print_terse(line)
    assert item["properties"]["comment"] == value
    assert item["properties"]["name"] == "x"


@given(st.from_regex(r"[A-Za-z0-9._:/,@!*+%-]{1,30}", fullmatch=True))
def test_plain_values_stay_bare_and_parse_back(value):
    assert quote_value(value) == value
    (item,) = parse_print_terse(" 3 X  name=%s mtu=1500\n" % value)
    assert item["properties"] == {"name": value, "mtu": "1500"}


class _Refused(ValueError):
    def __init__(self, field, message):
        super(_Refused, self).__init__("%s: %s" % (field, message))


@pytest.mark.parametrize("secret,why", [
    ("pa$$word-long", "contains '$'"), ('say"it-loud', "contains '\"'"), ("semi;colon", "contains ';'"),
    ("tab\there", "non-printable"), ("caf\u00e9-secret", "non-ASCII"), (" lead-space", "starts or ends"),
    ("short", "length must be 8..128"), (12345678, "must be a string"),
])
def test_console_secret_refused_with_the_callers_error_and_never_echoed(secret, why):
    with pytest.raises(_Refused) as caught:
        check_console_secret(secret, "users[0].password", _Refused, min_len=8)
    message = str(caught.value)
    assert message.startswith("users[0].password: ") and why in message
    assert str(secret) not in message


def test_console_secret_accepted_as_typed():
    assert check_console_secret("Long-enough_secret.1", "psk", _Refused, min_len=20) == "Long-enough_secret.1"
