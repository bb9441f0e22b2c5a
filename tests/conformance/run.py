"""Runs one conformance case or differential sample and says how it went (used by the tests and
by the matrix generator, so docs/conformance.md shows exactly what the tests check)."""
from .judges import Rejected, parse
from .lab_cli import lab_cli


def conformance(case, text=None):
    """-> (ok, detail): the judge parsed the lab's output (or `text`) and the fields equal the lab's state."""
    lab = lab_cli()
    if text is None:
        text = lab.run(case.host, case.command)
    try:
        parsed = parse(case.judge, case.command, text)
    except Rejected as exc:
        return False, str(exc)
    try:
        case.check(parsed, lab)
    except (AssertionError, KeyError, ValueError, TypeError) as exc:
        return False, "parsed, but differs from the lab's state: %s: %s" % (type(exc).__name__, exc)
    return True, ""


def differential(diff, sample):
    """-> (ok, detail): our filter and the judge agree on the common fields of the sample."""
    text = sample.text()
    ours = diff.ours(text)
    try:
        theirs = diff.theirs(parse(diff.judge, diff.command, text))
    except Rejected as exc:
        return False, str(exc)
    except (KeyError, TypeError, ValueError) as exc:
        return False, "%s: unexpected structure: %s: %s" % (diff.judge, type(exc).__name__, exc)
    if ours != theirs:
        return False, "ours %r != %s %r" % (ours, diff.judge, theirs)
    if not ours and not sample.may_be_empty:
        return False, "both empty: the sample proves nothing"
    return True, ""
