"""A minimal Wagtail site that installs the publishing plugin as its README says, with one page
type of its own and none of this project's apps: the plugin's behaviour is tested on it.

Its settings are its own (``tests.host_site.settings``), so its tests run in a pytest of their
own: ``pytest --ds tests.host_site.settings tests/host_site`` (the Makefile's test targets).
"""
