# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Thin filters for the mikrotik_ikev2_mobile role and the L2TP -> IKEv2 migration; logic in plugin_utils/ikev2/.

Documentation of each filter: the YAML file of the same name beside this one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.common.lazy import LazyModule

# the logic, imported on first use (plugin_utils/common/lazy.py says why)
ikev2_migrate = LazyModule("ikev2.migrate")
ikev2_model = LazyModule("ikev2.model")
ikev2_role = LazyModule("ikev2.role")
ikev2_routeros = LazyModule("ikev2.routeros")
routeros_family = LazyModule("routeros.family")


def ikev2_validate(server, users, l2tp_pool=None, var_prefix=""):
    """{'errors': [...], 'warnings': [...]} - never a password, passphrase or key."""
    return ikev2_role.validate(server, users, l2tp_pool, var_prefix)


def ikev2_support(version, auth="certificate", var_prefix=""):
    """'' when the RouterOS release serves IKEv2 road warriors with this auth, else why not."""
    try:
        reason = ikev2_routeros.support(version, auth) or ""
        field = reason.split(":", 1)[0]
        return reason if not reason else ikev2_role.role_field(field, var_prefix) + reason[len(field):]
    except routeros_family.RouterOSVersionError as exc:
        return str(exc)


def ikev2_entries(server, users, version, pki, radius_secret=None):
    """Desired RouterOS entries {'family', 'entries', 'certificates'} for pfne.netops.routeros_apply."""
    try:
        model = ikev2_model.normalize(server, users)
        return ikev2_routeros.render(model, version, pki, radius_secret)
    except (FieldError, routeros_family.RouterOSVersionError) as exc:
        raise AnsibleFilterError("ikev2_mobile: %s" % exc)


def ikev2_migration(l2tp_users, ikev2_users, migrate, auth="certificate"):
    """The two user lists and the report data of an L2TP -> IKEv2 move (see plugin_utils/ikev2/migrate.py);
    bad input gives {'errors': [message naming the field]} (no password) for a task to show."""
    try:
        result = ikev2_migrate.plan(l2tp_users, ikev2_users, migrate, auth)
    except FieldError as exc:
        return {"errors": ["l2tp_to_ikev2: %s" % exc]}
    result["errors"] = []
    return result


def ikev2_migration_report(result, host):
    """Plain-text report of a migration result for one router (no passwords)."""
    return ikev2_migrate.report_text(host, result)


class FilterModule(object):
    def filters(self):
        return {
            "ikev2_validate": ikev2_validate,
            "ikev2_support": ikev2_support,
            "ikev2_entries": ikev2_entries,
            "ikev2_migration": ikev2_migration,
            "ikev2_migration_report": ikev2_migration_report,
        }
