"""Code shape: no function or method in plugins/ is longer than 60 lines.

The house standard asks for small functions; this walks every .py file under
plugins/ with ``ast`` and lists every function (docstring included) whose
span ``end_lineno - lineno + 1`` is over the limit.
"""
import ast
import pathlib

MAX_LINES = 60
ROOT = pathlib.Path(__file__).resolve().parents[2]
PLUGINS = ROOT / 'plugins'


def long_functions(source, name, limit=MAX_LINES):
    """Return ``'name:line qualname (N lines)'`` for each function over limit."""
    tree = ast.parse(source, filename=name)
    found = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                qual = prefix + child.name
                if not isinstance(child, ast.ClassDef):
                    length = child.end_lineno - child.lineno + 1
                    if length > limit:
                        found.append('%s:%d %s (%d lines)' % (name, child.lineno, qual, length))
                visit(child, qual + '.')
            else:
                visit(child, prefix)

    visit(tree, '')
    return found


def test_checker_finds_a_long_function():
    body = ''.join('    x%d = %d\n' % (i, i) for i in range(MAX_LINES))
    source = 'class K:\n    def short(self):\n        return 1\n\n    def long(self):\n' + body.replace('    ', '        ')
    assert long_functions(source, 'k.py') == ['k.py:5 K.long (%d lines)' % (MAX_LINES + 1)]
    assert long_functions('def f():\n' + body[:-len(body.splitlines(True)[-1])], 'f.py') == []


def test_plugins_directory_exists():
    assert list(PLUGINS.rglob('*.py')), 'no Python files under %s' % PLUGINS


def test_no_function_in_plugins_is_longer_than_limit(limit=MAX_LINES):
    offenders = []
    for path in sorted(PLUGINS.rglob('*.py')):
        rel = str(path.relative_to(ROOT))
        offenders.extend(long_functions(path.read_text(encoding='utf-8'), rel, limit))
    assert not offenders, 'functions over %d lines:\n%s' % (limit, '\n'.join(offenders))
