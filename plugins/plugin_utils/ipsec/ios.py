# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cisco IOS / IOS-XE crypto maps for the site's tunnels: read the running-config into a model
(ios_crypto_template), build the wanted objects per tunnel, compare by meaning and render only
the differences as lines + parents for cisco.ios.ios_config.

Comparing meanings, not lines, is what makes a second run send nothing on real devices: IOS pads
`crypto isakmp key ... address A         no-xauth`, IOS-XE numbers ACL entries (` 10 permit ip`),
IOS hides defaults (isakmp `hash sha`, `lifetime 86400`, crypto map SA lifetime 3600 s, IKEv2
profile `lifetime 86400`), and with `password encryption aes` keys read back only as `6 <cipher>`.
Keys that cannot be read back follow `update_password` (cisco.ios convention): `on_create` leaves
them, `always` re-sends them and says so.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

try:
    import netaddr
except ImportError:  # pragma: no cover
    netaddr = None

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import vocab
from ansible_collections.pfne.netops.plugins.plugin_utils.ios import crypto_template as tmpl
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec.tunnel import mask_secrets, sides
from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.common.secret_log import mask

UPDATE_PASSWORD = ("always", "on_create")
# IOS values running-config leaves out
_ISAKMP_DEFAULTS = {"encryption": "des", "hash": "sha", "authentication": "rsa-sig", "group": 1,
                    "lifetime": vocab.IOS_ISAKMP_DEFAULT_LIFETIME}


class IosPlanError(FieldError):
    """The running-config forbids the change (would clobber something); names the field."""


def object_name(tunnel):
    return "PFNE-" + tunnel["name"]


# ------------------------------------------------------------------ reading
def read_model(running_config):
    """The crypto model of a running-config, with defaults filled in (see ios_crypto_template)."""
    model = tmpl.parse(running_config)
    for key in ("isakmp_policies", "isakmp_keys", "transform_sets", "ikev2_proposals", "ikev2_policies",
                "ikev2_keyrings", "ikev2_profiles", "crypto_maps", "acls", "interfaces", "route_maps"):
        model[key] = dict((str(k), v) for k, v in (model.get(key) or {}).items())
    model["isakmp_policies"] = dict((int(k), dict(_ISAKMP_DEFAULTS, **v)) for k, v in model["isakmp_policies"].items())
    model.setdefault("isakmp_identity", "address")      # IOS prints both only when not the default
    model.setdefault("nat_transparency", True)
    model["crypto_maps"] = dict((name, dict((int(s), e) for s, e in entries.items()))
                                for name, entries in model["crypto_maps"].items())
    for acl in model["acls"].values():
        acl["entries"] = sorted((int(s), _entry(e["action"], e["rest"])) for s, e in (acl.get("entries") or {}).items())
    for key in model["isakmp_keys"].values():
        key["key"] = str(key["key"])
    for ring in model["ikev2_keyrings"].values():
        for peer in (ring.get("peers") or {}).values():
            if "key" in peer:
                peer["key"] = str(peer["key"])
    model.setdefault("nat", {})
    return model


def _entry(action, rest):
    """An ACL entry by meaning: IOS pads `deny   ip`, IOS-XE adds the sequence number."""
    return "%s %s" % (action, " ".join(str(rest).split()))


def _words(value):
    return " ".join(str(value or "").split())


def _find_interface(model, name):
    for iface in model["interfaces"]:
        if iface.lower() == name.lower():
            return iface
    return None


def _ours(entry, name, peer):
    """A crypto map entry of the tunnel: it protects our ACL, or a run interrupted before `match address`
    left it with our transform-set or with nothing but our peer (IOS keeps such an entry disabled)."""
    if entry.get("match_address"):
        return entry["match_address"] == name
    if entry.get("transform_set"):
        return entry["transform_set"] == name
    return set(entry.get("peers") or {}) == {peer}


def _lowest_free(used, start=10, step=10):
    n = start
    while n in used:
        n += step
    return n


# ------------------------------------------------------------------ wanted objects
def wildcard(cidr):
    net = netaddr.IPNetwork(cidr)
    if net.prefixlen == 32:
        return "host %s" % net.ip
    return "%s %s" % (net.network, net.hostmask)


def _pairs(local, remote):
    return ["ip %s %s" % (wildcard(l), wildcard(r)) for l in local["subnets"] for r in remote["subnets"]]


