"""The JSON API (django-ninja): screening and planning for anyone, the diary for its owner.

`api.py` builds the `NinjaAPI`; `tokens.py` and `auth.py` let programs in with a
bearer token and the browser with its session; `problems.py` turns every error
into `{"error": ..., "field": ...}` with a 4xx.
"""
