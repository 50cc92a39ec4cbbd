"""Network analysis: projections of the graph into networkx (``projection``), the
questions they answer (``analyses``) and files for other tools (``exports``).
"""
