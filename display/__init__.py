"""The lobby display: calls, voice, recalls and the missed list, live from the queue host."""
