"""A Python extension reached by a module path, ``extdir:inner:nested_ext``."""

try:
    from mettajit.ext import grounded
except ImportError:  # run by hyperon (the oracle)
    from hyperon.ext import grounded


@grounded
def nested_square(x):
    return x * x
