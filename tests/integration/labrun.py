"""Start the device lab for a test session and run ansible-playbook against it.

Also a command for molecule's create / prepare / destroy (extensions/molecule/default):
    python -m tests.integration.labrun start|stop DIR       a detached lab; DIR gets hosts.yml and lab.json
    python -m tests.integration.labrun reset DIR DEVICE...  devices back to their initial state
    python -m tests.integration.labrun clear-log DIR DEVICE...  empty the devices' command logs
    python -m tests.integration.labrun log DIR DEVICE...    {device: [command typed, ...]} as JSON on stdout
"""
import json
import os
import signal
import socket
import subprocess
import sys
import time

import paramiko
import yaml

from lab.control import LabControl
from lab.topology import inventory_hosts

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INVENTORY = os.path.join(ROOT, "inventories", "lab", "hosts.yml")
VENV_BIN = os.path.dirname(sys.executable)


def _free_port(hosts):
    """A port free on every device address (each device listens on its own 127.x)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        try:
            for host in hosts:
                with socket.socket() as sock:
                    sock.bind((host, port))
            return port
        except OSError:
            continue
    raise RuntimeError("no free port on the lab addresses")


class RunningLab:
    """A lab subprocess on private ports, with an inventory copy pointing at them."""

    def __init__(self, tmpdir, inventory=INVENTORY, scale=0, detached=False, seed_secrets=False):
        self.tmpdir = str(tmpdir)
        hosts = inventory_hosts(inventory)
        self.port = _free_port([v["ansible_host"] for v in hosts.values() if v.get("lab_kind")]
                               + ["127.0.100.1"] * bool(scale))
        self.control_port = _free_port(["127.0.0.1"])
        self.inventory = os.path.join(self.tmpdir, "hosts.yml")
        self._write_inventory(inventory)
        self.log_path = os.path.join(self.tmpdir, "lab.log")
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "lab", "serve", "--inventory", inventory, "--port", str(self.port),
             "--control-port", str(self.control_port), "--scale", str(scale)]
            + (["--seed-secrets"] if seed_secrets else []),
            cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=detached)   # detached: outlives this process (molecule's create)
        self.control = LabControl(self.control_port)
        self._wait()

    def _write_inventory(self, source):
        with open(source) as handle:
            data = yaml.safe_load(handle)
        data.setdefault("all", {}).setdefault("vars", {})["ansible_port"] = self.port
        _override_ports(data, self.port)
        with open(self.inventory, "w") as handle:
            yaml.safe_dump(data, handle, sort_keys=False)
        group_vars = os.path.join(os.path.dirname(source), "group_vars")
        link = os.path.join(self.tmpdir, "group_vars")
        if os.path.isdir(group_vars) and not os.path.lexists(link):   # the lab's example variables beside the copy
            os.symlink(group_vars, link)

    def _wait(self):
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("lab exited: %s" % open(self.log_path).read()[-2000:])
            try:
                self.control.request("ping")
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("lab did not start in 60 s")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()

    def type_by_hand(self, address, *commands, username="admin+cet1024w", password="lab-admin", prompt=b"] > "):
        """Type commands on a lab device over SSH, as an admin would by hand; returns the
        output of the last one (with its echo and the prompt after it)."""
        client = paramiko.SSHClient()
        client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        client.connect(address, port=self.port, username=username, password=password,
                       look_for_keys=False, allow_agent=False, timeout=10)
        try:
            chan = client.invoke_shell()
            buf, deadline = b"", time.time() + 10
            while time.time() < deadline and prompt not in buf:
                buf += chan.recv(65536)
            for command in commands:
                chan.send(command + "\r\n")
                buf = b""
                while time.time() < deadline and prompt not in buf:
                    buf += chan.recv(65536)
            return buf.decode(errors="replace")
        finally:
            client.close()

    def playbook(self, playbook, *args, check=False, env=None, limit=None, extra_vars=None):
        """Run ansible-playbook with the json callback; returns PlaybookResult."""
        cmd = [os.path.join(VENV_BIN, "ansible-playbook"), "-i", self.inventory, playbook]
        if check:
            cmd.append("--check")
        if limit:
            cmd += ["--limit", limit]
        if extra_vars:
            cmd += ["-e", json.dumps(extra_vars)]
        cmd += list(args)
        run_env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
                       ANSIBLE_STDOUT_CALLBACK="json",
                       ANSIBLE_DEPRECATION_WARNINGS="False", PATH=VENV_BIN + os.pathsep + os.environ["PATH"])
        run_env.update(env or {})
        proc = subprocess.run(cmd, cwd=ROOT, env=run_env, capture_output=True, text=True, timeout=900)
        return PlaybookResult(proc)


def main(argv):
    action, directory, devices = argv[0], argv[1], argv[2:]
    state_file = os.path.join(directory, "lab.json")
    if action == "start":
        os.makedirs(directory, exist_ok=True)
        lab = RunningLab(directory, detached=True)
        with open(state_file, "w") as handle:
            json.dump({"pid": lab.proc.pid, "port": lab.port, "control_port": lab.control_port}, handle)
        print("lab pid %d on port %d, inventory %s" % (lab.proc.pid, lab.port, lab.inventory))
        return 0
    if not os.path.exists(state_file):
        print("no lab started in %s" % directory)
        return 0 if action == "stop" else 1
    with open(state_file) as handle:
        state = json.load(handle)
    control = LabControl(state["control_port"])
    if action == "reset":
        for device in devices:
            control.reset(device)
        return 0
    if action == "clear-log":
        for device in devices:
            control.request("clear_log", device=device)
        return 0
    if action == "log":
        print(json.dumps(dict((device, [line.strip() for line in control.log(device) if line.strip()])
                              for device in devices)))
        return 0
    try:
        os.kill(state["pid"], signal.SIGTERM)
        for _ in range(100):
            os.kill(state["pid"], 0)
            time.sleep(0.1)
        os.kill(state["pid"], signal.SIGKILL)
    except ProcessLookupError:
        pass
    for name in ("lab.json", "hosts.yml", "group_vars"):
        if os.path.lexists(os.path.join(directory, name)):
            os.remove(os.path.join(directory, name))
    return 0


def _override_ports(node, port):
    if isinstance(node, dict):
        if "ansible_port" in node:
            node["ansible_port"] = port
        for value in node.values():
            _override_ports(value, port)


class PlaybookResult:
    def __init__(self, proc):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        try:
            self.data = json.loads(proc.stdout[proc.stdout.index("{"):])
        except ValueError:
            self.data = {"plays": [], "stats": {}}

    @property
    def stats(self):
        return self.data.get("stats", {})

    def tasks(self, host=None):
        """(task name, host, result) for every task result."""
        for play in self.data.get("plays", []):
            for task in play.get("tasks", []):
                for name, result in task.get("hosts", {}).items():
                    if host is None or name == host:
                        yield task["task"]["name"], name, result

    def result(self, task_name, host):
        for name, h, result in self.tasks(host):
            if name == task_name:
                return result
        raise KeyError("%s on %s not in output:\n%s" % (task_name, host, self.stdout[-3000:]))

    def failures(self):
        return [(task, host, result.get("msg")) for task, host, result in self.tasks()
                if result.get("failed") and not result.get("ignore_errors")
                and not result.get("_ansible_ignore_errors")]

    def __repr__(self):
        return "<playbook rc=%s failures=%s stderr=%s>" % (self.rc, self.failures(), self.stderr[-2000:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
