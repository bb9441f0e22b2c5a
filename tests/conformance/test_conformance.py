"""The lab and our parsers held to genieparser and ntc-templates (see docs/conformance.md)."""
import os

import pytest

from . import matrix, run
from .conformance_cases import CASES
from .differential_cases import DIFFERENTIALS, FIXTURES
from .judges import Rejected, parse


def rows(table, what):
    """A table a test loops over: empty, the test would pass without checking anything, so it fails.
    (An empty parametrization fails at collection too: pytest.ini empty_parameter_set_mark.)"""
    assert len(table) > 0, "%s is empty: a test looping over it proves nothing" % what
    return table


@pytest.mark.parametrize("case", rows(CASES, "CASES"), ids=[c.id for c in CASES])
def test_lab_output_conforms(case):
    ok, detail = run.conformance(case)
    if case.divergence:
        assert not ok, "known divergence gone (drop it, regenerate docs/conformance.md): " + case.divergence
        assert case.symptom in detail, "diverges in another way than recorded: " + detail
    else:
        assert ok, detail


_SAMPLES = rows([(d, s) for d in DIFFERENTIALS for s in d.samples], "differential samples")


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


_DIVERGENT = [c for c in CASES if c.divergence]


def _as_read(text, command):
    """A pasted sample as a client reads the command's output: without an echoed `prompt#command` line."""
    first, _, rest = text.partition("\n")
    return rest if first.rstrip().endswith("#" + command) or first.rstrip().endswith("# " + command) else text


@pytest.mark.parametrize("case", _DIVERGENT, ids=[c.id for c in _DIVERGENT])
def test_lab_divergence_is_seen_on_a_real_sample(case):
    """A divergence blames the independent parser only when that parser fails the same way on real output:
    the case names a real sample (tests/unit/fixtures) where the judge raises at the same text."""
    assert case.real_sample, "divergence without a real sample: " + case.id
    with open(os.path.join(FIXTURES, case.real_sample)) as handle:
        text = _as_read(handle.read(), case.command)
    with pytest.raises(Rejected) as raised:
        parse(case.judge, case.command, text)
    assert case.symptom.split(":")[0] in str(raised.value), (case.real_sample, str(raised.value))


def test_an_empty_table_fails_the_guard():
    with pytest.raises(AssertionError, match="empty: a test looping over it proves nothing"):
        rows([], "REAL")
    assert rows([1], "one row") == [1]
