"""The demo academy, one module per product app (devtools.stories.academy.seed_demo runs them all)."""
