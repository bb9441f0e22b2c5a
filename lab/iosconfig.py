"""The running-config of an IOS-style device as an ordered tree of lines, with
the rendering of `show running-config` (one-space indentation, `!` between
top-level sections, as IOS prints it)."""


class Node:
    def __init__(self, text, parent=None):
        self.text = text
        self.children = []
        self.parent = parent

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
        node = Node(raw.strip(), stack[-1][1])
        stack[-1][1].children.append(node)
        stack.append((indent, node))
    return root


def render(root, header_lines=()):
    """The body of `show running-config`: sections separated by `!`."""
    out = list(header_lines)
    for top in root.children:
        out.append(top.text)
        out.extend(" " + line for line in top.lines())
        if top.children:
            out.append("!")
    out.append("end")
    return "\n".join(out)
