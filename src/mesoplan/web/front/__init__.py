"""Pages every visitor sees (home, glossary, sources) and what the other apps share: base template, styles, zone map."""
