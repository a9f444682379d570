"""Writes for the learner pipeline, one module per subject. Import from the module itself."""
