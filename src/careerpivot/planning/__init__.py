"""Pure planning over models: break-in routes, plans and resource recommendations.

Nothing here reads files, the network or a database: adapters (the pack loaders, the store)
hand models in. Import from the submodules, e.g.
``from careerpivot.planning.resources import recommend_resources``.
"""
