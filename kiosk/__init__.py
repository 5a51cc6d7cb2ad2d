"""The entrance kiosk (取号机): asks the lobby manager's first question, diverts, and prints tickets."""
