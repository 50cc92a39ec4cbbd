"""Curation and build: annotation, registry and reference files to a validated RDF graph.

Data flows one way: ``yamlfile`` reads, ``registry``/``sources``/``facts``/``annotations``/
``reference`` check and model, ``compile`` makes RDF, ``validate`` checks it, ``build`` writes it.
"""