def isakmp_policy(tunnel):
    ike = tunnel["ike"]
    return {"encryption": vocab.to_ios("ike_encryption", ike["encryption"], "ike.encryption", 1),
            "hash": vocab.to_ios("ike_integrity", ike["integrity"], "ike.integrity", 1),
            "authentication": "pre-share", "group": int(vocab.to_ios("dh", ike["dh_group"], "ike.dh_group")),
            "lifetime": ike["lifetime"]}


def _policy_lines(policy):
    lines = ["encr " + policy["encryption"]]
    for key in ("hash", "authentication", "group", "lifetime"):
        if policy[key] != _ISAKMP_DEFAULTS[key] or key == "authentication":
            lines.append(tmpl.render("isakmp_" + {"authentication": "auth"}.get(key, key), **{key: policy[key]}))
    return lines


def _transforms(tunnel):
    esp = tunnel["esp"]
    return "%s %s" % (vocab.to_ios("esp_encryption", esp["encryption"], "esp.encryption"),
                      vocab.to_ios("esp_integrity", esp["integrity"], "esp.integrity"))


class _Plan:
    """Blocks for one site, built tunnel by tunnel against a model that grows with each plan."""

    def __init__(self, model, update_password, secrets):
        self.model = model
        self.update_password = update_password
        self.secrets = [s for s in secrets if s]
        self.blocks, self.notes, self.chosen = [], [], []

    def add(self, parents, lines, secret=False):
        lines = [l for l in lines if l]
        if not lines:
            return
        for block in self.blocks:            # one block per config path (shared binding / policy)
            if parents and block["parents"] == parents:
                block["lines"].extend(l for l in lines if l not in block["lines"])
                block["secret"] = block["secret"] or secret
                return
        self.blocks.append({"parents": list(parents), "lines": list(lines), "secret": secret})

    # -------------------------------------------------------------- present
    def present(self, tun, site):
        local, remote = sides(tun, site)
        ios, name, model = local["ios"], object_name(tun), self.model
        field = "pfne_ipsec_tunnels[%s].endpoints.%s.ios" % (tun["name"], site)
        map_name = ios["crypto_map"]
        iface = _find_interface(model, ios["interface"])
        if iface is None:
            raise IosPlanError(field + ".interface", "interface %s is not in the running-config" % ios["interface"])
        bound = model["interfaces"][iface].get("crypto_map")
        if bound and bound != map_name:
            raise IosPlanError(field + ".interface", "interface %s already carries crypto map %s; an interface holds "
                                                     "one crypto map, so set ios.crypto_map: %s to add this tunnel to it"
                                                     % (iface, bound, bound))
        seq = self._map_seq(map_name, name, remote["public_address"], ios.get("map_seq"), field)
        self._acl(name, [_entry("permit", p) for p in _pairs(local, remote)])
        self._transform_set(name, _transforms(tun))
        priority = None
        if tun["ike_version"] == 1:
            vocab.check_ios_isakmp_group(tun["ike"]["dh_group"], model.get("version"),
                                         "pfne_ipsec_tunnels[%s].ike.dh_group" % tun["name"])
            priority = self._isakmp_policy(isakmp_policy(tun), ios.get("isakmp_priority"), field)
            self._isakmp_key(remote["public_address"], tun["psk"])
        else:
            self._ikev2(tun, name, remote)
        self._map_entry(map_name, seq, tun, name, remote)
        if model["interfaces"][iface].get("crypto_map") != map_name:
            self.add(["interface %s" % iface], [tmpl.render("interface_map", crypto_map=map_name)])
            model["interfaces"][iface]["crypto_map"] = map_name
        if ios.get("nat_exempt"):
            self._nat_exempt(_pairs(local, remote), field)
        self.chosen.append({"name": tun["name"], "map": map_name, "map_seq": seq, "isakmp_priority": priority,
                            "acl": name, "interface": iface})

    def _map_seq(self, map_name, acl, peer, wanted, field):
        entries = self.model["crypto_maps"].get(map_name, {})
        for seq, entry in sorted(entries.items()):
            if _ours(entry, acl, peer):
                if wanted is not None and wanted != seq:
                    raise IosPlanError(field + ".map_seq", "crypto map %s already protects %s at sequence %d, not %d; "
                                                           "remove map_seq or set it to %d" % (map_name, acl, seq, wanted, seq))
                return seq
        if wanted is not None:
            if wanted in entries:
                raise IosPlanError(field + ".map_seq", "crypto map %s %d is already used (match address %s); choose a "
                                                       "free sequence number or leave map_seq unset" % (
                                                           map_name, wanted, entries[wanted].get("match_address") or "none"))
            return wanted
        return _lowest_free(set(entries))

    def _acl(self, name, wanted):
        current = [text for _seq, text in self.model["acls"].get(name, {}).get("entries", [])]
        lines = ["no " + text for text in current if text not in wanted]
        lines += [text for text in wanted if text not in current]
        self.add([tmpl.render("acl", name=name)], lines)
        self.model["acls"][name] = {"entries": [(10 * (i + 1), t) for i, t in enumerate(wanted)]}

    def _transform_set(self, name, transforms):
        current = self.model["transform_sets"].get(name)
        header = tmpl.render("transform_set", name=name, transforms=transforms)
        if current is None or _words(current.get("transforms")) != transforms or current.get("mode", "tunnel") != "tunnel":
            self.add([header], [tmpl.render("transform_mode", mode="tunnel")])
        self.model["transform_sets"][name] = {"transforms": transforms, "mode": "tunnel"}

    def _isakmp_policy(self, policy, wanted, field):
        policies = self.model["isakmp_policies"]
        for prio, existing in sorted(policies.items()):
            if _words(existing["encryption"]) == policy["encryption"] and all(
                    existing[k] == policy[k] for k in ("hash", "authentication", "group", "lifetime")) \
                    and wanted in (None, prio):
                return prio
        if wanted is not None and wanted in policies:
            raise IosPlanError(field + ".isakmp_priority", "crypto isakmp policy %d exists with other settings; choose "
                                                           "a free priority or leave it unset" % wanted)
        prio = wanted if wanted is not None else _lowest_free(set(policies))
        self.add([tmpl.render("isakmp_policy", priority=prio)], _policy_lines(policy))
        policies[prio] = dict(policy)
        return prio

    def _secret_ok(self, current, psk, what):
        """True when the stored key needs no change; notes what update_password decided."""
        if current.get("encrypted"):
            if self.update_password == "on_create":
                self.notes.append("%s is stored encrypted (type 6) and cannot be compared; left as is "
                                  "(update_password: on_create)" % what)
                return True
            self.notes.append("%s is stored encrypted (type 6); re-sent (update_password: always)" % what)
            return False
        return current.get("key") == psk

    def _isakmp_key(self, address, psk):
        current = self.model["isakmp_keys"].get(address)
        what = "crypto isakmp key for %s" % address
        if current is not None and current.get("no_xauth") and not current.get("mask") \
                and self._secret_ok(current, psk, what):
            return
        self.add([], [tmpl.render("isakmp_key", key=psk, address=address, encrypted=False, mask="", no_xauth=True)],
                 secret=True)
        self.model["isakmp_keys"][address] = {"key": psk, "encrypted": False, "mask": "", "no_xauth": True}

    def _ikev2(self, tun, name, remote):
        ike, model = tun["ike"], self.model
        wanted = {"encryption": vocab.to_ios("ike_encryption", ike["encryption"], "ike.encryption", 2),
                  "integrity": vocab.to_ios("ike_integrity", ike["integrity"], "ike.integrity", 2),
                  "group": vocab.to_ios("dh", ike["dh_group"], "ike.dh_group")}
        current = model["ikev2_proposals"].get(name, {})
        lines = []
        for what in ("encryption", "integrity", "group"):
            have = _words(current.get(what))
            if have != wanted[what]:
                if have:
                    lines.append(tmpl.render("ikev2_proposal_algo", negate=True, what=what, words=have))
                lines.append(tmpl.render("ikev2_proposal_algo", what=what, words=wanted[what]))
        self.add([tmpl.render("ikev2_proposal", name=name)], lines)
        model["ikev2_proposals"][name] = dict(wanted)

        have = set((model["ikev2_policies"].get(name) or {}).get("proposals") or {})
        lines = [tmpl.render("ikev2_policy_proposal", negate=True, proposal=p) for p in sorted(have - {name})]
        if name not in have:
            lines.append(tmpl.render("ikev2_policy_proposal", proposal=name))
        self.add([tmpl.render("ikev2_policy", name=name)], lines)
        model["ikev2_policies"][name] = {"proposals": {name: "on"}}

        ring = (model["ikev2_keyrings"].get(name) or {}).get("peers", {}).get(remote["site"], {})
        lines = []
        if ring.get("address") != remote["public_address"] or ring.get("mask"):
            lines.append(tmpl.render("ikev2_peer_address", address=remote["public_address"], mask=""))
        what = "crypto ikev2 keyring %s peer %s pre-shared-key" % (name, remote["site"])
        if "key" not in ring or not self._secret_ok(ring, tun["psk"], what):
            lines.append(tmpl.render("ikev2_peer_psk", key=tun["psk"], encrypted=False))
        self.add([tmpl.render("ikev2_keyring", name=name), tmpl.render("ikev2_keyring_peer", peer=remote["site"])],
                 lines, secret=any(l.startswith("pre-shared-key") for l in lines))
        model["ikev2_keyrings"][name] = {"peers": {remote["site"]: {"address": remote["public_address"], "mask": "",
                                                                    "key": tun["psk"], "encrypted": False}}}

        profile = model["ikev2_profiles"].get(name) or {}
        match = "%s 255.255.255.255" % remote["public_address"]
        lines = [tmpl.render("ikev2_profile_match", negate=True, address=m.split()[0], mask=m.split()[1])
                 for m in sorted(profile.get("match_remote") or {}) if m != match]
        if match not in (profile.get("match_remote") or {}):
            lines.append(tmpl.render("ikev2_profile_match", address=remote["public_address"], mask="255.255.255.255"))
        for side in ("remote", "local"):
            if profile.get("auth_" + side) != "pre-share":
                lines.append(tmpl.render("ikev2_profile_auth", side=side, method="pre-share"))
        if profile.get("keyring") != name:
            lines.append(tmpl.render("ikev2_profile_keyring", keyring=name))
        if int(profile.get("lifetime", vocab.IOS_IKEV2_DEFAULT_LIFETIME)) != ike["lifetime"]:
            lines.append(tmpl.render("ikev2_profile_lifetime", lifetime=ike["lifetime"]))
        self.add([tmpl.render("ikev2_profile", name=name)], lines)
        model["ikev2_profiles"][name] = {"match_remote": {match: "on"}, "auth_remote": "pre-share",
                                         "auth_local": "pre-share", "keyring": name, "lifetime": ike["lifetime"]}

    def _map_entry(self, map_name, seq, tun, name, remote):
        entry = self.model["crypto_maps"].setdefault(map_name, {}).get(seq) or {}
        peers = set(entry.get("peers") or {})
        lines = [tmpl.render("map_peer", peer=remote["public_address"])] if remote["public_address"] not in peers else []
        lines += [tmpl.render("map_peer", negate=True, peer=p) for p in sorted(peers - {remote["public_address"]})]
        lifetime = tun["esp"]["lifetime"]
        if int(entry.get("lifetime", vocab.IOS_SA_DEFAULT_LIFETIME)) != lifetime:
            lines.append(tmpl.render("map_lifetime", lifetime=lifetime))
        if _words(entry.get("transform_set")) != name:
            lines.append(tmpl.render("map_transform_set", transform_set=name))
        pfs = vocab.to_ios("pfs", tun["pfs"], "pfs")
        if entry.get("pfs") != pfs:
            lines.append(tmpl.render("map_pfs", pfs=pfs) if pfs else tmpl.render("map_pfs", negate=True, pfs=entry["pfs"]))
        profile = name if tun["ike_version"] == 2 else None
        if entry.get("ikev2_profile") != profile:
            lines.append(tmpl.render("map_ikev2_profile", ikev2_profile=profile) if profile else
                         tmpl.render("map_ikev2_profile", negate=True, ikev2_profile=entry["ikev2_profile"]))
        if entry.get("match_address") != name:   # last: IOS enables the entry once it has peer and ACL
            lines.append(tmpl.render("map_match", match_address=name))
        self.add([tmpl.render("map_entry", map=map_name, seq=seq)], lines)
        self.model["crypto_maps"][map_name][seq] = {"peers": {remote["public_address"]: "on"}, "transform_set": name,
                                                    "pfs": pfs, "lifetime": lifetime, "ikev2_profile": profile,
                                                    "match_address": name}

    def _nat_acls(self, field):
        nat = self.model.get("nat") or {}
        names = list(nat.get("list") or {})
        for route_map in nat.get("route-map") or {}:
            for entry in (self.model["route_maps"].get(route_map) or {}).values():
                names.extend(str(entry.get("acls", "")).split())
        for acl in names:
            if acl not in self.model["acls"]:
                raise IosPlanError(field + ".nat_exempt", "the NAT rule uses access list %s, which is not a named "
                                                          "extended ACL; convert it or add the deny lines by hand" % acl)
        return names

    def _nat_exempt(self, pairs, field):
        """Deny the tunnel's traffic in each NAT ACL, before its first permit (IOS NATs before it encrypts)."""
        acls = self._nat_acls(field)
        if not acls:
            self.notes.append("nat_exempt: no `ip nat inside source` rule found, nothing to exempt")
        for acl in acls:
            entries = self.model["acls"][acl]["entries"]
            first_permit = next((i for i, (_s, t) in enumerate(entries) if t.startswith("permit ")), len(entries))
            head = [t for _s, t in entries[:first_permit]]
            missing = [_entry("deny", p) for p in pairs if _entry("deny", p) not in head]
            if not missing:
                continue
            low = entries[first_permit - 1][0] if first_permit else 0
            high = entries[first_permit][0] if first_permit < len(entries) else low + 10 * (len(missing) + 1)
            if high - low - 1 < len(missing):
                raise IosPlanError(field + ".nat_exempt", "no free sequence numbers before the first permit of ACL %s; "
                                                          "run `ip access-list resequence %s 10 10` first" % (acl, acl))
            lines = [tmpl.render("acl_entry", seq=low + 1 + i, numbered=True, action="deny", rest=text[5:])
                     for i, text in enumerate(missing)]
            self.add([tmpl.render("acl", name=acl)], lines)
            entries[first_permit:first_permit] = [(low + 1 + i, t) for i, t in enumerate(missing)]

    # -------------------------------------------------------------- absent
    def absent(self, tunnels, site):
        """`no` lines for what the collection created for these tunnels (only what exists), in few blocks:
        unbinding a map that empties, then the objects, then the keys (not logged), then the NAT denies."""
        model, top, keys = self.model, [], []
        ours = {}
        for tun in tunnels:
            local, remote = sides(tun, site)
            entries = model["crypto_maps"].get(local["ios"]["crypto_map"], {})
            ours[tun["name"]] = [seq for seq, e in sorted(entries.items())
                                 if _ours(e, object_name(tun), remote["public_address"])]
        for map_name in sorted(set(sides(t, site)[0]["ios"]["crypto_map"] for t in tunnels)):
            entries = model["crypto_maps"].get(map_name, {})
            gone = set(seq for t in tunnels if sides(t, site)[0]["ios"]["crypto_map"] == map_name for seq in ours[t["name"]])
            if gone and gone == set(entries):          # the map empties: unbind it first
                for iface, data in sorted(model["interfaces"].items()):
                    if data.get("crypto_map") == map_name:
                        self.add(["interface %s" % iface], [tmpl.render("interface_map", negate=True, crypto_map=map_name)])
                        data["crypto_map"] = None
        for tun in tunnels:
            local, remote = sides(tun, site)
            name, map_name = object_name(tun), local["ios"]["crypto_map"]
            for seq in ours[tun["name"]]:
                top.append(tmpl.render("map_entry", negate=True, map=map_name, seq=seq).replace(" ipsec-isakmp", ""))
                del model["crypto_maps"][map_name][seq]
            for key, row in (("acls", "acl"), ("transform_sets", None), ("ikev2_profiles", "ikev2_profile"),
                             ("ikev2_policies", "ikev2_policy"), ("ikev2_keyrings", "ikev2_keyring"),
                             ("ikev2_proposals", "ikev2_proposal")):
                if name in model[key]:
                    top.append("no crypto ipsec transform-set %s" % name if row is None else
                               tmpl.render(row, negate=True, name=name))
                    del model[key][name]
            key = model["isakmp_keys"].pop(remote["public_address"], None)
            if key is not None:
                keys.append(tmpl.render("isakmp_key", negate=True, key=key["key"], encrypted=key["encrypted"],
                                        address=remote["public_address"], mask="", no_xauth=False))
            if local["ios"].get("nat_exempt"):
                for acl in self._nat_acls("pfne_ipsec_tunnels[%s].endpoints.%s.ios" % (tun["name"], site)):
                    texts = [t for _s, t in model["acls"][acl]["entries"]]
                    gone = [_entry("deny", p) for p in _pairs(local, remote) if _entry("deny", p) in texts]
                    self.add([tmpl.render("acl", name=acl)], ["no " + t for t in gone])
                    model["acls"][acl]["entries"] = [(s, t) for s, t in model["acls"][acl]["entries"] if t not in gone]
        top += self._unused_isakmp_policies([isakmp_policy(t) for t in tunnels if t["ike_version"] == 1])
        self.add([], top)
        self.add([], keys, secret=True)

    def _unused_isakmp_policies(self, wanted):
        """`no` lines for the isakmp policies absent tunnels used, once nothing on the device can use them."""
        model = self.model
        if not wanted or any(model["crypto_maps"].values()) or model["isakmp_keys"] or model["ikev2_keyrings"]:
            return []
        lines = []
        for prio, policy in sorted(model["isakmp_policies"].items()):
            if any(policy == w for w in wanted):
                lines.append(tmpl.render("isakmp_policy", negate=True, priority=prio))
                del model["isakmp_policies"][prio]
        return lines


