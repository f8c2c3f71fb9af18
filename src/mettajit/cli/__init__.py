"""The command line: ``main`` (argument parsing and the error policy), ``repl`` (the
interactive session), ``bench`` (whole-program benchmarks) and ``compare`` (judging result
lines against golden ones, shared with the conformance tests)."""
