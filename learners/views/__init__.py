"""The learner pages, one module per subject; learners/urls.py maps them."""
