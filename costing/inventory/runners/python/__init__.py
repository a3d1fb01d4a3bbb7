"""The Python runner (costing_runner.py) and its two siblings, run by path by the project's interpreter."""
