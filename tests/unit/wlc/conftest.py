"""Fixture loader for the WLC MIC tests (real-format samples, see fixtures/wlc/SOURCES.md)."""
import os

import pytest

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures", "wlc")


def load(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return handle.read()


@pytest.fixture
def fixture_text():
    return load
