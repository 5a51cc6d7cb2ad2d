"""The counter screen (窗口评价屏): faces the customer at one window; shows who serves them and asks for a rating."""
