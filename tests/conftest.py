import os

from hypothesis import settings

# Property-based tests: a quick pass in `make test`; HYPOTHESIS_PROFILE=deep for a long hunt.
settings.register_profile("default", max_examples=40, deadline=None)
settings.register_profile("deep", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
