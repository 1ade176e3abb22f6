"""Adapters that run cleaner inside other tools' pipelines (each needs its tool installed)."""
