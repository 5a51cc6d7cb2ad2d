"""The panel's calm colours: one blue for ordinary actions, amber for attention, muted red for the final."""
BLUE = (0.13, 0.38, 0.58, 1)
TEAL = (0.10, 0.50, 0.45, 1)
AMBER = (0.80, 0.52, 0.10, 1)
RED = (0.68, 0.20, 0.18, 1)
GREY = (0.45, 0.48, 0.52, 1)
INK = (0.10, 0.14, 0.20, 1)
