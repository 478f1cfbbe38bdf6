"""The one outbox for every message mesoplan sends (decisions item 2).

Queue a message with `mesoplan.web.outbox.queueing.queue` (or `reschedule` for a set that replaces
the earlier one); the worker (`mesoplan worker`) sends what is due. See docs/outbox.md.
"""
