"""Unknown variables of a role's prefix and of pfne_* are refused with "did you mean" suggestions."""
import glob
import os
import re

from ansible_collections.pfne.netops.plugins.plugin_utils.common import vars_check

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
ROLES = sorted(os.path.basename(p) for p in glob.glob(os.path.join(ROOT, "roles", "*")))
# roles with variables of their own (pfne.netops.preflight has none, so it has no prefix to check)
PREFIXED_ROLES = [r for r in ROLES if r != "preflight"]


def role(name):
    return os.path.join(ROOT, "roles", name)


def test_the_l2tp_users_typo_is_refused_naming_the_right_variable():
    msg = vars_check.check_role_vars(["mikrotik_l2tp_mobile_user", "mikrotik_l2tp_mobile_exclusive"],
                                     role("mikrotik_l2tp_mobile"), "mikrotik_l2tp_mobile_")
    assert "mikrotik_l2tp_mobile_user (did you mean mikrotik_l2tp_mobile_users?)" in msg
    assert "mikrotik_l2tp_mobile_exclusive" not in msg.replace("mikrotik_l2tp_mobile_user (", "")
    assert "Nothing was sent" in msg


def test_every_role_refuses_its_own_typo_and_a_pfne_typo():
    assert len(PREFIXED_ROLES) == 7   # ipsec_doctor (24), mikrotik_ikev2_mobile (25) and the older five
    for name in PREFIXED_ROLES:
        prefix = name + "_"
        known = sorted(n for n in vars_check.role_known_names(role(name)) if n.startswith(prefix))
        assert known, name
        typo = known[0][:-1]   # one letter short
        msg = vars_check.check_role_vars([typo, "pfne_artifact_dir"] + known, role(name), prefix)
        assert typo in msg and "pfne_artifact_dir (did you mean pfne_artifacts_dir?)" in msg, (name, msg)
        assert vars_check.check_role_vars(known + ["pfne_artifacts_dir"], role(name), prefix) == ""


def test_other_prefixes_and_internal_names_are_left_alone():
    names = ["asa_capture_nme", "__mikrotik_l2tp_mobile_plan", "ansible_host", "lab_kind"]
    assert vars_check.check_role_vars(names, role("mikrotik_l2tp_mobile"), "mikrotik_l2tp_mobile_") == ""


def test_names_the_role_registers_or_sets_are_known():
    """A rerun in one play sees the role's own registered results and facts: they are not typos."""
    known = vars_check.role_known_names(role("wlc_mic_ignore"))
    assert {"wlc_mic_ignore_audit", "wlc_mic_ignore_fix", "wlc_mic_ignore_verify"} <= known
    assert {"asa_capture_plan", "asa_capture_result"} <= vars_check.role_known_names(role("asa_capture"))


def test_task_names_walks_blocks_and_set_fact():
    tasks = [{"block": [{"ansible.builtin.set_fact": {"a_x": 1, "cacheable": True}}],
              "rescue": [{"register": "a_y"}]}, {"set_fact": {"a_z": 2}}, "not a task"]
    assert vars_check.task_names(tasks) == {"a_x", "a_y", "a_z"}


def test_no_suggestion_when_nothing_is_close():
    assert vars_check.refusal(vars_check.unknown_names(["pfne_zzz"], ("pfne_",), {"pfne_ipsec_site"})) == (
        "unknown variable(s): pfne_zzz. Nothing was sent to any device; rename or remove them "
        "(the role's variables are listed in its README and meta/argument_specs.yml)")


def test_every_pfne_variable_the_collection_uses_is_known():
    """The one list of pfne_* names stays complete: a new pfne_* variable in a playbook, role, inventory,
    molecule scenario or doc must be added to PFNE_KNOWN (else the roles would refuse it)."""
    used = set()
    for folder in ("playbooks", "roles", "inventories", "extensions", "docs"):
        for path in glob.glob(os.path.join(ROOT, folder, "**", "*.*"), recursive=True):
            if path.endswith((".yml", ".yaml", ".md")):
                with open(path) as handle:
                    used |= set(re.findall(r"\b(pfne_[a-z0-9_]*[a-z0-9])\b", handle.read()))
    with open(os.path.join(ROOT, "README.md")) as handle:
        used |= set(re.findall(r"\b(pfne_[a-z0-9_]*[a-z0-9])\b", handle.read()))
    used.discard("pfne_netops")   # a folder name (~/.ansible/pfne_netops), not a variable
    assert used
    assert sorted(used - vars_check.PFNE_KNOWN) == []
