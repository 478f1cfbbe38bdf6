"""Exporters: each takes core values (a plan and the knowledge base) and returns bytes.

The CLI writes the bytes to files; the web app serves them. Nothing clinical is
decided here: the plan already holds every date and text.
"""
