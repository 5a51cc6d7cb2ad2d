"""The queue host: numbering, routing, ordering, calling, the store, the HTTP API and the event stream."""
