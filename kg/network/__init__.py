"""The graph as a network (networkx): analysis, exports, the interactive page."""
