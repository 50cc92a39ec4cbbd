"""Drafting: documents in (.txt, .html, .pdf), draft facts and proposed entities out.

Layers inside: :mod:`.documents` reads files, :mod:`.text` splits a page into sentences and
list items, :mod:`.places` holds place lists and :mod:`.name_finder` finds names (with
:mod:`.new_names`, :mod:`.people`, :mod:`.place_mentions`, :mod:`.publisher_names` and
:mod:`.coreference`; :mod:`.mentions` is what they produce), :mod:`.quantities` reads
amounts, counts and dates, :mod:`.rules` turns cue phrases into facts, :mod:`.extractor` is
the pluggable interface, :mod:`.drafts` adds documents and writes drafts into the project's
files, :mod:`.review` applies review decisions, and :mod:`.evaluation` measures facts
against gold facts.
"""
