"""Read the lab's devices from an Ansible YAML inventory (the same file the
playbooks use): every host with a ``lab_kind`` var becomes a simulated device."""
import copy

import yaml


def _walk(group, inherited, hosts):
    merged = dict(inherited)
    merged.update(group.get("vars") or {})
    for name, host_vars in (group.get("hosts") or {}).items():
        entry = hosts.setdefault(name, {})
        for key, value in merged.items():
            entry.setdefault(key, value)
        entry.update(host_vars or {})
    for child in (group.get("children") or {}).values():
        _walk(child or {}, merged, hosts)


def inventory_hosts(path):
    """Host name -> merged vars (group vars of inventory file, then host vars)."""
    with open(path) as handle:
        data = yaml.safe_load(handle) or {}
    hosts = {}
    for group in data.values():
        _walk(group or {}, {}, hosts)
    return hosts


def scale_hosts(count):
    """``count`` extra IOS routers on 127.0.100.1 and up, for load runs."""
    hosts = {}
    for i in range(count):
        hosts["scale-%03d" % (i + 1)] = {
            "lab_kind": "ios", "ansible_host": "127.0.%d.%d" % (100 + i // 250, i % 250 + 1),
            "ansible_port": 2222, "ansible_user": "admin", "ansible_password": "admin",
            "ansible_network_os": "cisco.ios.ios", "ansible_connection": "ansible.netcommon.network_cli",
            "ansible_become": True, "ansible_become_method": "enable", "ansible_become_password": "lab-enable"}
    return hosts


def write_inventory(path, hosts, group="lab"):
    with open(path, "w") as handle:
        yaml.safe_dump({"all": {"children": {group: {"hosts": hosts}}}}, handle, sort_keys=False)


def load_devices(inventory, lab=None, port=None, scale=0, seed_secrets=False):
    from lab.devices import KINDS

    hosts = {k: v for k, v in inventory_hosts(inventory).items() if v.get("lab_kind")} if inventory else {}
    hosts.update(scale_hosts(scale))
    devices = {}
    for name, spec in hosts.items():
        spec = copy.deepcopy(spec)
        if port:
            spec["ansible_port"] = port
        if seed_secrets:   # every device with secrets the collection does not manage (lab/seeded.py)
            spec["lab_seed_secrets"] = True
        devices[name] = KINDS[spec["lab_kind"]](name, spec, lab)
    return devices
