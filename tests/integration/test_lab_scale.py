"""One lab process serves 200 devices at once, each on its own address."""
import asyncio
import os

import asyncssh

from lab.topology import scale_hosts, write_inventory
from tests.integration.labrun import RunningLab


async def _show_version(host, port):
    async with asyncssh.connect(host, port, username="admin", password="admin", known_hosts=None) as conn:
        result = await conn.run("show version", check=True)
        return result.stdout


async def _all(port, hosts):
    limit = asyncio.Semaphore(50)

    async def one(spec):
        async with limit:
            return await _show_version(spec["ansible_host"], port)
    return await asyncio.gather(*(one(spec) for spec in hosts.values()))


def test_lab_serves_200_devices_at_once(tmp_path):
    empty = os.path.join(tmp_path, "empty.yml")
    write_inventory(empty, {})
    lab = RunningLab(tmp_path, inventory=empty, scale=200)
    try:
        assert len(lab.control.request("devices")) == 200
        hosts = scale_hosts(200)
        outputs = asyncio.run(_all(lab.port, hosts))
    finally:
        lab.stop()
    for name, output in zip(hosts, outputs):
        assert "%s uptime is" % name in output
        assert "Version 15.4(3)M3" in output
    assert {spec["ansible_host"] for spec in hosts.values()} >= {"127.0.100.1", "127.0.100.200"}
