"""Role variable tables are generated from meta/argument_specs.yml (scripts/role_docs.py): a README that
drifts from its spec fails here, and a required variable never shows (or has) a default."""
import glob
import importlib.util
import os
import shutil

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
_spec = importlib.util.spec_from_file_location("role_docs", os.path.join(ROOT, "scripts", "role_docs.py"))
role_docs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(role_docs)
ROLE_DIRS = sorted(os.path.dirname(os.path.dirname(p))
                   for p in glob.glob(os.path.join(ROOT, "roles", "*", "meta", "argument_specs.yml")))


def test_every_readme_table_matches_its_spec():
    drifted = []
    for path, text in role_docs.generated().items():
        with open(path) as handle:
            if handle.read() != text:
                drifted.append(os.path.relpath(path, ROOT))
    assert drifted == [], "run: python scripts/role_docs.py"
    assert len(role_docs.generated()) == len(ROLE_DIRS) + 1


def test_required_variables_have_no_default_anywhere():
    for role_dir in ROLE_DIRS:
        with open(os.path.join(role_dir, "meta", "argument_specs.yml")) as handle:
            specs = yaml.safe_load(handle)["argument_specs"]
        with open(os.path.join(role_dir, "defaults", "main.yml")) as handle:
            defaults = yaml.safe_load(handle) or {}
        with open(os.path.join(role_dir, "README.md")) as handle:
            readme = handle.read()
        for entry in specs.values():
            for name, option in entry.get("options", {}).items():
                if not option.get("required"):
                    continue
                assert "default" not in option and name not in defaults, (role_dir, name)
                rows = [line for line in readme.splitlines() if line.startswith("| `%s` |" % name)]
                assert rows and all(row.split(" | ")[2] == "**required**" for row in rows), (role_dir, name, rows)


def test_a_changed_spec_changes_the_table(tmp_path):
    """The check can fail: a new option or a new default in the spec shows in the generated table."""
    role = tmp_path / "roles" / "demo"
    shutil.copytree(os.path.join(ROOT, "roles", "mikrotik_l2tp_mobile"), str(role))
    before = role_docs.role_tables(str(role))["main"]
    spec_path = role / "meta" / "argument_specs.yml"
    spec = yaml.safe_load(spec_path.read_text())
    options = spec["argument_specs"]["main"]["options"]
    options["mikrotik_l2tp_mobile_mtu"]["default"] = 1400
    options["mikrotik_l2tp_mobile_new"] = {"type": "list", "elements": "str", "required": True,
                                           "description": "A new C(option)."}
    spec_path.write_text(yaml.safe_dump(spec))
    after = role_docs.role_tables(str(role))["main"]
    assert "| `mikrotik_l2tp_mobile_mtu` | int | `1400` |" in "\n".join(after)
    assert "| `mikrotik_l2tp_mobile_new` | list of str | **required** | A new `option`. |" in after
    assert after != before


def test_readme_opens_with_its_title_then_the_two_commands():
    with open(os.path.join(ROOT, "README.md")) as handle:
        lines = handle.read().splitlines()
    assert lines[0] == "# pfne.netops"
    block = "\n".join(lines[1:12])
    assert block.index("```") < block.index("make demo") < block.index("make test")


def _known_limits():
    with open(os.path.join(ROOT, "docs", "ipsec_site.md")) as handle:
        return handle.read().split("## Known limits", 1)[1].split("\n## ", 1)[0]


def test_ipsec_known_limits_do_not_deny_what_the_code_does():
    """Each claim the 'Known limits' once made, checked against the code that now does it."""
    from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import ios as ipsec_ios
    limits = " ".join(_known_limits().split())
    with open(os.path.join(ROOT, "roles", "cisco_crypto_map", "tasks", "verify.yml")) as handle:
        verify = handle.read()
    if os.path.exists(os.path.join(ROOT, "plugins", "filter", "parse_ikev2_sa.yml")) and "ikev2 sa" in verify:
        assert "no `show crypto ikev2 sa` parser" not in limits
    with open(ipsec_ios.__file__) as handle:
        code = handle.read()
    if 'tmpl.render("map_peer", negate=True' in code:
        assert "additive" not in limits
    if "nat_exempt" in code:
        assert "NAT exemption (an `ip nat inside source list` ACL) is not managed" not in limits
    with open(os.path.join(ROOT, "roles", "cisco_crypto_map", "defaults", "main.yml")) as handle:
        if yaml.safe_load(handle)["cisco_crypto_map_update_password"] == "on_create":
            assert "re-sent each run" not in limits


def test_asa_capture_readme_says_what_the_pcap_holds():
    """The pcap is the real frame bytes (show capture NAME dump) unless the dump cannot be read."""
    from ansible_collections.pfne.netops.plugins.modules import asa_capture
    pcap = yaml.safe_load(asa_capture.DOCUMENTATION)["options"]["pcap"]
    with open(os.path.join(ROOT, "roles", "asa_capture", "README.md")) as handle:
        readme = " ".join(handle.read().split())
    assert pcap["default"] == "auto" and "dump" in " ".join(pcap["description"])
    assert "(synthetic, headers only)" not in readme
    assert "real frame bytes read with `show capture NAME dump`" in readme
