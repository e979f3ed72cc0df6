"""Render: laid-out cards become pixels and encoded files; nothing is measured here."""
