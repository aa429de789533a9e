"""Test helpers shared by several test packages (real X display, …)."""
