"""Each live page's API representation, materialized when it is published.

Serializing a page (StreamField blocks, renditions, relations) is what bounds the API, not SQL.
So when a page goes live, its whole API representation is stored as JSON text beside its live
revision (``APISnapshot``); the API then picks the asked fields out of the stored JSON instead
of serializing pages.

- ``build``: the representation at publication, in a background task;
- ``store``: which snapshots may be served, and the answer picked out of one;
- ``invalidation``: which snapshots a change makes stale (dropped at once, rebuilt later).

Stored JSON is never served stale: a snapshot serves only while its revision is the page's
live revision and it was built with the current settings (``store.signature``), else the page
is serialized as before.
"""
