import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.pfne.netops.plugins.filter.wlc_mic import FilterModule

F = FilterModule().filters()


def test_filter_names():
    assert set(F) == {"parse_wlc_ap_inventory", "parse_wlc_join_stats", "parse_wlc_certificates",
                      "parse_pki_certificates", "parse_ap_pki_certificates", "parse_c9800_join_summary",
                      "parse_capwap_log", "cisco_serial_date", "cert_expiry", "wlc_mic_joined"}


def test_filters_on_samples(fixture_text):
    assert F["parse_wlc_ap_inventory"](fixture_text("composed/aireos_show_ap_inventory_all.txt"))["aps"][1]["serial"] == \
        "FTX1616Q1XY"
    assert F["parse_wlc_join_stats"](fixture_text("aireos_show_ap_join_stats_summary_all_v4.txt"))["aps"][2][
        "joined"] is False
    assert F["parse_wlc_certificates"](fixture_text("aireos_show_certificate_all.txt"))["certificates"][0][
        "valid_to"] == "2019-07-10T14:38:08Z"
    certs = F["parse_ap_pki_certificates"](fixture_text("composed/ap_show_crypto_pki_certificates_mic_between_cas.txt"))
    assert [c["state"] for c in F["cert_expiry"](certs, "2026-01-31", 90)] == ["valid", "expired", "valid"]
    assert len(F["parse_c9800_join_summary"](fixture_text("c9800_show_wireless_stats_ap_join_summary.txt"))[
        "aps"]) == 7
    expired = F["parse_capwap_log"](fixture_text("ap_log_pki_expired.txt"))["events"][3]
    assert (expired["kind"], expired["cert_owner"]) == ("cert_expired", "controller")
    assert F["cisco_serial_date"]("FTX1616Q1XY")["mic_expires"] == "2022-04-15"


@pytest.mark.parametrize("name,arg,msg", [
    ("cisco_serial_date", "FCEDDCCBBAA", "cisco_serial_date: serial 'FCEDDCCBBAA': bad year code"),
    ("parse_wlc_join_stats", "Incorrect usage.", "parse_wlc_join_stats: .*Number of APs"),
    ("parse_pki_certificates", "Certificate\n  Status: Available\n", "parse_pki_certificates: .*end date"),
])
def test_filter_errors_are_ansible_errors(name, arg, msg):
    with pytest.raises(AnsibleFilterError, match=msg):
        F[name](arg)


def test_cert_expiry_negative_warn_days():
    with pytest.raises(AnsibleFilterError, match="warn_days: must be 0 or more"):
        F["cert_expiry"]([{"valid_to": "2030-01-01T00:00:00Z"}], "2026-01-01", -1)
