"""The pure core: model, playbook policy, business calendar and planner.

Nothing in this package does I/O or reads the clock; ``now`` is always a parameter.
"""
