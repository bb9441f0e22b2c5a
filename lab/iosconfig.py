"""The running-config of an IOS-style device as an ordered tree of lines, with
the rendering of `show running-config` (one-space indentation, `!` between
top-level sections, as IOS prints it).

Entries of named ACLs carry their sequence number (`seq`): IOS numbers them 10, 20, ...
whether or not the release prints the numbers (IOS-XE 16/17 do, IOS 15 does not)."""
import re


class Node:
    def __init__(self, text, parent=None, seq=None):
        self.text = text
        self.children = []
        self.parent = parent
        self.seq = seq

    def add_entry(self, text, seq=None):
        """An ACL entry at `seq` (in order) or after the last one (+10); an entry equal to an
        existing one is not added twice, as on IOS."""
        for child in self.children:
            if child.text == text:
                return child
        last = max([c.seq for c in self.children if c.seq is not None] or [0])
        seq = int(seq) if seq is not None else last + 10
        node = Node(text, self, seq)
        self.children = [c for c in self.children if c.seq != seq]
        at = next((i for i, c in enumerate(self.children) if c.seq is not None and c.seq > seq), len(self.children))
        self.children.insert(at, node)
        return node

    def find(self, text):
        for child in self.children:
            if child.text == text:
                return child
        return None

    def find_prefix(self, prefix):
        return [c for c in self.children if c.text == prefix or c.text.startswith(prefix + " ")]

    def child(self, text, replace=None, before=None):
        """Add ``text`` (or return it if present). ``replace``: a prefix; an
        existing line starting with it is replaced in place, as IOS does for
        single-valued settings (`hostname`, `set transform-set`)."""
        node = self.find(text)
        if node:
            return node
        if replace:
            for i, old in enumerate(self.children):
                if old.text == replace or old.text.startswith(replace + " "):
                    node = Node(text, self)
                    node.children = old.children
                    self.children[i] = node
                    return node
        node = Node(text, self)
        if before:
            for i, old in enumerate(self.children):
                if old.text.startswith(before):
                    self.children.insert(i, node)
                    return node
        self.children.append(node)
        return node

    def remove(self, text):
        """`no <text>`: drop lines equal to text or starting with it. Returns count."""
        keep = [c for c in self.children if not (c.text == text or c.text.startswith(text + " "))]
        removed = len(self.children) - len(keep)
        self.children = keep
        return removed

    def lines(self, depth=0):
        for child in self.children:
            yield " " * depth + child.text
            yield from child.lines(depth + 1)


def parse(text):
    """Build a tree from indented config text (for the initial configs)."""
    root = Node("")
    stack = [(-1, root)]
    for raw in text.splitlines():
        if not raw.strip() or raw.strip() == "!":
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        while stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1]
        m = re.match(r"^(?:(\d+) )?((?:permit|deny)\s.*)$", raw.strip())
        if parent.text.startswith("ip access-list extended ") and m:
            node = parent.add_entry(" ".join(m.group(2).split()), m.group(1))
        else:
            node = Node(raw.strip(), parent)
            parent.children.append(node)
        stack.append((indent, node))
    return root


def acl_entry_text(node, numbered):
    """An ACL entry as IOS prints it: `deny` padded to the width of `permit`, the sequence number
    first on IOS-XE 16/17."""
    text = re.sub(r"^deny ", "deny   ", node.text)
    return "%d %s" % (node.seq, text) if numbered and node.seq is not None else text


def render(root, header_lines=(), line_format=None):
    """The body of `show running-config`: sections separated by `!`. `line_format(node, text)`
    may rewrite a line as the release prints it (keys, ACL entries)."""
    fmt = line_format or (lambda node, text: text)

    def walk(node, depth):
        for child in node.children:
            yield " " * depth + fmt(child, child.text)
            yield from walk(child, depth + 1)

    out = list(header_lines)
    for top in root.children:
        out.append(fmt(top, top.text))
        out.extend(walk(top, 1))
        if top.children:
            out.append("!")
    out.append("end")
    return "\n".join(out)
