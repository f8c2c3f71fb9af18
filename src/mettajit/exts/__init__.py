"""Python extensions that ship with mettajit, found by ``import!`` by name as hyperon's
``hyperon/exts`` are (``!(import! &self py_ops)``)."""
