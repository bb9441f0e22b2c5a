"""The lab and our parsers held to genieparser and ntc-templates (see docs/conformance.md)."""
import pytest

from . import matrix, run
from .conformance_cases import CASES
from .differential_cases import DIFFERENTIALS


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


def test_every_public_parser_with_a_counterpart_is_covered():
    covered = {d.filter for d in DIFFERENTIALS}
    assert {"parse_isakmp_sa", "parse_ios_crypto_ipsec_sa", "parse_pki_certificates",
            "parse_c9800_join_summary", "parse_capwap_log"} <= covered


def test_matrix_is_current():
    with open(matrix.DOC) as handle:
        committed = handle.read()
    assert committed == matrix.render(), "docs/conformance.md is stale: run .venv/bin/python -m tests.conformance.matrix"
