"""The publishing plugin: what makes publication safe and fast for any Wagtail page type.

- ``visibility``: the one rule of what the public may see (live, not expired, not private,
  not embargoed), for pages and for the images and documents they use;
- ``scheduler``: go-live and expiry without cron (``manage.py run_scheduler``), safe to run
  from several processes;
- ``api``: the public v2 API (pages, images, documents, preview), answered from
  ``snapshots`` materialized at publication;
- ``media_embargo``: image and document files of scheduled pages for editors only;
- ``preview``: headless preview with expiring tokens;
- ``webhooks``: signed deliveries at go-live, in the background, never lost;
- ``caching``: whole answers and page fragments purged at each publication, CDN purges;
- ``prepublication``: checks run before a page is published, a registry to extend;
- ``importing``: the bookkeeping importers share;
- ``signal_handlers``: the one place where publication events reach all of the above.

Settings: ``conf`` (one ``PUBLISHING`` dict, every key with a default); ``checks`` tells a host
site what it is missing. Install: see the README's "Install the publishing plugin in your
Wagtail site", and docs/architecture.md for how the parts fit.
"""
