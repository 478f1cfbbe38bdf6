"""The home user's own pages: the logged-in home, email reminders, and their data (export, delete)."""
