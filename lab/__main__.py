"""Run the device lab.

    python -m lab serve [--inventory FILE] [--port N] [--scale N] [--control-port N] [--seed-secrets]
    python -m lab start [...]   # same, in the background, pid file lab/run/lab.pid
    python -m lab stop
"""
import argparse
import asyncio
import logging
import os
import signal
import subprocess
import sys
import time

from lab.server import serve

HERE = os.path.dirname(os.path.abspath(__file__))
RUN = os.path.join(HERE, "run")
PIDFILE = os.path.join(RUN, "lab.pid")
DEFAULT_INVENTORY = os.path.join(os.path.dirname(HERE), "inventories", "lab", "hosts.yml")


def _args(argv):
    parser = argparse.ArgumentParser(prog="python -m lab")
    parser.add_argument("action", choices=["serve", "start", "stop"])
    parser.add_argument("--inventory", default=DEFAULT_INVENTORY)
    parser.add_argument("--port", type=int, help="serve every device on this port instead of the inventory's")
    parser.add_argument("--scale", type=int, default=0, help="add N extra IOS routers on 127.0.100.x")
    parser.add_argument("--control-port", type=int, default=9922)
    parser.add_argument("--seed-secrets", action="store_true",
                        help="seed every device with secrets the collection does not manage (lab/seeded.py)")
    return parser.parse_args(argv)


def main(argv=None):
    args = _args(argv if argv is not None else sys.argv[1:])
    if args.action == "stop":
        return stop()
    if args.action == "start":
        return start(args)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    def ready(lab, ctrl):
        print("lab ready: %d devices, control port %d" % (len(lab.devices), ctrl), flush=True)

    try:
        asyncio.run(serve(args.inventory, args.port, args.scale, args.control_port, ready, args.seed_secrets))
    except KeyboardInterrupt:
        pass
    return 0


def start(args):
    os.makedirs(RUN, exist_ok=True)
    if os.path.exists(PIDFILE):
        print("lab already running (pid file %s); `python -m lab stop` first" % PIDFILE)
        return 1
    cmd = [sys.executable, "-m", "lab", "serve", "--inventory", args.inventory, "--scale", str(args.scale),
           "--control-port", str(args.control_port)] + (["--port", str(args.port)] if args.port else []) + (
               ["--seed-secrets"] if args.seed_secrets else [])
    logfile = open(os.path.join(RUN, "lab.log"), "w")
    proc = subprocess.Popen(cmd, stdout=logfile, stderr=subprocess.STDOUT, cwd=os.path.dirname(HERE),
                            start_new_session=True)
    with open(PIDFILE, "w") as handle:
        handle.write(str(proc.pid))
    for _ in range(300):
        time.sleep(0.1)
        with open(os.path.join(RUN, "lab.log")) as handle:
            if "lab ready" in handle.read():
                print("lab started, pid %d, log %s" % (proc.pid, logfile.name))
                return 0
        if proc.poll() is not None:
            break
    os.unlink(PIDFILE)
    print("lab did not start; see %s" % logfile.name)
    return 1


def stop():
    if not os.path.exists(PIDFILE):
        print("lab not running")
        return 0
    with open(PIDFILE) as handle:
        pid = int(handle.read())
    try:
        os.kill(pid, signal.SIGTERM)
        for _ in range(50):
            os.kill(pid, 0)
            time.sleep(0.1)
    except ProcessLookupError:
        pass
    os.unlink(PIDFILE)
    print("lab stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