def plan_site(tunnels, site, running_config="", update_password="on_create"):
    """Every tunnel of `site` (normalized) against one running-config.

    Returns {'blocks': [{parents, lines, secret}], 'masked_blocks', 'tunnels': [numbers chosen],
    'notes': [...], 'unparsed': [crypto lines the model does not know, masked], 'running_config_masked' (every
    key masked: what ios_config may be handed, since its arguments are printed at -vvv)}. `blocks` holds only the
    differences, in an order that never binds a half-built map entry (ACL, transform-set, IKE
    objects, map entry, then the interface); removals come after the additions, in few blocks.
    """
    if update_password not in UPDATE_PASSWORD:
        raise IosPlanError("update_password", "must be always or on_create, got %r" % (update_password,))
    model = read_model(running_config)
    secrets = [t.get("psk") for t in tunnels] + [k["key"] for k in model["isakmp_keys"].values()]
    secrets += [p.get("key") for r in model["ikev2_keyrings"].values() for p in (r.get("peers") or {}).values()]
    plan = _Plan(model, update_password, secrets)
    mine = [t for t in tunnels if site in t["endpoints"]]
    for tun in mine:
        local, _remote = sides(tun, site)
        if local["platform"] != "ios":
            raise IosPlanError("pfne_ipsec_site", "endpoint %s of tunnel %s is %s, not ios" % (site, tun["name"], local["platform"]))
    for tun in mine:
        if tun["state"] == "present":
            plan.present(tun, site)
    plan.absent([t for t in mine if t["state"] == "absent"], site)
    return {"blocks": plan.blocks, "masked_blocks": mask_blocks(plan.blocks, plan.secrets), "tunnels": plan.chosen,
            "notes": [mask_secrets(n, tunnels) for n in plan.notes],
            "unparsed": [mask_text(line, plan.secrets) for line in model["unparsed"]],   # device keys by form
            "running_config_masked": mask_text(running_config, plan.secrets)}


