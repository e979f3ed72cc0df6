"""Package: the post text, alt text, manifest and zip a team uploads, and the atomic writer."""
