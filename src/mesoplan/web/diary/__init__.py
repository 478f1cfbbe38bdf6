"""The diary of a person with an account: sessions, devices, reactions, photos, and the alerts found in them."""
