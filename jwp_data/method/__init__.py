"""The method: assessing a matrix on a date, its timeline, comparing two programmes, and what changed
between two versions. Numbers, not words."""
