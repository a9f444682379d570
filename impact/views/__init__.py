"""The impact pages: figures and evidence (figures), printable reports (reports), surveys (surveys)."""
