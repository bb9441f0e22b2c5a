# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Line tables for what IOS / IOS-XE prints about IPsec (syslog, debug crypto, show crypto).

Every form below was read in public real output before it became a rule; the fixture that
holds each source is listed in tests/unit/fixtures/doctor/real/SOURCES.md. Forms named in the
work brief but not found in any public real output are NOT matched here (such lines are
returned as unparsed, never guessed at).
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.rules import ADDR, compile_all, neutral, rule

P2_ALSO = ("traffic-selectors", "pfs")

FAILURES = (
    rule(r"IKMP_BAD_MESSAGE: IKE message from (?P<peer>%s) failed its sanity check" % ADDR, "psk"),
    rule(r"No pre-shared key with (?P<peer>%s)" % ADDR, "psk", "local", ("not-a-peer",)),
    rule(r"No Cert or pre-shared address key", "psk", "local", ("not-a-peer",), 90),
    rule(r"retransmitting phase 1 MM_KEY_EXCH", "psk", also=("identity",), weight=70),
    rule(r"phase 1 SA policy not acceptable!?(?: \(local %s remote (?P<peer>%s)\))?" % (ADDR, ADDR),
         "ike-proposal"),
    rule(r"no offers accepted", "ike-proposal", weight=90),
    rule(r"(?:Encryption algorithm|Hash algorithm|Diffie-Hellman group) offered does not match policy",
         "ike-proposal", weight=40, weak=True),
    rule(r"Proposed key length does not match policy", "ike-proposal", weight=40, weak=True),
    rule(r"attr?s are not acceptable", "ike-proposal", weight=40, weak=True),
    rule(r"IPSec policy invalidated proposal with error 32\b", "traffic-selectors"),
    rule(r"IPSec policy invalidated proposal with error 256\b", "ipsec-proposal", also=("pfs",)),
    rule(r"IPSec policy invalidated proposal with error \d+", "ipsec-proposal", also=P2_ALSO, weight=80),
    rule(r"proxy identities not supported", "traffic-selectors"),
    rule(r"transform proposal not supported for identity", "ipsec-proposal", also=("pfs",)),
    rule(r"phase 2 SA policy not acceptable!?(?: \(local %s remote (?P<peer>%s)\))?" % (ADDR, ADDR),
         "ipsec-proposal", also=P2_ALSO, weight=70),
    rule(r"processing NOTIFY PROPOSAL_NOT_CHOSEN protocol 3", "ipsec-proposal", also=P2_ALSO, weight=90),
    rule(r"processing NOTIFY PROPOSAL_NOT_CHOSEN protocol 1", "ike-proposal", weight=90),
    rule(r"Sending NOTIFY PROPOSAL_NOT_CHOSEN protocol 3", "ipsec-proposal", also=P2_ALSO, weight=60),
    rule(r"RECVD_PKT_INV_SPI: decaps: rec'd IPSEC packet has invalid spi for destaddr=%s, prot=\d+, "
         r"spi=\S+, srcaddr=(?P<peer>%s)" % (ADDR, ADDR), "dpd-lifetime", "remote", ("one-way",), 60),
    rule(r"IKMP_MODE_FAILURE: Processing of Main [Mm]ode failed with peer at (?P<peer>%s)" % ADDR,
         "ike-proposal", also=("psk",), weight=50),
    rule(r"IKMP_MODE_FAILURE: Processing of Quick [Mm]ode failed with peer at (?P<peer>%s)" % ADDR,
         "ipsec-proposal", also=P2_ALSO, weight=50),
    rule(r"NOTIFY\(TS_UNACCEPTABLE\)", "traffic-selectors"),
    rule(r"NOTIFY\(AUTHENTICATION_FAILED\)", "psk", also=("identity", "auth-method"), weight=85),
    rule(r"NOTIFY\(INVALID_KE_PAYLOAD\)", "ike-proposal", also=("pfs",), weight=30, weak=True),
    rule(r"Failed to locate an item in the database", "identity", also=("psk",), weight=85),
    rule(r"Auth exchange failed", "psk", also=("identity", "auth-method"), weight=80),
    rule(r"RECVD_PKT_NOT_IPSEC: Rec'd packet not an IPSEC packet", "not-protected", "remote", ("nat",), 80),
    rule(r"IKEv2 profile not found", "identity", also=("auth-method",), weight=85),
    rule(r"Profile could not be found by peer certificate", "identity", also=("auth-method",), weight=85),
)

