# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Moving named users from the L2TP role to the IKEv2 role, one step at a time.

``plan(l2tp_users, ikev2_users, migrate, auth)`` returns the two user lists the roles run with:
- IKEv2: the listed IKEv2 users plus every migrated user not there yet (state present; with
  eap-mschapv2 the user's L2TP password goes along: both are MS-CHAPv2 secrets of the same person);
- L2TP: the listed L2TP users with the migrated ones set to ``state: absent`` (the L2TP role removes
  their ``/ppp secret``);
and the report: who moved, who is still on L2TP, and the inventory change to make so the next run
of either playbook keeps the result.  No password appears in the report.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError


def _names(users, field):
    if not isinstance(users, list) or not all(isinstance(u, dict) and u.get("name") for u in users):
        raise FieldError(field, "expected a list of users with a name each")
    return [u["name"] for u in users]


def _check(l2tp_users, migrate):
    if not isinstance(migrate, list) or not migrate or not all(isinstance(n, str) and n for n in migrate):
        raise FieldError("pfne_migrate_users", "list the L2TP user names to move to IKEv2 (at least one)")
    present = dict((u["name"], u) for u in l2tp_users if u.get("state", "present") == "present")
    for index, name in enumerate(migrate):
        if name not in present and name not in [u["name"] for u in l2tp_users]:
            raise FieldError("pfne_migrate_users[%d]" % index, "%r is not in mikrotik_l2tp_mobile_users" % name)
        if migrate.index(name) != index:
            raise FieldError("pfne_migrate_users[%d]" % index, "%r is listed twice" % name)
    return present


def plan(l2tp_users, ikev2_users, migrate, auth="certificate"):
    """-> {'ikev2_users', 'l2tp_users', 'migrated', 'remaining', 'already', 'inventory'} (no passwords
    outside the two user lists)."""
    _names(l2tp_users, "mikrotik_l2tp_mobile_users")
    ikev2_names = _names(ikev2_users or [], "mikrotik_ikev2_mobile_users")
    present = _check(l2tp_users, migrate)
    new_ikev2 = [dict(u) for u in ikev2_users or []]
    for name in migrate:
        if name in ikev2_names or name not in present:
            continue
        user = {"name": name, "state": "present"}
        if auth == "eap-mschapv2":
            user["password"] = present[name].get("password")
        new_ikev2.append(user)
    new_l2tp = [dict(u, state="absent") if u["name"] in migrate else dict(u) for u in l2tp_users]
    moved = [n for n in migrate if n in present]
    remaining = sorted(n for n in present if n not in migrate)
    return {"ikev2_users": new_ikev2, "l2tp_users": new_l2tp, "migrated": moved,
            "already": [n for n in migrate if n not in present], "remaining": remaining,
            "inventory": ["mikrotik_l2tp_mobile_users: set state: absent for %s" % ", ".join(moved),
                          "mikrotik_ikev2_mobile_users: add %s" % ", ".join(n for n in moved if n not in ikev2_names)]
            if moved else []}


def report_text(host, result):
    """The plain-text migration report for one router."""
    lines = ["L2TP -> IKEv2 migration on %s" % host,
             "moved to IKEv2: %s" % (", ".join(result["migrated"]) or "none"),
             "already off L2TP: %s" % (", ".join(result["already"]) or "none"),
             "still on L2TP (%d): %s" % (len(result["remaining"]), ", ".join(result["remaining"]) or "none")]
    if result["inventory"]:
        lines += ["", "Keep it so in your inventory (otherwise the next l2tp_mobile.yml run adds them back):"]
        lines += ["  - " + item for item in result["inventory"]]
    return "\n".join(lines) + "\n"
