"""What a person keeps: saved checks and plans, and the diary. Models, migrations and the mapping to core values."""
