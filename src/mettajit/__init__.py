"""mettajit: a MeTTa runtime in three tiers (tree-walker, bytecode VM, llvmlite JIT)."""

__version__ = "0.1.0"
