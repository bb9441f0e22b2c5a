"""Secrets the collection does not manage, seeded into lab devices (`lab_seed_secrets: true` on a
host or group, or `python -m lab serve --seed-secrets`), in every form the devices print them.

tests/integration/test_seeded_secrets.py runs every role against a seeded lab and greps every
output, log, job event and written file for each value of ``VALUES``; the masking forms they
exercise are listed in plugins/plugin_utils/common/secret_log.py (``FORMS``) and docs/secrets.md.

The values are printed as each device prints them (where a device prints a cipher or a hash,
that text is the value grepped for):
  * IOS 15 / IOS-XE 17 / 9800 running-config: `username ... password 0`, `secret 5|9` hashes,
    `enable password 0`, `tacacs-server host ... key 7`, `tacacs-server key 0`, `radius-server key 7`,
    `tacacs server` / `radius server` blocks with `key 7` / `key 6`, `snmp-server community ... RO|RW`,
    another peer's 5-character `crypto isakmp key`, a keyring `pre-shared-key address ... key`, an
    IKEv2 keyring `pre-shared-key local|remote`, a vty `password 7` (shapes of the genieparser /
    ntc-templates running-config samples, values made up here);
  * 9800 also a WLAN `security wpa psk set-key ascii 0`;
  * RouterOS 6 and 7 export / print: another `/ppp secret` password=, another IPsec peer's secret=
    (6.24-6.43 on the peer, 6.44+ on an identity), `/snmp community` name= with
    authentication-password= / encryption-password=;
  * AireOS `show run-config commands`: `radius auth add encrypt ... password 1 <hex> <hex> 16 <hex>`,
    `mgmtuser add encrypt <user> 1 <hex> <hex> 16 <hex> read-write` (the encrypted shape of a public
    AireOS 8.x configuration file) and `snmp community create|accessmode|ipaddr <name>`;
  * ASA running-config: `username ... password <pbkdf2 hash> pbkdf2`, `enable password <hash> pbkdf2`
    (the ASA itself prints `*****` for keys and communities).
"""
import hashlib
import re


def _hex(label, size):
    return hashlib.sha256(("pfne-seed|" + label).encode()).hexdigest()[:size]


# value name -> the text the device prints
VALUES = {
    "ios_user_password": "nEtPw7x",
    "ios_user_secret5": "$1$sEeD$Qx7Pq9Rz2Lk4Mn6Bv8Cw0/",
    "ios_user_secret9": "$9$sEeDsEeDs3eD1.$wq1LmQ5aZxr0Yv3Kp8Ut2Nc7Hs4Dj6Fg9Bb1Ee0Aa2",
    "ios_enable_password": "eNpw5",
    "ios_tacacs_host_key7": "0822455D0A1657",
    "ios_tacacs_key": "tKey5",
    "ios_radius_key7": "045802150C2E4F4D",
    "ios_tacacs_block_key7": "060506324F41584B56",
    "ios_radius_block_key6": "bWzGgcQ[ZhYFAEcXhEaAAB",
    "ios_snmp_ro": "c0mRo",
    "ios_snmp_rw": "c0mRwZ",
    "ios_isakmp_other_peer": "pEr5k",
    "ios_keyring_psk": "kRing5",
    "ios_ikev2_local": "lOc5k",
    "ios_ikev2_remote": "rEm5k",
    "ios_vty_password7": "13061E010803557878",
    "c9800_wlan_psk": "wLanPsk5",
    "ros_ppp_password": "pPp5x",
    "ros_other_peer_secret": "iDs5k",
    "ros_snmp_community": "rOsC5",
    "ros_snmp_auth": "aUth5pw",
    "ros_snmp_enc": "eNc5pw",
    "aireos_radius_encrypted": "%s %s 16 %s" % (_hex("radius-a", 32), _hex("radius-b", 40), _hex("radius-c", 32) + "0" * 64),
    "aireos_mgmtuser_encrypted": "%s %s 16 %s" % (_hex("mgmt-a", 32), _hex("mgmt-b", 40), _hex("mgmt-c", 32) + "0" * 64),
    "aireos_snmp_community": "wLcC5",
    "asa_user_hash": "$sha512$5000$c2VlZGVkQVNB$Wl9TZWVkZWRBc2FIYXNoTm90VG9MZWFr",
    "asa_enable_hash": "$sha512$5000$ZW5hYmxlU2VlZA==$RW5hYmxlSGFzaFNlZWRlZE5vdExlYWs=",
}
V = VALUES

