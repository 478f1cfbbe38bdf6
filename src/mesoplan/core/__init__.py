"""The pure core: no I/O, no clock, no Django, no CLI. Values in, values out."""
