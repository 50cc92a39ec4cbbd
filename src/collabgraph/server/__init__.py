"""The SPARQL 1.1 endpoint: a real Oxigraph server behind a thin, read-only front.

See :mod:`collabgraph.server.app`.
"""

from collabgraph.server.app import Endpoint, serve

__all__ = ["Endpoint", "serve"]
