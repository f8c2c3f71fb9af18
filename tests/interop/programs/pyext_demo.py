"""A Python extension of the tests' own, which ``py_extension.metta`` imports with
``!(import! &self pyext_demo)``. The same file is run by hyperon 0.2.10 for the expected
output, hence the fallback import."""

try:
    from mettajit.atoms import E, OperationAtom, ValueAtom
    from mettajit.ext import grounded, register_atoms, register_tokens
except ImportError:  # run by hyperon (the oracle)
    from hyperon.atoms import E, OperationAtom, ValueAtom
    from hyperon.ext import grounded, register_atoms, register_tokens


class Counter:
    """Some state in Python: each bump is an effect that must run once per call."""

    def __init__(self, start=0):
        self.n = start

    def bump(self, by=1):
        self.n += by
        return self.n


counter = Counter()


@register_atoms
def demo_atoms():
    return {
        "&table": ValueAtom({"a": 1, "b": 2}),
        "lookup": OperationAtom("lookup", lambda d, k: d[k]),
        "bump!": OperationAtom("bump!", counter.bump),
        "scale": OperationAtom("scale", lambda x, f: x * f, ["Number", "Number", "Number"]),
        "swap": OperationAtom("swap", lambda a, b: [E(b, a)], unwrap=False),
    }


@register_tokens
def demo_tokens():
    return {r"pct-\d+": lambda token: ValueAtom(int(token[4:]) / 100)}


@grounded
def triple(x):
    return x * 3
