"""Integration fixtures: one device lab per test session (per xdist worker)."""
import pytest

from tests.integration.labrun import RunningLab


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    running = RunningLab(tmp_path_factory.mktemp("lab"))
    yield running
    running.stop()


@pytest.fixture
def fresh(lab):
    """Reset named devices to their initial state: `fresh("hq-rtr", "edge-asa")`."""
    def reset(*devices):
        for device in devices:
            lab.control.reset(device)
            lab.control.request("clear_log", device=device)
        return lab
    return reset
