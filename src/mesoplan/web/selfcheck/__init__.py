"""The self-check: a form that builds the contract's intake, and the answer the services give."""
