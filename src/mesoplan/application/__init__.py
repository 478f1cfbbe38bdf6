"""The application layer: use cases that read or write state, between the pure core and the adapters.

Pages, the JSON API and the CLI call these; storage sits behind the small interfaces in
`ports` (Django implementations in `mesoplan.web`, in-memory ones in the unit tests). The
stateless use cases (parse, screen, plan an intake) are in `mesoplan.services`.
"""
