"""Client of the lab's control port (used by tests and benchmarks)."""
import json
import socket


class LabControl:
    def __init__(self, port, host="127.0.0.1"):
        self.address = (host, port)

    def request(self, op, **fields):
        with socket.create_connection(self.address, timeout=10) as sock:
            sock.sendall((json.dumps(dict(fields, op=op)) + "\n").encode())
            data = b""
            while not data.endswith(b"\n"):
                chunk = sock.recv(1 << 16)
                if not chunk:
                    break
                data += chunk
        reply = json.loads(data)
        if isinstance(reply, dict) and "error" in reply:
            raise RuntimeError(reply["error"])
        return reply

    def state(self, device):
        return self.request("state", device=device)

    def log(self, device):
        return self.state(device)["log"]

    def reset(self, device):
        return self.request("reset", device=device)

    def faults(self, device, **faults):
        return self.request("faults", device=device, faults=faults)

    def call(self, device, method, **args):
        return self.request("call", device=device, method=method, args=args)
