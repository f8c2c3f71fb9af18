"""jit layer."""
