"""Import the programme's Jekyll Markdown corpus into Wagtail pages, and export it back.

- ``source``: reads a file (encoding, front matter) and normalises its front matter keys;
- ``kramdown``: turns Markdown with kramdown attribute lists into body blocks;
- ``plaintext``: does the same for text extracted from PDFs;
- ``adapters``: resolves a file's blocks and links (``/uploads/...`` files made Wagtail images
  and documents by ``cms.publishing.importing.media``), and fills a page of each type from it;
- ``importer``: writes pages, one transaction per file, and reports what it did (with the
  bookkeeping every importer shares: ``cms.publishing.importing``);
- ``exporter``: writes pages back as front matter and Markdown in the same conventions.
"""
