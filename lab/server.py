"""The lab process: one asyncio loop, one SSH listener per simulated device
(each on its own 127.x.y.z address), and a JSON-lines control port on
127.0.0.1 for tests (device state, command log, fault injection)."""
import asyncio
import json
import logging

import asyncssh

from lab.topology import load_devices

log = logging.getLogger("lab")


class _Shell(asyncssh.SSHServerSession):
    def __init__(self, device, username):
        self.device, self.username = device, username
        self.chan, self.cli, self.command = None, None, None

    def connection_made(self, chan):
        self.chan = chan

    def pty_requested(self, term_type, term_size, term_modes):
        return True

    def shell_requested(self):
        return True

    def exec_requested(self, command):
        self.command = command
        return True

    def session_started(self):
        self.cli = self.device.open_session(self._send, self._hang_up, self.username)
        if self.command is not None:      # `ssh host "show version"`
            self.cli.write(self.cli.execute(self.command))
            self.chan.exit(0)
        else:
            self.cli.start()

    def _send(self, text):
        if not self.chan.is_closing():
            self.chan.write(text)

    def _hang_up(self, drop=False):
        if drop:
            self.chan.get_extra_info("connection").abort()
        elif not self.chan.is_closing():
            self.chan.close()

    def data_received(self, data, datatype):
        self.cli.feed(data)

    def eof_received(self):
        return False

    def connection_lost(self, exc):
        if self.cli:
            self.cli.closed = True


class _Server(asyncssh.SSHServer):
    def __init__(self, device):
        self.device = device
        self.username = None

    def begin_auth(self, username):
        self.username = username
        return True

    def password_auth_supported(self):
        return True

    def validate_password(self, username, password):
        return self.device.check_login(username, password)

    def session_requested(self):
        return _Shell(self.device, self.username)


class Lab:
    """All devices of one inventory, served from one process."""

    def __init__(self, inventory, port=None, scale=0, seed_secrets=False):
        self.devices = load_devices(inventory, lab=self, port=port, scale=scale, seed_secrets=seed_secrets)
        self.servers = []
        self.control = None
        self.fabric = {}           # cross-device simulations register here by name

    async def start(self, control_port=0):
        key = asyncssh.generate_private_key("ssh-ed25519")
        for name, device in self.devices.items():
            server = await asyncssh.create_server(   # looked up per connection: `reset` swaps devices
                lambda n=name: _Server(self.devices[n]), device.spec["ansible_host"], int(device.spec["ansible_port"]),
                server_host_keys=[key], line_editor=False, reuse_address=True)
            self.servers.append(server)
        self.control = await asyncio.start_server(self._control, "127.0.0.1", control_port)
        return self.control.sockets[0].getsockname()[1]

    async def stop(self):
        for server in self.servers:
            server.close()
        if self.control:
            self.control.close()

    async def _control(self, reader, writer):
        while line := await reader.readline():
            try:
                reply = self.command(json.loads(line))
            except Exception as exc:  # report, keep serving
                reply = {"error": "%s: %s" % (type(exc).__name__, exc)}
            writer.write((json.dumps(reply) + "\n").encode())
            await writer.drain()
        writer.close()

    def command(self, req):
        """Control-port requests: ping, devices, state, reset, clear_log, faults, call."""
        op = req.get("op")
        if op == "ping":
            return {"ok": True, "devices": len(self.devices)}
        if op == "devices":
            return {name: {"kind": d.kind, "host": d.spec["ansible_host"], "port": d.spec["ansible_port"]}
                    for name, d in self.devices.items()}
        device = self.devices[req["device"]]
        if op == "state":
            return device.state()
        if op == "reset":     # back to the inventory's initial state
            self.devices[device.name] = type(device)(device.name, device.spec, self)
            # lab/ipsec_model.py indexes the device objects by WAN address on first use: rebuild it, or a
            # tunnel keeps negotiating with the device as it was before the reset
            self.__dict__.pop("_ipsec_by_address", None)
            return {"ok": True}
        if op == "clear_log":
            device.log.clear()
            return {"ok": True}
        if op == "faults":
            device.faults.__init__(req.get("faults"))
            return device.faults.as_dict()
        if op == "call":      # a device-specific test hook, e.g. {"method": "age_certificates"}
            return getattr(device, "lab_" + req["method"])(**req.get("args", {}))
        raise ValueError("unknown op %r" % op)


async def serve(inventory, port=None, scale=0, control_port=0, ready=None, seed_secrets=False):
    lab = Lab(inventory, port=port, scale=scale, seed_secrets=seed_secrets)
    ctrl = await lab.start(control_port)
    log.info("lab: %d devices, control port %d", len(lab.devices), ctrl)
    if ready:
        ready(lab, ctrl)
    try:
        await asyncio.Event().wait()
    finally:
        await lab.stop()