# NO_PROPOSAL_CHOSEN in an IKEv2 payload list: which proposal depends on the exchange it came in.
NO_PROPOSAL = rule(r"NOTIFY\(NO_PROPOSAL_CHOSEN\)", "ike-proposal", also=("ipsec-proposal",), weight=90)

PROGRESS = (
    neutral(r"attr?s are acceptable", "atts-ok"),
    neutral(r"SA has been authenticated with (?P<peer>%s)" % ADDR, "p1-ok"),
    neutral(r"Session with IKE ID PAIR \((?P<peer>%s), %s\) is UP" % (ADDR, ADDR), "p1-ok"),
    neutral(r"IKEv2 IKE_SA_INIT Exchange", "stage:init"),
    neutral(r"IKEv2 IKE_AUTH Exchange", "stage:auth"),
    neutral(r"IKEv2 CREATE_CHILD_SA Exchange", "stage:child"),
    neutral(r"(?:Received|Sending) Packet \[(?:From|To) (?P<peer>%s):\d+/" % ADDR),
    neutral(r"(?:sending packet to|received packet from) (?P<peer>%s) " % ADDR),
    neutral(r"IKMP_NO_SA: IKE message from (?P<peer>%s) has no SA" % ADDR),
    neutral(r"Created a peer struct for (?P<peer>%s)," % ADDR),
    neutral(r"ignoring request to send delete notify \(no ISAKMP sa\) src %s dst (?P<peer>%s)" % (ADDR, ADDR)),
)

# ISAKMP / IKEv2 debug lines that carry no cause (seen in the real samples).
_DEBUG_INFO = (
    r"Old State = ", r"Input = ", r"processing (?:SA|KE|NONCE|ID|HASH|vendor id) payload", r"vendor ID ",
    r"found peer pre-shared key", r"local preshared key found", r"Scanning profiles", r"Checking ISAKMP transform",
    r"Checking IPSec proposal", r"transform \d+, ", r"attributes in transform", r"encaps is \d", r"SA life ",
    r"life type in", r"life duration", r":\s+encryption \S", r":\s+hash \S", r"default group \d", r"auth pre-share",
    r"keylength of", r"key length is", r"authenticator is", r"Acceptable atts", r"Fill atts", r"Returning Actual",
    r"Started lifetime timer", r"Basic life_in_seconds", r"Sending an IKE", r"set new node", r"purging node",
    r"deleting node", r"New peer created", r"(?:Un)?[Ll]ocking peer struct", r"local port \d+, remote port",
    r"insert sa successfully", r"Can not start Aggressive mode", r"constructed NAT-T", r"beginning (?:Main|Quick) Mode",
    r"QM (?:Initiator|Responder) gets spi", r"sitting IDLE", r"SA has outstanding requests", r"received payload type",
    r"(?:His|My) hash no match", r"No NAT Found", r"NAT found,", r"Send initial contact", r"SA is doing",
    r"pre-shared key authentication using id type", r"ID payload", r":\s+address\s+: ", r":\s+protocol\s+: ",
    r"Total payload length", r"peer matches", r"speaking to another IOS box", r"Trying to insert a peer",
    r"and inserted successfully", r"SA authentication status", r"Detected port floating", r"Trying to find existing peer",
    r"Process initial contact", r"Deleting peer node", r"purging SA", r"Received IPSec Install callback",
    r"Successfully installed IPSEC SA", r"deleting spi", r"Found ADDRESS key", r"SA request profile",
    r"Find a dup sa", r"Setting UDP ENC", r"processing NOTIFY (?:INITIAL_CONTACT|RESPONDER_LIFETIME)",
    r"processing responder lifetime", r"start processing isakmp responder lifetime", r"restart ike sa timer",
    r"peer does not do paranoid keepalives", r"deleting SA reason", r"isadb_mark_sa_deleted",
    r"Failed to find peer index node", r"Error while processing (?:SA request|KMI message)",
    r"construct_initial_message", r"QM_IDLE\s*$", r"ins\.?ert sa successfully", r"IKE_P1_COMPLETE",
    r"processing DELETE payload", r"IKEv2:\(SESSION ID = \d+,SA ID = \d+\):NAT not found",
)

