"""SPARQL: stores, query preparation and parameter binding, results, the catalogue,
entity lookup and statistics. Reads the built graph; never imports curation.
"""
