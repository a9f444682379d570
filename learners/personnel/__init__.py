"""The portable personnel file: what goes into it, building it, releasing it, downloading it."""
