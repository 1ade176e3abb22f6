"""The version of cleaner, in one place (the manifest and the report record it)."""

__version__ = "0.1.0"
