"""The groups entities fall into in networks and maps: a module of its own, so the command
line's options read them without importing the vocabulary (and rdflib with it)."""

from __future__ import annotations

__all__ = ["ENTITY_GROUPS"]

ENTITY_GROUPS = ("organisation", "network", "initiative", "place", "person", "other")
"""The kinds entities are grouped into in networks and maps (``other``: anything else)."""
