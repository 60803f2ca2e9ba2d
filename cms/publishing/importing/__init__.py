"""Import bookkeeping that every importer shares.

- ``records``: a ``FileResult`` per source, the run's ``Report``, publishing a revision just
  made; ``ImportRecord`` (``cms.publishing.models``) keys each source to its page, so that a
  second run updates that page or leaves it alone;
- ``indexing``: search and reference indexing, API snapshots and cached answers handled once,
  at the end of a run (``deferred_indexing``);
- ``media``: files a source names, made into Wagtail images and documents, deduplicated;
- ``values``: dates and JSON-storable values read from sources;
- ``command``: the base of import commands, and ``panels``: what editors see of an import.
"""
