"""interpreter layer."""
