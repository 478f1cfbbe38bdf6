"""The web adapter: a Django project serving pages to home users.

Every clinical decision comes from `mesoplan.services`; the apps here only turn
forms into intake data, store records and render what the services answer.
"""
