"""Registries bootstrapped from other datasets."""