IOS_ENABLE = "enable password 0 {ios_enable_password}\n"
IOS_USERS = """\
username netadmin privilege 15 password 0 {ios_user_password}
username backup privilege 15 secret 5 {ios_user_secret5}
username ops secret 9 {ios_user_secret9}
"""
IOS_SERVICES = """\
tacacs-server host 192.0.2.49 key 7 {ios_tacacs_host_key7}
tacacs-server key 0 {ios_tacacs_key}
radius-server key 7 {ios_radius_key7}
tacacs server SEED-TAC
 address ipv4 192.0.2.50
 key 7 {ios_tacacs_block_key7}
radius server SEED-RAD
 address ipv4 192.0.2.51 auth-port 1812 acct-port 1813
 key 6 {ios_radius_block_key6}
snmp-server community {ios_snmp_ro} RO
snmp-server community {ios_snmp_rw} RW 10
crypto isakmp key {ios_isakmp_other_peer} address 192.0.2.77
crypto keyring SEED-KR
 pre-shared-key address 192.0.2.78 key {ios_keyring_psk}
crypto ikev2 keyring SEED-IK2
 peer seed-peer
  address 192.0.2.79
  pre-shared-key local {ios_ikev2_local}
  pre-shared-key remote {ios_ikev2_remote}
"""
C9800_WLAN = """\
wlan SEED-WLAN 7 SEED-WLAN
 security wpa psk set-key ascii 0 {c9800_wlan_psk}
 no shutdown
"""


def seed_ios(text, kind):
    """An IOS / 9800 initial running-config text with the seeded lines in their usual places."""
    services = IOS_SERVICES.format(**V) + (C9800_WLAN.format(**V) if kind == "c9800" else "")
    text = re.sub(r"^(enable secret .*\n)", lambda m: m.group(1) + IOS_ENABLE.format(**V), text, count=1, flags=re.M)
    text = re.sub(r"^(username .*\n)", lambda m: m.group(1) + IOS_USERS.format(**V), text, count=1, flags=re.M)
    text = text.replace("line con 0\n", services + "line con 0\n", 1)
    return text.replace(" transport input ssh\n", " password 7 %s\n transport input ssh\n" % V["ios_vty_password7"], 1)


def seed_routeros(device):
    """Another PPP user, another IPsec peer's secret and an SNMP community with v3 passwords."""
    device.add_entry("/ppp secret", {"name": "seed-other-user", "password": V["ros_ppp_password"], "service": "pptp"})
    if device.family in ("6.24", "6.43"):
        device.add_entry("/ip ipsec peer", {"address": "192.0.2.90/32", "secret": V["ros_other_peer_secret"],
                                            "comment": "seed-other-peer"})
    else:
        device.add_entry("/ip ipsec peer", {"name": "seed-other-peer", "address": "192.0.2.90/32"})
        device.add_entry("/ip ipsec identity", {"peer": "seed-other-peer", "secret": V["ros_other_peer_secret"]})
    device.add_entry("/snmp community", {"name": V["ros_snmp_community"], "addresses": "192.0.2.0/24",
                                         "security": "private", "authentication-protocol": "SHA1",
                                         "encryption-protocol": "AES", "authentication-password": V["ros_snmp_auth"],
                                         "encryption-password": V["ros_snmp_enc"]})


def seed_aireos(commands):
    """AireOS run-config commands: a RADIUS server and a management user (encrypted, as AireOS
    prints them), an SNMP community (in clear, as AireOS prints it)."""
    commands += [
        "config radius auth add encrypt 1 192.0.2.60 1812 password 1 %s" % V["aireos_radius_encrypted"],
        "config radius auth enable 1",
        "config mgmtuser add encrypt seedadmin 1 %s read-write" % V["aireos_mgmtuser_encrypted"],
        "config snmp community ipaddr 192.0.2.0 255.255.255.0 %s" % V["aireos_snmp_community"],
        "config snmp community mode enable %s" % V["aireos_snmp_community"],
        "config snmp community create %s" % V["aireos_snmp_community"],
    ]
    return commands


def seed_asa(text):
    return text.replace("enable password ***** pbkdf2\n", "enable password %s pbkdf2\n" % V["asa_enable_hash"], 1) + (
        "username seedops password %s pbkdf2 privilege 15\n" % V["asa_user_hash"])
