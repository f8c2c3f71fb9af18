"""bytecode layer."""
