"""Development tools: the demo academy, the regional-scale seed and the benchmarks.

Installed by the local and test settings only; production neither installs nor imports it, and
no product app imports it.
"""
