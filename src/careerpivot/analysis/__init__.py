"""Pure analysis over models: transitions, competencies, gaps, fit, opportunity cost.

Nothing here reads files, the network or a database: adapters hand models in.
"""
