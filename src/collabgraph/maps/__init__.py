"""Maps: the view model of a map (``view``) and the self-contained HTML pages and site
(``page``).
"""
