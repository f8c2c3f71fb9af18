"""hyperon's runner-level Python API: interpret an atom in a space, type queries.

``interpret(space, atom)`` evaluates an atom with ``space`` as ``&self`` (hyperon's
low-level ``hyperon.base.interpret``); ``check_type``, ``validate_atom`` and
``get_atom_types`` answer type questions in a space. ``MeTTa``, ``RunnerState`` and
``Environment`` are in ``mettajit.runner.metta`` and ``mettajit.runner.environment``.
"""

from __future__ import annotations
