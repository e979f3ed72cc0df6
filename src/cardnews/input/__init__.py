"""Parse, at the edge: case files (summary text or YAML), brand kits and pictures become the typed model."""
