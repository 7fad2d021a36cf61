"""Authored content packs (the flagship is ``product``: the PM role family).

Import from the submodules; this package imports nothing at load time so that the CLI
stays fast::

    from careerpivot.packs.loader import load_pack
    pack = load_pack("product")
"""
