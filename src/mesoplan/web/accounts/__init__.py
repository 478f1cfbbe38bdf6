"""Sign up, log in (throttled), log out and reset a password, with Django's auth."""