# IKEv2 debug lines are many and mostly progress; one without a failure word carries no cause.
IKEV2_LINE = re.compile(r"^(?:\*?[A-Z][a-z]{2} +\d+ [\d:.]+: )?IKEv2(?:-[A-Z]+-\d)?:")
FAILURE_WORDS = re.compile(r"(?i)fail|error|not found|mismatch|invalid|unaccept|reject|denied|no proposal|could not")
DEBUG_INFO = compile_all(_DEBUG_INFO)

# Free-standing continuation lines of debug output and lines of `show` output that carry no cause.
INFO = compile_all((
    r"^\s*(?:next-payload|type|address|protocol|port|length)\s*: ", r"^\s*spi \d+, message ID = ",
    r"^\s*authenticated\s*$", r"^bring down existing phase 1 and 2 SA's", r"^\s*Initiator SPI : ",
    r"^\s*Payload contents:\s*$", r"^\s*Num\. transforms: \d+", r"^Technical Support: http", r"^Copyright \(c\)",
    r"^Compiled \w+ \d+-\w+-\d+", r"^\s+(?:[A-Z][A-Za-z0-9_]*(?:\([A-Z_]+\))?)(?:\s+[A-Z][A-Za-z0-9_]*(?:\([A-Z_]+\))?)*\s*$",
    r"^IKEv2 INFORMATIONAL Exchange (?:REQUEST|RESPONSE)",
    r"^\s+(?:AES|3DES|DES|SHA|MD5|DH_GROUP|Don't use ESN)", r"^\s*(?:interface:|Crypto map tag|protected vrf|"
    r"local\s+crypto endpt|plaintext mtu|PFS \(Y/N\)|PERMIT, flags|#pkts (?:compressed|not)|inbound|outbound|"
    r"spi: 0x|transform: |in use settings|conn id: |sa timing: |IV size|replay detection|Status: |"
    r"remote ident|local\s+ident)", r"^\s*(?:Encr: |Life/Active Time: |CE id: |Status Description: |"
    r"Local spi: |Local id: |Remote id: |Local req |Local next |Local window|DPD configured|Fragmentation |"
    r"Dynamic Route Update|Extended Authentication|NAT-T is |Cisco Trust Security|Initiator of SA|"
    r"Pushed IP address|Remote subnets:|PQC Key Exchange|Local req queued|Remote (?:spi|id|req|next|window))",
    r"^\s*\d+\.\d+\.\d+\.\d+ \d+\.\d+\.\d+\.\d+\s*$",
    r"^\s*(?:Uptime|Profile|Phase1_id|Desc|Session ID|Capabilities:|IPSEC FLOW|Active SAs|Outbound SPI|"
    r"Socket State|fvrf|IKEv[12] SA: local)", r"^\s*(?:Local|Remote)\s+%s/\d+\s*$" % ADDR,
))

NOISE = compile_all((
    r"^\s*[\w.()/-]+[#>]", r"^Type escape sequence to abort", r"^Sending \d+, \d+-byte ICMP Echos",
    r"^Packet sent with a source address", r"^Success rate is \d+ percent", r"^[.!?U]+$",
    r"^\s*IPv[46] Crypto (?:ISAKMP|IKEv2)\s+SA\s*$", r"^\s*dst\s+src\s+state\s+conn-id\s+(?:slot\s+)?status",
    r"^\s*Tunnel-id\s+(?:Local\s+Remote\s+)?fvrf/ivrf\s+Status", r"^Crypto session current status",
    r"^Code: C - IKE Configuration mode", r"^\s*[A-Z] - (?:Keepalives|IKE Extended|IKE Auto|SIP VPN)",
    r"^Enter configuration commands", r"^Configuring from terminal", r"^Syslog logging: enabled",
    r"^\s*Log Buffer \(\d+ bytes\):",
))
