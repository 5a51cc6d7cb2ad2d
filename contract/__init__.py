"""The contract between the queue host and its apps: typed models of every answer and event, one per audience.

Imports pydantic only. The host builds plain data and `shape` keeps, for each audience, exactly the fields
its model declares; the apps read the same models. A field no model declares for an audience never leaves
the host for it.
"""
from contract.shape import shape  # noqa: F401
