"""The reliability lab: a branch built from Linux network namespaces, run through a compressed morning with faults."""
