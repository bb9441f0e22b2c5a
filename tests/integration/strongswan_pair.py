"""Two strongSwan charon daemons (Debian strongswan-charon, strongswan-swanctl, libcharon-extra-plugins)
in a network namespace of their own, on its loopback: a responder configured like the router and an
initiator configured from a generated client profile.

Each charon gets a private /run (tmpfs in its own mount namespace, so the compiled-in pid file does
not collide), its own strongswan.conf (STRONGSWAN_CONF), vici socket and swanctl directory
(SWANCTL_DIR), and the kernel-libipsec plugin for ESP (kernel XFRM states do not work on our
machines; libipsec keeps the SAs in user space behind a TUN device). Routes and virtual IPs stay inside
the namespace, which is deleted afterwards. Nothing leaves 127.0.0.0/8.
"""
import os
import pathlib
import shutil
import subprocess
import time
import uuid

CHARON = "/usr/lib/ipsec/charon"
PACKAGES = ("strongswan-charon", "strongswan-swanctl", "libcharon-extra-plugins")
PLUGINS = ("random nonce openssl aes sha1 sha2 hmac gcm kdf pem pkcs1 pkcs8 pkcs12 x509 pubkey gmp "
           "revocation constraints kernel-libipsec kernel-netlink socket-default vici eap-identity "
           "eap-mschapv2 attr")
# strongSwan 5.9.8's kernel-libipsec routes a CHILD_SA only when each end holds an address inside its
# own traffic selector: the router's LANs (192.168.88.1, 192.168.89.1) and the address the router's
# pool gives the one client (192.168.90.1: charon cannot put a virtual IP on the loopback itself).
LOCAL_ADDRESSES = ("192.168.88.1/32", "192.168.89.1/32", "192.168.90.1/32")
CHARON_CONF = """charon {
  port = %(port)d
  port_nat_t = %(nat_port)d
  load_modular = no
  load = %(plugins)s
  install_virtual_ip = no
  install_routes = no
  retransmit_tries = 2
  retransmit_timeout = 1.0
  filelog {
    ike {
      path = %(log)s
      default = 1
      ike = 2
      cfg = 2
      knl = 2
      flush_line = yes
    }
  }
  plugins {
    vici {
      socket = unix://%(vici)s
    }
  }
}
swanctl {
  load = pem pkcs1 pkcs8 pkcs12 x509 openssl random aes sha1 sha2 hmac gmp
}
"""


def missing():
    """What this machine lacks to run charon here (empty when everything is present)."""
    gaps = [p for p in (CHARON, "/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so") if not os.path.exists(p)]
    gaps += [t for t in ("swanctl", "ip") if shutil.which(t) is None and not os.path.exists("/usr/sbin/" + t)]
    if os.geteuid() != 0:
        gaps.append("root (network namespace, TUN device)")
    return gaps


class Charon(object):
    """One charon in namespace ns with its files under base."""

    def __init__(self, ns, base, port, nat_port):
        self.ns, self.base = ns, pathlib.Path(base)
        for sub in ("x509", "x509ca", "x509crl", "private", "pkcs12"):
            (self.base / sub).mkdir(parents=True, exist_ok=True)
        self.log = self.base / "charon.log"
        self.vici = self.base / "charon.vici"
        self.conf = self.base / "strongswan.conf"
        self.conf.write_text(CHARON_CONF % {"port": port, "nat_port": nat_port, "plugins": PLUGINS,
                                            "log": self.log, "vici": self.vici})
        self.env = dict(os.environ, STRONGSWAN_CONF=str(self.conf), SWANCTL_DIR=str(self.base))
        self.proc = None

    def start(self):
        script = "mount -t tmpfs tmpfs /run && exec %s" % CHARON
        self.proc = subprocess.Popen(["ip", "netns", "exec", self.ns, "sh", "-c", script], env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):  # bounded wait for the vici socket (at most 20 s)
            if self.vici.exists() or self.proc.poll() is not None:
                break
            time.sleep(0.1)
        if not self.vici.exists():
            raise RuntimeError("charon did not start: %s" % self.read_log()[-2000:])

    def swanctl(self, *args):
        cmd = ["ip", "netns", "exec", self.ns, "swanctl"] + list(args) + ["--uri", "unix://%s" % self.vici]
        done = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=120, check=False)
        return done.returncode, done.stdout + done.stderr

    def load(self, swanctl_conf):
        (self.base / "swanctl.conf").write_text(swanctl_conf)
        code, out = self.swanctl("--load-all", "--clear", "--noprompt")
        if code != 0:
            raise RuntimeError("swanctl --load-all failed:\n%s" % out)
        return out

    def read_log(self):
        return self.log.read_text() if self.log.exists() else ""

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Pair(object):
    """A namespace with a responder (UDP 500/4500) and an initiator (UDP 10500/14500) on its loopback."""

    def __init__(self, base):
        self.ns = "pfne-ike-%s" % uuid.uuid4().hex[:8]
        subprocess.run(["ip", "netns", "add", self.ns], check=True)
        subprocess.run(["ip", "netns", "exec", self.ns, "ip", "link", "set", "lo", "up"], check=True)
        for address in LOCAL_ADDRESSES:
            subprocess.run(["ip", "netns", "exec", self.ns, "ip", "addr", "add", address, "dev", "lo"], check=True)
        self.responder = Charon(self.ns, pathlib.Path(base) / "responder", 500, 4500)
        self.initiator = Charon(self.ns, pathlib.Path(base) / "initiator", 10500, 14500)

    def start(self):
        self.responder.start()
        self.initiator.start()

    def close(self):
        for daemon in (self.initiator, self.responder):
            daemon.stop()
        subprocess.run(["ip", "netns", "del", self.ns], check=False)
