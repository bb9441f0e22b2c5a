"""The lab's RouterOS 7 schema against community.routeros's machine-readable API path data.

community.routeros plugins/module_utils/_api_data.py (installed with ansible) lists every API
path and attribute of RouterOS, with version gates (``versioned_fields``).  Every menu and every
property the lab accepts on a 7.x device must exist there for that release; otherwise the lab
would accept what a real router refuses ("expected end of command").  Test-only: the roles do not
import this private module.
"""
import copy

import pytest

from ansible_collections.community.routeros.plugins.module_utils import _api_data
from lab.devices import routeros_schema

VERSION = "7.16.2"      # the lab inventory's RouterOS 7 release
# Where a real device and the API data disagree, the device wins: RouterOS 7 prints `;;;` comments
# on /ppp secret rows (tests/unit/fixtures/l2tp/secrets_table_v7.txt), which _api_data.py lacks.
DEVICE_EVIDENCE = {("/ppp secret", "comment")}
# Paths the installed community.routeros (3.14) does not list yet but its later _api_data.py does
# (ansible-collections/community.routeros main, 2026-06: ('user-manager',), ('user-manager', 'router'),
# ('user-manager', 'user'), each "7.15 >="); their fields as listed there.
NEWER_API_DATA = {
    "/user-manager": {"accounting-port", "authentication-port", "certificate", "enabled", "require-message-auth",
                      "use-profiles"},
    "/user-manager router": {"address", "coa-port", "comment", "disabled", "name", "shared-secret"},
    "/user-manager user": {"attributes", "caller-id", "comment", "disabled", "group", "name", "otp-secret",
                           "password", "shared-users"},
}


def unknown_attributes(menus, version):
    """[(path, attribute)] the schema accepts on ``version`` that the API data does not list."""
    unknown = []
    for path in sorted(menus):
        spec = routeros_schema.menu(path, routeros_schema.family(version)) if menus is routeros_schema.MENUS \
            else _menu_from(menus, path)
        if spec is None:
            continue
        data = _api_data.PATHS.get(tuple(path.split()[0].lstrip("/").split("/")) + tuple(path.split()[1:]))
        if data is None and path not in NEWER_API_DATA:
            unknown.append((path, None))
            continue
        if data is None:
            fields = NEWER_API_DATA[path]
        else:
            supported, _msg = data.provide_version(version)
            fields = data.get_data().fields if supported or data.unversioned is not None else {}
        names = [name for name, _default in spec["props"]]
        if not spec.get("singleton"):
            names += [n for n, off in (("comment", "no_comment"), ("disabled", "no_disable")) if not spec.get(off)]
        unknown.extend((path, name) for name in names if name not in fields and (path, name) not in DEVICE_EVIDENCE)
    return unknown


def _menu_from(menus, path):
    spec = menus[path]
    props = spec.get("family", {}).get("7", spec["props"])
    if spec.get("only") and "7" not in spec["only"]:
        return None
    return dict(spec, props=props)


def test_every_path_and_attribute_of_the_7x_lab_exists_in_the_api_data():
    assert unknown_attributes(routeros_schema.MENUS, VERSION) == []


def test_the_check_fails_on_an_attribute_routeros_does_not_have():
    """The cross-check can fail: a made-up property (and a 6.x-only one) on the 7.x policy menu is caught.
    (Not sa-dst-address: community.routeros 3.22 lists it again on 7.15 and later, 3.14 does not.)"""
    menus = copy.deepcopy(routeros_schema.MENUS)
    menus["/ip ipsec policy"]["family"]["7"] = menus["/ip ipsec policy"]["family"]["7"] + [
        ("priority", "0"), ("frobnicate", "yes")]
    assert unknown_attributes(menus, VERSION) == [("/ip ipsec policy", "priority"),
                                                  ("/ip ipsec policy", "frobnicate")]


def test_the_check_fails_on_a_menu_routeros_7_does_not_have():
    menus = copy.deepcopy(routeros_schema.MENUS)
    menus["/ip ipsec peer profile"]["only"] = ("6.43", "7")     # 6.43.x only on real routers
    assert ("/ip ipsec peer profile", None) in unknown_attributes(menus, VERSION)


@pytest.mark.parametrize("path", ["/ip ipsec profile", "/ip ipsec identity"])
def test_6_43_has_no_profile_or_identity_menu(path):
    assert routeros_schema.menu(path, "6.43") is None
    assert routeros_schema.menu("/ip ipsec peer profile", "6.43") is not None
    assert routeros_schema.menu("/ip ipsec peer profile", "6.44") is None
