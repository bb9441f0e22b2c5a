"""The lab and our parsers held to genieparser and ntc-templates (see docs/conformance.md)."""
import pytest

from . import matrix, real_formats, run
from .conformance_cases import CASES, REJECTS_REAL
from .differential_cases import DIFFERENTIALS
from .lab_cli import lab_cli


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_lab_output_conforms(case):
    ok, detail = run.conformance(case)
    if case.divergence:
        assert not ok, "known divergence gone (drop it, regenerate docs/conformance.md): " + case.divergence
        assert case.symptom in detail, "diverges in another way than recorded: " + detail
    else:
        assert ok, detail


_SAMPLES = [(d, s) for d in DIFFERENTIALS for s in d.samples]


@pytest.mark.parametrize("diff,sample", _SAMPLES, ids=["%s|%s" % (d.id, s.name) for d, s in _SAMPLES])
def test_our_parser_agrees(diff, sample):
    ok, detail = run.differential(diff, sample)
    known = diff.divergences.get(sample.name)
    if known:
        assert not ok, "known divergence gone (drop it, regenerate docs/conformance.md): " + known[1]
        assert known[0] in detail, "diverges in another way than recorded: " + detail
    else:
        assert ok, detail


def test_every_public_parser_is_compared_or_has_no_counterpart():
    """A new parse filter fails here until it gets a differential or a reason why none exists."""
    from .differential_cases import FILTERS, NO_COUNTERPART
    parsers = {name for name in FILTERS if name.startswith("parse_") or name.endswith("_parse")}
    compared = {d.filter for d in DIFFERENTIALS}
    explained = {name.split()[0] for name in NO_COUNTERPART}
    aliases = {name for name in parsers if any(FILTERS[name] is FILTERS[c] for c in compared)}
    assert parsers == compared | explained | aliases, parsers ^ (compared | explained | aliases)


def test_matrix_is_current():
    with open(matrix.DOC) as handle:
        committed = handle.read()
    assert committed == matrix.render(), "docs/conformance.md is stale: run .venv/bin/python -m tests.conformance.matrix"


def test_recorded_lab_findings_pass_on_the_real_layout():
    """The lab's state written in the public sample's layout passes the same judge and check: the
    finding is the lab's format, and a fix in that layout will turn the case green. (One test over
    all findings: none are open now, and an empty parametrization would show as a skip.)"""
    for case in [c for c in CASES if (c.command, c.judge) in real_formats.REAL]:
        ok, detail = run.conformance(case, real_formats.REAL[case.command, case.judge](lab_cli(), case.host))
        if REJECTS_REAL in case.divergence:
            assert not ok and "Error" in detail, (case.id, detail)   # the judge's own gap, in the differential rows
        else:
            assert ok, (case.id, detail)


def test_every_lab_finding_has_a_real_layout():
    owned_by_lab = {(c.command, c.judge) for c in CASES if c.divergence and "Owner:" in c.divergence}
    assert owned_by_lab == set(real_formats.REAL)
