"""Cisco-style command grammar: keyword abbreviation, argument types, and the
error a real device prints when a line does not parse.

A pattern is a string of tokens:  ``crypto isakmp policy <1-10000>``.
  word          a keyword; any unambiguous prefix is accepted (``sh run``)
  <word>        any single token          <line>   the rest of the line
  <ip>          dotted IPv4 address        <1-N>    integer in a range
  {a|b|c}       one keyword of a set       [x]      optional token (keyword or <type>)
"""
import re
from dataclasses import dataclass, field

_IPV4 = re.compile(r"^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$")


@dataclass
class Token:
    kind: str                 # "kw", "arg", "line"
    words: tuple = ()         # keywords for "kw"
    arg: str = ""             # argument type for "arg"
    optional: bool = False

    def accepts(self, text):
        """Return the keyword matched (or text for args), or None."""
        if self.kind == "kw":
            low = text.lower()
            for word in self.words:
                if word.lower() == low:
                    return word
            hits = [w for w in self.words if w.lower().startswith(low)]
            return hits[0] if len(hits) == 1 else None
        if self.arg == "ip":
            return text if _IPV4.match(text) else None
        if "-" in self.arg and self.arg.replace("-", "").isdigit():
            low, high = (int(x) for x in self.arg.split("-"))
            return text if text.isdigit() and low <= int(text) <= high else None
        return text

    def prefixes(self, text):
        """Keywords this token could expand ``text`` into (for ambiguity)."""
        if self.kind != "kw":
            return []
        return [w for w in self.words if w.lower().startswith(text.lower())]


def _parse_pattern(pattern):
    tokens = []
    for raw in pattern.split():
        optional = raw.startswith("[") and raw.endswith("]")
        if optional:
            raw = raw[1:-1]
        if raw == "<line>":
            tokens.append(Token("line", optional=optional))
        elif raw.startswith("<"):
            tokens.append(Token("arg", arg=raw[1:-1], optional=optional))
        elif raw.startswith("{"):
            tokens.append(Token("kw", words=tuple(raw[1:-1].split("|")), optional=optional))
        else:
            tokens.append(Token("kw", words=(raw,), optional=optional))
    return tokens


@dataclass
class Rule:
    pattern: str
    handler: object
    tokens: list = field(default_factory=list)

    def __post_init__(self):
        self.tokens = _parse_pattern(self.pattern)


@dataclass
class Match:
    rule: Rule
    words: list        # the input tokens, keywords expanded to their full form
    args: list         # the argument values, in order


class ParseError(Exception):
    """kind: invalid | incomplete | ambiguous; column: offset in the line of the fault."""

    def __init__(self, kind, column=0, text=""):
        super().__init__(kind)
        self.kind, self.column, self.text = kind, column, text


def _match_rule(rule, words):
    """Return (Match or None, furthest input index accepted, needs_more, ambiguous_at)."""
    out, args = [], []
    i = 0
    for tok in rule.tokens:
        if tok.kind == "line":
            rest = words[i:]
            if not rest and not tok.optional:
                return None, i, True, None
            out.extend(rest)
            args.append(" ".join(rest))
            i = len(words)
            continue
        if i >= len(words):
            if tok.optional:
                continue
            return None, i, True, None
        hit = tok.accepts(words[i])
        if hit is None:
            if tok.kind == "kw" and len(tok.prefixes(words[i])) > 1:
                return None, i, False, i
            if tok.optional:
                continue
            return None, i, False, None
        out.append(hit)
        if tok.kind == "arg":
            args.append(hit)
        i += 1
    if i < len(words):
        return None, i, False, None
    return Match(rule, out, args), i, False, None


def parse(rules, line):
    """Match ``line`` against ``rules``; return a Match or raise ParseError."""
    words = line.split()
    offsets = [m.start() for m in re.finditer(r"\S+", line)]
    if words:  # IOS refuses a first keyword that abbreviates two commands
        first = {w for r in rules if r.tokens and r.tokens[0].kind == "kw" for w in r.tokens[0].words}
        if words[0].lower() not in {w.lower() for w in first}:
            if len({w for w in first if w.lower().startswith(words[0].lower())}) > 1:
                raise ParseError("ambiguous", offsets[0], words[0])
    furthest, incomplete, ambiguous = -1, False, None
    for rule in rules:
        match, reached, needs_more, amb = _match_rule(rule, words)
        if match:
            return match
        if reached > furthest:
            furthest, incomplete, ambiguous = reached, needs_more, amb
        elif reached == furthest:
            incomplete = incomplete or needs_more
            ambiguous = ambiguous if ambiguous is not None else amb
    if ambiguous is not None:
        raise ParseError("ambiguous", offsets[ambiguous], words[ambiguous])
    if incomplete and furthest >= len(words):
        raise ParseError("incomplete", len(line))
    column = offsets[furthest] if 0 <= furthest < len(offsets) else len(line)
    raise ParseError("invalid", column)