def safety_net(minutes=5, archive_path="flash:pfne-rollback"):
    """Commands for the optional safety net around a change on the WAN interface.

    `archive` + `path` must exist for `configure terminal revert timer` (configuration rollback
    confirmed change); `configure confirm` stops the timer once verify passed.
    """
    minutes = int(minutes)
    if not 1 <= minutes <= 120:
        raise IosPlanError("safety_net_minutes", "must be 1..120")
    return {
        "archive": {"parents": ["archive"], "lines": ["path %s" % archive_path]},
        "start": "configure terminal revert timer %d" % minutes,
        "confirm": "configure confirm",
    }


def _maskable(secrets):
    # longest first; short words would mask IOS keywords
    return sorted(set(s for s in secrets if s and len(s) >= 6), key=len, reverse=True)


def mask_text(text, secrets):
    """`text` with secrets (PSKs, type 6 ciphers) replaced by ********."""
    return mask(text, _maskable(secrets))


def mask_blocks(blocks, secrets):
    """Copy of blocks with secrets (PSKs, type 6 ciphers) replaced by ******** (for display)."""
    out = []
    for block in blocks:
        masked = [mask_text(line, secrets) for line in list(block["parents"]) + list(block["lines"])]
        n = len(block["parents"])
        out.append(dict(block, parents=masked[:n], lines=masked[n:]))
    return out
