"""Drafting: documents in (.txt, .html, .pdf), draft facts and proposed entities out.

Layers inside: :mod:`.documents` reads files, :mod:`.text` splits a page into sentences and
list items, :mod:`.places` and :mod:`.mentions` find names, :mod:`.quantities` reads amounts,
counts and dates, :mod:`.rules` turns cue phrases into facts, :mod:`.extractor` is the
pluggable interface, :mod:`.drafts` writes drafts into the project's files and applies
review decisions, and :mod:`.evaluation` measures facts against gold facts.
"""
